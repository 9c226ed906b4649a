import Testing
import KiteDomain
import KiteTerminal
@testable import KiteUI

@Suite struct BarAndDialogTests {
    init() { useUTF8Locale() }

    @Test func hintBarDropsWhatDoesNotFit() {
        let bar = HintBar([Hint("F2", "Сохранить"), Hint("Esc", "Назад"), Hint("F9", "Печать договора")])
        #expect(bar.text(width: 80) == "F2 Сохранить  Esc Назад  F9 Печать договора")
        #expect(bar.text(width: 30) == "F2 Сохранить  Esc Назад")
        #expect(bar.text(width: 23) == "F2 Сохранить  Esc Назад")
        #expect(bar.text(width: 22) == "F2 Сохранить")
        #expect(bar.text(width: 5) == "")
        let surface = MemorySurface(rows: 1, columns: 25)
        bar.draw(on: surface, row: 0)
        #expect(surface.line(0) == "F2 Сохранить  Esc Назад")
        #expect(surface.styleAt(row: 0, column: 0).role == .hintKey)
        #expect(surface.styleAt(row: 0, column: 3).role == .hint)
        #expect(surface.styleAt(row: 0, column: 24).role == .hint)
    }

    @Test func confirmDialogKeysAndDrawing() {
        let dialog = ConfirmDialog(question: "Отменить сделку № 1024? Резерв автомобиля будет снят.", title: "Отмена сделки")
        #expect(dialog.handle(.enter) == .cancelled)          // "No" is the default
        #expect(dialog.handle(.right) == nil)
        #expect(dialog.yesSelected)
        #expect(dialog.handle(.enter) == .confirmed)
        #expect(dialog.handle(.character("д")) == .confirmed)
        #expect(dialog.handle(.character("Y")) == .confirmed)
        #expect(dialog.handle(.character("т")) == .cancelled)
        #expect(dialog.handle(.escape) == .cancelled)
        #expect(dialog.handle(.character("x")) == nil)

        let surface = MemorySurface(rows: 9, columns: 60)
        let fresh = ConfirmDialog(question: "Отменить сделку № 1024? Резерв автомобиля будет снят.", title: "Отмена сделки")
        fresh.draw(on: surface)
        expectScreen(surface, screen(rows: 9, """


         ┌ Отмена сделки ────────────────────────────────────────┐
         │ Отменить сделку № 1024? Резерв автомобиля будет снят. │
         │                                                       │
         │                     [Да]   [Нет]                      │
         └───────────────────────────────────────────────────────┘
        """))
        let english = ConfirmDialog(question: "Quit?", language: .en)
        #expect(english.yesLabel == "[Yes]" && english.noLabel == "[No]")
    }

    /// Issue 10 item 23: the hint bar said «Enter Да» while [Нет] was highlighted, so Enter cancelled.
    @Test func confirmHintsSayWhatEnterDoesNow() {
        let dialog = ConfirmDialog(question: "Закрыть без сохранения?")
        #expect(HintBar(dialog.hints).text(width: 80) == "Enter Нет  ←→ Выбор  Y/Д Да  N/Т Нет  Esc Нет")
        #expect(dialog.handle(.enter) == .cancelled)
        dialog.handle(.left)
        #expect(dialog.hints.first == Hint("Enter", "Да"))
        #expect(dialog.handle(.enter) == .confirmed)
        let box = MessageBox(.error, message: "Нельзя", language: .en)
        #expect(HintBar(box.hints).text(width: 80) == "Enter Close  Esc Close")
        #expect(box.handle(.enter) && box.handle(.escape))
    }

    @Test func commandLineCompletesTheCommonPrefix() {
        let line = CommandLineView(candidates: ["stock.filter", "stock.find", "stock.open", "deal.new", "quit"])
        #expect(line.handle(.character("s")) == nil)
        #expect(line.handle(.tab) == nil)
        #expect(line.text == "stock.")
        #expect(line.shownCandidates == ["stock.filter", "stock.find", "stock.open"])
        line.handle(.character("f"))
        #expect(line.shownCandidates.isEmpty)
        line.handle(.tab)
        #expect(line.text == "stock.fi")
        #expect(line.shownCandidates == ["stock.filter", "stock.find"])
        line.handle(.character("l"))
        line.handle(.tab)
        #expect(line.text == "stock.filter")
        let surface = MemorySurface(rows: 2, columns: 30)
        line.draw(on: surface, row: 1)
        #expect(surface.text() == "\n:stock.filter")
        #expect(surface.cursor == CellPosition(row: 1, column: 13))
        #expect(line.handle(.enter) == .submit("stock.filter"))
        line.reset()
        #expect(line.handle(.escape) == .cancel)
    }

    @Test func statusBarShowsConnection() {
        let surface = MemorySurface(rows: 1, columns: 60)
        StatusBar(user: "Петров А.", dealership: "КАЙТ Север", message: "Сохранено", connection: .offline, language: .ru)
            .draw(on: surface, row: 0)
        #expect(surface.line(0).hasSuffix("○ нет связи"))
        #expect(surface.line(0).hasPrefix(" Петров А. · КАЙТ С…"))
        #expect(surface.line(0).contains("Сохранено"))
    }

    @Test func helpOverlayListsAndScrolls() {
        let help = HelpOverlay(groups: [
            HelpGroup("Везде", [HelpEntry("F1", "Справка"), HelpEntry("F10", "Выход"), HelpEntry(":", "Командная строка")]),
            HelpGroup("Склад", (1...20).map { HelpEntry("C-\($0)", "Команда \($0)") }),
        ])
        let surface = MemorySurface(rows: 12, columns: 50)
        help.draw(on: surface)
        let text = surface.text()
        #expect(text.contains("┌ Клавиши ─"))
        #expect(text.contains("  F1    Справка"))
        #expect(text.contains("Esc — закрыть"))
        help.handle(.end)
        help.draw(on: surface)
        #expect(surface.text().contains("C-20  Команда 20"))
    }

    @Test func minimumSizeMessage() {
        let surface = MemorySurface(rows: 10, columns: 60)
        #expect(!MinimumSize.isSatisfied(by: surface))
        MinimumSize.draw(on: surface, language: .ru)
        #expect(surface.text().contains("Окно слишком мало: нужно не меньше 80×24"))
        #expect(surface.text().contains("Сейчас: 60×10"))
        #expect(MinimumSize.message(.en) == "The window is too small: at least 80×24 is needed")
    }

    @Test func messageBoxAndToast() {
        let surface = MemorySurface(rows: 8, columns: 40)
        let box = MessageBox(.error, message: "Нет связи с базой данных", language: .ru)
        box.draw(on: surface)
        #expect(surface.text().contains("┌ Ошибка ─"))
        #expect(surface.text().contains("Нет связи с базой данных"))
        #expect(box.handle(.enter) && !box.handle(.character("q")))
        Toast("Сохранено").draw(on: surface, row: 7)
        #expect(surface.line(7).hasSuffix(" Сохранено"))
    }
}
