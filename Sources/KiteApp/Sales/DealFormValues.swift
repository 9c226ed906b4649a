import Foundation
import KiteDomain
import KiteUI

/// Moves a deal's header in and out of the form's text fields; the lines
/// are edited in their own table.
enum DealFormValues {
    static func editable(_ money: Money, _ language: Language = .ru) -> String { VehicleFormValues.editable(money, language) }

    static func values(of d: Deal, language: Language = .ru) -> [String: String] {
        func amount(_ m: Money) -> String { m == .zero ? "" : editable(m, language) }
        return [
            "customer_id": d.customerID.map(String.init) ?? "",
            "vehicle_id": d.vehicleID.map(String.init) ?? "",
            "list_price": editable(d.listPrice, language),
            "sale_price": amount(d.salePrice),
            "discount_amount": amount(d.discountAmount),
            "discount_reason": d.discountReason ?? "",
            "trade_in_credit": amount(d.tradeInCredit),
            "trade_in_description": d.tradeInDescription,
            "loan_bank": d.loanBank,
            "loan_amount": amount(d.loanAmount),
            "planned_handover": d.plannedHandover?.russianText ?? "",
        ]
    }

    static func apply(_ values: [String: String], to base: Deal) -> (Deal, [FieldIssue]) {
        var d = base
        var input = FormInput(values)
        d.customerID = input.id("customer_id", current: d.customerID)
        d.vehicleID = input.id("vehicle_id", current: d.vehicleID)
        d.salePrice = input.money("sale_price", LocalizedText(ru: "Цена продажи", en: "Sale price"), current: d.salePrice)
        d.discountAmount = input.money("discount_amount", LocalizedText(ru: "Скидка", en: "Discount"), current: d.discountAmount)
        if let v = input.text("discount_reason") { d.discountReason = v.isEmpty ? nil : v }
        d.tradeInCredit = input.money("trade_in_credit", LocalizedText(ru: "Зачёт трейд-ин", en: "Trade-in credit"), current: d.tradeInCredit)
        if let v = input.text("trade_in_description") { d.tradeInDescription = v }
        if let v = input.text("loan_bank") { d.loanBank = v }
        d.loanAmount = input.money("loan_amount", LocalizedText(ru: "Сумма кредита", en: "Loan amount"), current: d.loanAmount)
        d.plannedHandover = input.date("planned_handover", LocalizedText(ru: "Плановая выдача", en: "Planned handover"),
                                       current: d.plannedHandover)
        return (d, input.issues)
    }

    // MARK: - A line in its dialog

    static func lineFields(language: Language) -> [FormField] {
        let kinds = DealLineKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label.text(language)) }
        let rates = [SelectOption(value: "22", label: "22 %"), SelectOption(value: "10", label: "10 %"),
                     SelectOption(value: "0", label: "0 %"), SelectOption(value: "none", label: SalesText.noVAT(language))]
        return [
            FormField(bind: "kind", label: SalesText.lineKind(language), kind: .select(kinds), required: true),
            FormField(bind: "description", label: SalesText.lineDescription(language), required: true, maxLength: 200),
            FormField(bind: "quantity", label: SalesText.lineQuantity(language), kind: .integer),
            FormField(bind: "unit_price", label: SalesText.lineUnitPrice(language), kind: .money, required: true),
            FormField(bind: "vat", label: SalesText.lineVATRate(language), kind: .select(rates), required: true),
        ]
    }

    static func lineValues(_ line: DealExtraLine?, dealershipRate: Int, language: Language = .ru) -> [String: String] {
        guard let line else {
            return ["kind": DealLineKind.accessory.rawValue, "description": "", "quantity": "", "unit_price": "",
                    "vat": String(dealershipRate)]
        }
        let vat: String
        switch line.vatRate {
        case .percent(let rate): vat = String(rate)
        case .withoutVAT: vat = "none"
        }
        return ["kind": line.kind.rawValue, "description": line.description, "quantity": String(line.quantity),
                "unit_price": editable(line.unitPrice, language), "vat": vat]
    }

    /// The line, or the problems of its fields.
    static func line(from values: [String: String]) -> (line: DealExtraLine?, issues: [FieldIssue]) {
        var input = FormInput(values)
        var issues: [FieldIssue] = []
        let kind = DealLineKind(rawValue: input.text("kind") ?? "") ?? .accessory
        let description = input.text("description") ?? ""
        if description.isEmpty {
            issues.append(.error("description", ru: "Описание: обязательное поле", en: "Description: required"))
        }
        // Empty is one piece.
        let quantity = input.integer("quantity", LocalizedText(ru: "Количество", en: "Quantity"), current: 1)
        if !(1...DealPricing.maximumQuantity).contains(quantity), !input.issues.contains(where: { $0.field == "quantity" }) {
            issues.append(.error("quantity", ru: "Количество: от 1 до \(DealPricing.maximumQuantity)",
                                 en: "Quantity: 1 to \(DealPricing.maximumQuantity)"))
        }
        if input.text("unit_price")?.isEmpty ?? true {
            issues.append(.error("unit_price", ru: "Цена: обязательное поле", en: "Price: required"))
        }
        let price = input.money("unit_price", LocalizedText(ru: "Цена", en: "Price"), current: .zero)
        let vatText = input.text("vat") ?? "22"
        let vat: VATRate = vatText == "none" ? .withoutVAT : .percent(Int(vatText) ?? 22)
        issues = input.issues + issues
        if !issues.isEmpty { return (nil, issues) }
        return (DealExtraLine(kind: kind, description: description, quantity: quantity, unitPrice: price, vatRate: vat), [])
    }
}
