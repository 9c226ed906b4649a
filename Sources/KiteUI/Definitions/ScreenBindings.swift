import KiteDomain
import KiteTerminal

/// The keys of one screen as they act now: each key runs the first of its commands that
/// the screen offers (or that runs everywhere). Dispatch, the help overlay and the hint
/// bar all read this one resolution, so what they show is what a key does.
public struct ScreenBindings {
    public let keymap: Keymap
    public let context: String
    private let offers: (String) -> Bool

    /// `offers` says whether the screen offers a command; global commands always apply.
    public init(keymap: Keymap, context: String, offers: @escaping (String) -> Bool) {
        self.keymap = keymap
        self.context = context
        self.offers = offers
    }

    /// Whether `command` can run on this screen at all (offered, or global).
    public func applies(_ command: String) -> Bool {
        offers(command) || keymap.catalogue.isGlobal(command)
    }

    /// The command `key` runs here, if any.
    public func command(for key: Key) -> String? {
        keymap.commands(for: key, in: context).first(where: applies)
    }

    /// Each command that some key runs here, with its keys (preferred first), in catalogue order.
    public var entries: [(command: Command, keys: [Key])] {
        var order: [Command] = []
        var keys: [String: [Key]] = [:]
        for binding in keymap.bindings(in: context) {
            guard let command = keymap.catalogue.command(named: binding.command),
                  self.command(for: binding.key) == command.name else { continue }
            if keys[command.name] == nil { order.append(command) }
            keys[command.name, default: []].append(binding.key)
        }
        return order.map { (command: $0, keys: keys[$0.name] ?? []) }
    }

    /// The bottom bar: commands with a hint position, one key each (F-keys first), in hint
    /// order; a command that cannot run now (`unavailable` gives its reason) is dimmed and
    /// comes after the ones that can, so a narrow bar drops those first.
    public func hints(language: Language, unavailable: (String) -> LocalizedText? = { _ in nil }) -> [Hint] {
        let hints = entries.compactMap { entry -> (Int, Hint)? in
            guard let order = entry.command.hintOrder, let key = entry.keys.first else { return nil }
            return (order, Hint(key.displayName, entry.command.title.text(language),
                                isAvailable: unavailable(entry.command.name) == nil))
        }.sorted { $0.0 < $1.0 }.map(\.1)
        return hints.filter(\.isAvailable) + hints.filter { !$0.isAvailable }
    }
}
