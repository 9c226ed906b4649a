import KiteDomain
import KiteUI

/// The modules of the application, and what they add up to: the vocabulary the screen and
/// keymap loaders check against, the LISTEN channels, the command-line words.
public struct ModuleRegistry: Sendable {
    public let modules: [any KiteModule]

    public init(_ modules: [any KiteModule]) {
        self.modules = modules
    }

    /// Every module `kite` ships.
    public static let standard = ModuleRegistry([HomeModule(), StockModule(), SalesModule(), FinanceModule(), LogisticsModule(), BuyoutModule(), JobsModule()])

    /// KiteUI's generic words plus every module's.
    public var vocabulary: Vocabulary {
        modules.reduce(Vocabulary.generic) { vocabulary, module in
            vocabulary.adding(commands: module.commands, entities: module.entities,
                              lookupTargets: module.lookupTargets, optionSources: module.optionSources,
                              formats: Set(module.cellFormats.keys), sortableFields: module.sortableFields)
        }
    }

    public var changeChannels: [ChangeChannel] { modules.flatMap(\.changeChannels) }

    /// The catalogues that belong to no module: the shell and generic kit's, and KiteUI's widgets'.
    public static var sharedTexts: [any TextKey.Type] {
        [AppText.self, UIText.self, TransferText.self, LockText.self, DraftText.self, StateCommandRefusalText.self]
    }

    /// Every text the application shows from a catalogue (the shared ones, then every module's),
    /// keyed `Catalogue.key`.
    public var texts: [(key: String, text: LocalizedText)] {
        (Self.sharedTexts + modules.flatMap(\.texts)).flatMap { $0.catalogue }
    }

    public var commandWords: [CommandWord] { modules.flatMap(\.commandWords) }

    /// How to open a record of the card screen `screen` (nil: no module opens it by itself).
    func cardOpener(_ screen: String) -> (@MainActor @Sendable (KiteApplication, Int64?) -> Void)? {
        modules.lazy.compactMap { $0.cardOpeners[screen] }.first
    }

    /// Every module's tiles, in the modules' order.
    public var homeTiles: [HomeTileGroup] { modules.flatMap(\.homeTiles) }

    public var cellFormats: [String: @Sendable (CellValue, Language) -> String] {
        modules.reduce(into: [:]) { formats, module in formats.merge(module.cellFormats) { first, _ in first } }
    }

    /// The command-line word `word`, if a module has it.
    public func commandWord(_ word: String) -> CommandWord? {
        commandWords.first { $0.words.contains(word) }
    }

    @MainActor func options(forLookup target: String, app: KiteApplication) -> [SelectOption]? {
        modules.lazy.compactMap { $0.options(forLookup: target, app: app) }.first
    }

    @MainActor func run(_ command: String, app: KiteApplication) -> Bool {
        modules.contains { $0.run(command, app: app) }
    }
}
