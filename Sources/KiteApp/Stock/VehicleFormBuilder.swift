import KiteDomain
import KiteStore
import KiteUI

/// Builds a card's form widgets from its `Screens/*.toml` (vehicle, customer, deal): field kinds,
/// options of enums and lookups, what this role may not see or change.
struct VehicleFormBuilder {
    let definition: FormScreenDefinition
    let references: References
    let language: Language
    let role: String

    static func sectionID(_ section: SectionDefinition, index: Int) -> String {
        section.name ?? "section\(index)"
    }

    /// Shows the sections of `definition` that apply to `kind` (a vehicle type,
    /// a customer kind) and hides the others.
    static func showSections(of definition: FormScreenDefinition, for kind: String, in form: FormView) {
        for (index, section) in definition.sections.enumerated() {
            form.setSectionVisible(sectionID(section, index: index), section.applies(to: kind))
        }
    }

    func sections() -> [FormSection] {
        definition.sections.enumerated().map { index, section in
            FormSection(id: Self.sectionID(section, index: index), title: section.title.text(language),
                        fields: section.fields.filter { !$0.isHidden(for: role) }.map(field))
        }
    }

    var readOnlyFields: Set<String> {
        Set(definition.sections.flatMap(\.fields).filter { $0.isReadOnly(for: role) }.map(\.field))
    }

    var firstEditableField: String? {
        definition.sections.flatMap(\.fields).first { !$0.isReadOnly(for: role) && !$0.isHidden(for: role) }?.field
    }

    private func field(_ definition: FieldDefinition) -> FormField {
        let kind: FieldKind
        if definition.isReadOnly(for: role) {
            kind = .readOnly
        } else {
            switch definition.type {
            case .text: kind = .text
            case .integer: kind = .integer
            case .money: kind = .money
            case .date: kind = .date
            case .vin: kind = .vin
            case .lookup where definition.lookup == "customer" || definition.lookup == "vehicle": kind = .lookup
            case .enum, .lookup: kind = .select(options(for: definition))
            }
        }
        return FormField(bind: definition.field, label: definition.title.text(language), kind: kind,
                         required: definition.required, maxLength: definition.maxLength,
                         width: kind == .lookup ? 64 : nil)
    }

    func options(for field: FieldDefinition) -> [SelectOption] {
        var options: [SelectOption]
        if let lookup = field.lookup {
            switch lookup {
            case "location":
                options = references.locations.map { location in
                    let code = references.dealership(location.dealershipID)?.code ?? ""
                    return SelectOption(value: String(location.id), label: "\(code) · \(location.name)")
                }
            case "dealership":
                options = references.dealerships.map { SelectOption(value: String($0.id), label: "\($0.code) · \($0.name)") }
            case "vehicle_type":
                options = references.vehicleTypes.map { SelectOption(value: $0.code, label: language == .ru ? $0.nameRu : $0.nameEn) }
            case "discount_reason":
                options = references.discountReasons.map { SelectOption(value: $0.code, label: language == .ru ? $0.nameRu : $0.nameEn) }
            default:
                options = []
            }
            if !field.required { options.insert(SelectOption(value: "", label: "—"), at: 0) }
        } else {
            let source = field.optionsSource.flatMap { ScreenCatalog.optionSources[$0] } ?? field.options
            options = source.map { SelectOption(value: $0.value, label: $0.label.text(language)) }
            // An optional choice can be left unset.
            if !field.required { options.insert(SelectOption(value: "", label: "—"), at: 0) }
        }
        return options
    }

    /// Read-only enum and lookup fields show their label, not the stored code.
    func displayValues(_ values: [String: String]) -> [String: String] {
        var values = values
        for field in definition.sections.flatMap(\.fields) where field.isReadOnly(for: role) {
            guard field.type == .enum || field.type == .lookup, let value = values[field.field] else { continue }
            if let option = options(for: field).first(where: { $0.value == value }) {
                values[field.field] = option.label
            }
        }
        return values
    }
}
