import KiteDomain
import KiteStore
import KiteUI

/// Builds a card's form widgets from its `Screens/*.toml`: field kinds, the choices of
/// enums and lookups (from the modules), what this role may not see or change.
@MainActor
struct FormBuilder {
    let definition: FormScreenDefinition
    let app: KiteApplication

    var language: Language { app.language }
    var role: String { app.role }

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

    /// Widgets for fields outside the sections (a detail row's dialog).
    func formFields(_ definitions: [FieldDefinition]) -> [FormField] {
        definitions.filter { !$0.isHidden(for: role) }.map(field)
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
            case .lookup where lookupChoices(definition) == nil: kind = .lookup   // picked in a search box
            case .enum, .lookup: kind = .select(options(for: definition))
            }
        }
        return FormField(bind: definition.field, label: definition.title.text(language), kind: kind,
                         required: definition.required, maxLength: definition.maxLength,
                         width: kind == .lookup ? 64 : nil)
    }

    private func lookupChoices(_ field: FieldDefinition) -> [SelectOption]? {
        field.lookup.flatMap { app.modules.options(forLookup: $0, app: app) }
    }

    func options(for field: FieldDefinition) -> [SelectOption] {
        var options = lookupChoices(field)
            ?? field.options.map { SelectOption(value: $0.value, label: $0.label.text(language)) }
        // An optional choice can be left unset.
        if !field.required { options.insert(SelectOption(value: "", label: "—"), at: 0) }
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
