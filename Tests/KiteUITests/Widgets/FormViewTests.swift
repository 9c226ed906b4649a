import Testing
import KiteDomain
import KiteTerminal
@testable import KiteUI

@Suite struct LineEditorTests {
    init() { useUTF8Locale() }

    @Test func editsCyrillic() {
        let editor = LineEditor()
        for c in "Иванв" { editor.handle(.character(c)) }
        editor.handle(.left)
        editor.handle(.character("о"))
        #expect(editor.text == "Иванов")
        #expect(editor.cursor == 5)
        editor.handle(.home)
        editor.handle(.delete)
        #expect(editor.text == "ванов")
        editor.handle(.end)
        editor.handle(.backspace)
        #expect(editor.text == "вано")
        editor.handle(.right)   // already at the end
        #expect(editor.cursor == 4)
        #expect(editor.cursorColumn == 4)
    }

    @Test func wideCharactersAndMaxLength() {
        let editor = LineEditor(maxLength: 4)
        #expect(editor.insert("漢字ab"))
        #expect(!editor.insert("c"))
        #expect(editor.text == "漢字ab")
        #expect(editor.cursorColumn == 6)
        editor.moveLeft()
        editor.moveLeft()
        #expect(editor.cursorColumn == 4)
    }

    @Test func scrollsToKeepTheCursorVisible() {
        let editor = LineEditor(text: "Иванов Иван Иванович")
        let surface = MemorySurface(rows: 1, columns: 10)
        editor.draw(on: surface, row: 0, column: 0, width: 10, style: .normal, focused: true)
        #expect(surface.line(0) == " Иванович")   // the tail, cursor after it
        #expect(surface.cursor == CellPosition(row: 0, column: 9))
        editor.moveHome()
        editor.draw(on: surface, row: 0, column: 0, width: 10, style: .normal, focused: true)
        #expect(surface.line(0) == "Иванов Ива")
        #expect(surface.cursor == CellPosition(row: 0, column: 0))
    }
}

@Suite struct FormViewTests {
    init() { useUTF8Locale() }

    func vehicleForm(language: Language = .ru) -> FormView {
        FormView(sections: [
            FormSection(id: "main", title: "Автомобиль", fields: [
                FormField(bind: "vin", label: "VIN", kind: .vin, required: true, width: 19),
                FormField(bind: "model", label: "Модель", required: true, width: 30),
                FormField(bind: "fuel", label: "Топливо", kind: .select([
                    SelectOption(value: "petrol", label: "Бензин"),
                    SelectOption(value: "diesel", label: "Дизель"),
                    SelectOption(value: "ev", label: "Электро"),
                ]), required: true, width: 14),
                FormField(bind: "year", label: "Год выпуска", kind: .integer, width: 6),
                FormField(bind: "list_price", label: "Цена", kind: .money, required: true, width: 16),
                FormField(bind: "status", label: "Статус", kind: .readOnly),
            ]),
            FormSection(id: "ev", title: "Электромобиль", fields: [
                FormField(bind: "battery_kwh", label: "Батарея, кВт·ч", kind: .integer, width: 6),
            ], isVisible: false),
        ], values: ["status": "на складе", "list_price": "1250000"], language: language)
    }

    @Test func goldenWithErrorAndWarning() {
        let form = vehicleForm()
        for c in "xta2170" { form.handle(.character(c)) }
        form.setIssues([
            .error("vin", ru: "VIN должен содержать 17 знаков", en: "VIN must have 17 characters"),
            .warning("list_price", ru: "Цена ниже закупочной", en: "Price is below cost"),
            .error("model", ru: "Обязательное поле", en: "Required"),
        ])
        let surface = MemorySurface(rows: 12, columns: 60)
        form.draw(on: surface, in: Rect(surface))
        expectScreen(surface, screen(rows: 12, """
        ── Автомобиль ──────────────────────────────────────────────
        VIN*         XTA2170
                     ✗ VIN должен содержать 17 знаков
        Модель*
                     ✗ Обязательное поле
        Топливо*     ‹ Бензин     ›
        Год выпуска
        Цена*        1250000
                     ! Цена ниже закупочной
        Статус       на складе
        """))
        #expect(surface.styleAt(row: 2, column: 13).role == .error)
        #expect(surface.styleAt(row: 8, column: 13).role == .warning)
        #expect(surface.styleAt(row: 1, column: 3).role == .required)
        #expect(surface.cursor == CellPosition(row: 1, column: 20))
        #expect(form.hasErrors)
    }

