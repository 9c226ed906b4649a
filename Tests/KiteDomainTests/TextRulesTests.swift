import Foundation
import KiteDomain
import Testing

@Suite("Text fields: control characters and length limits (issue 10, items 9 and 10)")
struct TextRulesTests {
    @Test("an ESC in a make is refused, naming the field, the character and its position")
    func escapeRefused() {
        var v = Vehicle(vin: "XTAGFL110TD000777", make: "La\u{1B}[2Jda", model: "Vesta")
        v.year = 2026
        let issues = VehicleValidator.validate(v, today: Date()).filter { $0.field == "make" && $0.severity == .error }
        #expect(issues.map(\.message.en) == ["The control character U+001B (ESC) at position 3 is not allowed (nor is a tab)"])
        #expect(issues.first?.message.ru.contains("U+001B (ESC) в позиции 3") == true)
    }

    @Test("a NUL is refused, never cut: `Ves\\0ta` is an error, not `Ves`")
    func nulRefused() {
        let issues = TextRules.issues("Ves\u{0}ta", field: "model", maxLength: 100)
        #expect(issues.count == 1)
        #expect(issues[0].severity == .error)
        #expect(issues[0].message.en.contains("U+0000 (NUL) at position 4"))
        #expect(issues[0].message.en.contains("refused, not cut"))
    }

    @Test("a tab only where the text allows it; C1, bidi overrides and line separators never")
    func tabsAndOthers() {
        #expect(TextRules.issues("Оплата\tпо счёту", field: "purpose", maxLength: 1000).isEmpty)
        #expect(!TextRules.issues("Иванов\tИван", field: "name", maxLength: 200).isEmpty)
        #expect(!TextRules.issues("a\u{9B}31m", field: "name", maxLength: 200).isEmpty)
        #expect(!TextRules.issues("evil\u{202E}txt", field: "name", maxLength: 200).isEmpty)
        #expect(!TextRules.issues("a\u{2028}b", field: "address", maxLength: 500).isEmpty)
        #expect(TextRules.issues("Ёлка «Веста» 🚗", field: "model", maxLength: 100).isEmpty)
    }

    @Test("a 1 MB make is refused with the limit, counted in characters as PostgreSQL counts them")
    func lengthLimit() {
        var v = Vehicle(vin: "XTAGFL110TD000777", make: String(repeating: "Ж", count: 1_048_576), model: "Vesta")
        v.year = 2026
        let issues = VehicleValidator.validate(v, today: Date()).filter { $0.field == "make" && $0.severity == .error }
        #expect(issues.map(\.message.en) == ["At most 60 characters (this has 1048576)"])
        #expect(TextRules.issues(String(repeating: "Ж", count: 60), field: "make", maxLength: 60).isEmpty)
    }

    @Test("a customer's name and address are checked the same way")
    func customerText() {
        let customer = Customer(kind: .company, name: "ООО \u{1B}]0;pwned\u{07}", inn: "7707083893", address: String(repeating: "a", count: 501))
        let issues = customer.validate(today: CivilDate(year: 2026, month: 12, day: 3)!)
        #expect(issues.contains { $0.field == "name" && $0.message.en.contains("U+001B (ESC)") })
        #expect(issues.contains { $0.field == "address" && $0.message.en == "At most 500 characters (this has 501)" })
    }

    @Test("a 23-digit amount is too large, not a question of kopeck digits")
    func hugeAmount() {
        guard case .failure(let plain) = FieldParsers.money("12345678901234567890123", field: "amount") else {
            Issue.record("accepted"); return
        }
        #expect(plain.message.ru.hasPrefix("Сумма слишком большая"))
        guard case .failure(let withKopecks) = FieldParsers.money("12345678901234567890,123", field: "amount") else {
            Issue.record("accepted"); return
        }
        #expect(withKopecks.message.ru.hasPrefix("Сумма слишком большая"))
    }
}
