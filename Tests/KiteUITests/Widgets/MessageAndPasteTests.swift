import Testing
import KiteDomain
import KiteTerminal
@testable import KiteUI

/// Issue 10, items 6 and 21: pastes land in a field as text, and every message is read whole.
@Suite struct MessageAndPasteTests {
    init() { useUTF8Locale() }

    @Test func pasteIsTextForOneLineFields() {
        let editor = LineEditor(maxLength: 40)
        var cuts: [PasteCut] = []
        editor.onPasteCut = { cuts.append($0) }
        // A newline does not leave the field, a BEL and an escape sequence are dropped, tabs are spaces.
        editor.handle(.paste("Иванов\nПётр\u{7}\u{1b}[2J\tСергеевич\n"))
        #expect(editor.text == "Иванов Пётр Сергеевич")
        #expect(cuts.isEmpty)
    }

    @Test func aCutAtTheMaximumIsSaid() {
        let editor = LineEditor(maxLength: 17)
        editor.transform = { Character($0.uppercased()) }
        var cuts: [PasteCut] = []
        editor.onPasteCut = { cuts.append($0) }
        editor.handle(.paste(String(repeating: "x", count: 10_000)))
        #expect(editor.text == String(repeating: "X", count: 17))
        #expect(cuts == [PasteCut(kept: 17, total: 10_000, limit: 17)])
        #expect(cuts[0].message(field: "VIN", language: .ru)
            == "Вставлено знаков: 17 из 10000 — в поле «VIN» помещается не больше 17")

        // A form names the field it cut.
        let form = FormView(sections: [FormSection(id: "main", fields: [
            FormField(bind: "vin", label: "VIN", kind: .vin),
        ])])
        var said: [String] = []
        form.onPasteCut = { said.append($0) }
        form.handle(.paste("XTA21099012345678 and more"))
        #expect(form.value("vin") == "XTA21099012345678")
        #expect(said == ["Вставлено знаков: 17 из 26 — в поле «VIN» помещается не больше 17"])
    }

    /// At 80 columns an error was cut in the middle of the status bar ("…в формате +7XXXXXXXXXX или").
    @Test func aLongStatusMessageIsWrappedNotCut() {
        let message = "Телефон: введите номер в формате +7XXXXXXXXXX или 8XXXXXXXXXX; поля, отмеченные красным, нужно исправить перед сохранением"
        let bar = StatusBar(user: "Сидорова А. В.", dealership: "MSK", message: message, messageRole: .error)
        #expect(bar.height(width: 80) == 2)
        let surface = MemorySurface(rows: 2, columns: 80)
        bar.draw(on: surface, row: 0)
        let shown = surface.line(0) + " " + surface.line(1)
        for word in message.split(separator: " ") { #expect(shown.contains(word)) }
        #expect(shown.contains("8XXXXXXXXXX;") && shown.contains("сохранением"))
        #expect(surface.line(1).hasSuffix("● в сети"))
        // A short message keeps one row, between the user and the connection.
        let short = StatusBar(user: "Сидорова А. В.", dealership: "MSK", message: "Сохранено")
        #expect(short.height(width: 80) == 1)
    }

    /// Cyrillic letters in a VIN were listed as позиция 3, 2, 1.
    @Test func fieldIssuesKeepTheirOrder() {
        let form = FormView(sections: [FormSection(id: "main", fields: [FormField(bind: "vin", label: "VIN", kind: .vin)])])
        let issues = [1, 2, 3, 4, 5].map { FieldIssue.error("vin", ru: "Позиция \($0)", en: "Position \($0)") }
            + [FieldIssue.warning("vin", ru: "Предупреждение", en: "Warning")]
        form.setIssues([issues[5]] + issues.prefix(5))
        #expect(form.issues(for: "vin").map { $0.message.ru }
            == ["Позиция 1", "Позиция 2", "Позиция 3", "Позиция 4", "Позиция 5", "Предупреждение"])
    }

    /// The check-details box cut a check's details with «…».
    @Test func helpEntriesWrapInsteadOfBeingCut() {
        let details = "паспорт 4510 123456 в списке недействительных паспортов (МВД, загружен 01.03.2026 10:15), сверьте паспорт с оригиналом"
        let help = HelpOverlay(groups: [HelpGroup("✗ Паспорт — не пройдена", [HelpEntry("Подробно", details)])], title: "Проверки")
        let surface = MemorySurface(rows: 24, columns: 80)
        help.draw(on: surface)
        let text = surface.text()
        #expect(!text.contains("…"))
        for word in details.split(separator: " ") { #expect(text.contains(word)) }
    }
}
