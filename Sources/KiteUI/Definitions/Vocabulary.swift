import KiteDomain

/// The names the files of `Screens/` and `Keymaps/` may use, supplied by the modules:
/// commands, entities and the fields they bind, lookup targets and option sources.
/// KiteUI itself knows only the generic commands and the `yes_no` choice.
public struct Vocabulary: Sendable {
    public var commands: CommandCatalog
    /// Entity → the fields (columns) a screen may bind; other fields must say `storage = "attribute"`.
    public var entities: [String: Set<String>]
    /// Entities a `lookup` may point at.
    public var lookupTargets: Set<String>
    /// Option lists an `enum` field may take with `source = "…"`.
    public var optionSources: [String: [EnumOption]]
    /// Column formats a module registers by name, besides the built-in ones.
    public var formats: Set<String>
    /// Entity → the fields its lists can sort by (`sortable` columns must be among them).
    public var sortableFields: [String: Set<String>]

    public init(commands: CommandCatalog = .generic, entities: [String: Set<String>] = [:],
                lookupTargets: Set<String> = [], optionSources: [String: [EnumOption]] = [:],
                formats: Set<String> = [], sortableFields: [String: Set<String>] = [:]) {
        self.commands = commands
        self.entities = entities
        self.lookupTargets = lookupTargets
        self.formats = formats
        self.sortableFields = sortableFields
        self.optionSources = Vocabulary.yesNo.merging(optionSources) { $1 }
    }

    public static let yesNo: [String: [EnumOption]] = [
        "yes_no": [EnumOption(value: "false", label: LocalizedText(ru: "нет", en: "no")),
                   EnumOption(value: "true", label: LocalizedText(ru: "да", en: "yes"))],
    ]

    /// KiteUI's own words only.
    public static let generic = Vocabulary()

    /// This vocabulary and one module's words together (a module's entity fields add to the same entity's).
    public func adding(commands more: [Command] = [], entities moreEntities: [String: Set<String>] = [:],
                       lookupTargets moreTargets: Set<String> = [],
                       optionSources moreSources: [String: [EnumOption]] = [:], formats moreFormats: Set<String> = [],
                       sortableFields moreSortable: [String: Set<String>] = [:]) -> Vocabulary {
        Vocabulary(commands: commands.adding(more),
                   entities: entities.merging(moreEntities) { $0.union($1) },
                   lookupTargets: lookupTargets.union(moreTargets),
                   optionSources: optionSources.merging(moreSources) { $1 },
                   formats: formats.union(moreFormats),
                   sortableFields: sortableFields.merging(moreSortable) { $0.union($1) })
    }
}
