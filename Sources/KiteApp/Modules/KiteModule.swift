import KiteDomain
import KiteUI

/// One part of the application — stock, sales, finance, jobs. A module brings its words to
/// the shared vocabulary (commands with their context, entities and fields, lookups, option
/// sources), its LISTEN channels as typed change events, its `:` command-line words and
/// the global commands that open its screens. Its lists and cards are the generic
/// `BrowserScreen` and `CardScreen` over its own sources; KiteUI knows none of it.
public protocol KiteModule: Sendable {
    /// `stock`, `sales`, `finance`, `jobs`.
    var name: String { get }
    /// The commands it adds (`stock.change_status`), each with its keymap context.
    var commands: [Command] { get }
    /// Entity → the fields its screen files may bind (`vehicle` → `vin`, `make`…).
    var entities: [String: Set<String>] { get }
    /// Option lists for `enum` fields (`source = "vehicle_status"`).
    var optionSources: [String: [EnumOption]] { get }
    /// Entities a `lookup` may name (`location`); `options(forLookup:)` gives their choices.
    var lookupTargets: Set<String> { get }
    /// LISTEN channels and how their payloads become events.
    var changeChannels: [ChangeChannel] { get }
    /// Words of the `:` command line.
    var commandWords: [CommandWord] { get }
    /// Column formats it registers by name (`format = "…"` in a list file).
    var cellFormats: [String: @Sendable (CellValue, Language) -> String] { get }
    /// Entity → the fields its lists can sort by.
    var sortableFields: [String: Set<String>] { get }
    /// Its string catalogues (user-facing texts in both languages).
    var texts: [any TextKey.Type] { get }
    /// Its tiles on the АРЦ home screen, under its heading (none: the module has no tiles).
    var homeTiles: [HomeTileGroup] { get }
    /// Card screen (`deal`) → how to open one of its records (nil id: a new one); what a
    /// draft left at start is reopened with.
    var cardOpeners: [String: @MainActor @Sendable (KiteApplication, Int64?) -> Void] { get }

    /// The choices of a lookup this module owns (nil: not one of its lookups, or picked in a
    /// search box instead of a list).
    @MainActor func options(forLookup target: String, app: KiteApplication) -> [SelectOption]?
    /// Runs one of its global commands (`app.payments`); false when the command is not its.
    @MainActor func run(_ command: String, app: KiteApplication) -> Bool
}

extension KiteModule {
    public var entities: [String: Set<String>] { [:] }
    public var optionSources: [String: [EnumOption]] { [:] }
    public var lookupTargets: Set<String> { [] }
    public var changeChannels: [ChangeChannel] { [] }
    public var commandWords: [CommandWord] { [] }
    public var cellFormats: [String: @Sendable (CellValue, Language) -> String] { [:] }
    public var sortableFields: [String: Set<String>] { [:] }
    public var texts: [any TextKey.Type] { [] }
    public var homeTiles: [HomeTileGroup] { [] }
    public var cardOpeners: [String: @MainActor @Sendable (KiteApplication, Int64?) -> Void] { [:] }
    @MainActor public func options(forLookup target: String, app: KiteApplication) -> [SelectOption]? { nil }
    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool { false }
}

/// Something changed in the database (by another user, or by this one elsewhere), heard on
/// a LISTEN channel and delivered to every screen on the stack.
public protocol ChangeEvent: Sendable {}

/// A LISTEN channel of a module and how its payload becomes an event (nil: ignored).
public struct ChangeChannel: Sendable {
    public let name: String
    public let decode: @Sendable (_ payload: String) -> (any ChangeEvent)?

    public init(_ name: String, decode: @escaping @Sendable (String) -> (any ChangeEvent)?) {
        self.name = name
        self.decode = decode
    }
}

/// A word of the `:` command line (`deals`, `сделки`) and what it does with the rest of the line.
public struct CommandWord: Sendable {
    public let words: [String]
    public let run: @MainActor @Sendable (KiteApplication, _ rest: String) -> Void

    public init(_ words: [String], run: @escaping @MainActor @Sendable (KiteApplication, String) -> Void) {
        self.words = words
        self.run = run
    }
}