    @Test func issuesThatCannotBeShownUnderAFieldAreReported() {
        let form = vehicleForm()
        form.setIssues([
            .error("battery_kwh", ru: "Укажите ёмкость батареи", en: "Battery capacity is required"),
            .error("version", ru: "Запись изменил Сидоров в 14:02", en: "Changed by Sidorov at 14:02"),
            .warning("vin", ru: "VIN уже есть в базе", en: "Duplicate VIN"),
        ])
        #expect(form.unplacedIssues.map(\.field) == ["battery_kwh", "version"])
        form.setSectionVisible("ev", true)
        #expect(form.unplacedIssues.map(\.field) == ["version"])
    }

    @Test func datePlaceholderWhenEmpty() {
        let form = FormView(sections: [FormSection(id: "d", fields: [
            FormField(bind: "name", label: "Имя"),
            FormField(bind: "sold_on", label: "Дата", kind: .date, width: 12),
        ])], language: .ru)
        let surface = MemorySurface(rows: 2, columns: 30)
        form.draw(on: surface, in: Rect(surface))
        #expect(surface.line(1) == "Дата  ДД.ММ.ГГГГ")
        form.focus(bind: "sold_on")
        for c in "01.03.2026" { form.handle(.character(c)) }
        form.draw(on: surface, in: Rect(surface))
        #expect(surface.line(1) == "Дата  01.03.2026")
    }

    @Test func focusMovesAndSkipsReadOnly() {
        let form = vehicleForm()
        #expect(form.focusedBind == "vin")
        form.handle(.tab)
        #expect(form.focusedBind == "model")
        form.handle(.enter)
        #expect(form.focusedBind == "fuel")
        form.handle(.down)
        form.handle(.down)
        #expect(form.focusedBind == "list_price")
        #expect(!form.handle(.enter))          // last focusable field: Enter is left to the screen
        #expect(form.focusedBind == "list_price")
        form.handle(.backTab)
        #expect(form.focusedBind == "year")
        form.handle(.up)
        #expect(form.focusedBind == "fuel")
    }

    @Test func selectCyclesAndValuesAreKeyedByBind() {
        let form = vehicleForm()
        #expect(form.value("fuel") == "petrol")
        #expect(!form.isDirty)
        form.focus(bind: "fuel")
        form.handle(.character(" "))
        #expect(form.value("fuel") == "diesel")
        form.handle(.left)
        form.handle(.left)
        #expect(form.value("fuel") == "ev")
        #expect(form.isDirty)
        form.focus(bind: "vin")
        for c in "xta" { form.handle(.character(c)) }
        #expect(form.values["vin"] == "XTA")
        #expect(form.values["status"] == "на складе")
        form.markSaved()
        #expect(!form.isDirty)
    }

    @Test func hiddenSectionsKeepTheirValues() {
        let form = vehicleForm()
        form.setSectionVisible("ev", true)
        form.focus(bind: "battery_kwh")
        for c in "82" { form.handle(.character(c)) }
        form.setSectionVisible("ev", false)
        #expect(form.focusedBind == "vin")
        #expect(form.values["battery_kwh"] == "82")
        form.setSectionVisible("ev", true)
        let surface = MemorySurface(rows: 14, columns: 60)
        form.draw(on: surface, in: Rect(surface))
        #expect(surface.line(8) == "── Электромобиль ───────────────────────────────────────────")
        #expect(surface.line(9).hasPrefix("Батарея, кВт·ч  82"))
    }

    @Test func scrollsToTheFocusedField() {
        let form = vehicleForm()
        form.setSectionVisible("ev", true)
        let surface = MemorySurface(rows: 4, columns: 60)
        form.focus(bind: "battery_kwh")
        form.draw(on: surface, in: Rect(surface))
        #expect(form.scrollOffset > 0)
        #expect(surface.text().contains("Батарея"))
        #expect(surface.cursor?.row == 3)
        form.focus(bind: "vin")
        form.draw(on: surface, in: Rect(surface))
        #expect(form.scrollOffset == 0)
        #expect(surface.line(0).hasPrefix("── Автомобиль"))
    }
}
