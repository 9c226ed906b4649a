import KiteDomain
import KiteUI

/// АРЦ, the hub: the home screen `kite` opens on, made of the tiles every module
/// contributes (`KiteModule.homeTiles`); `Alt-0`, `:home` or `:арц` return to it.
public struct HomeModule: KiteModule {
    public init() {}

    public var name: String { "home" }

    public var commands: [Command] {
        [Command("app.home", "АРЦ", "ARC", "Вернуться на главный экран АРЦ", "Go back to the ARC home screen")]
    }

    public var commandWords: [CommandWord] {
        [CommandWord(["home", "арц", "arc"]) { app, _ in app.goHome() }]
    }

    /// A new check result (payload: the table); cars, deals, payments and trips have their own channels.
    public var changeChannels: [ChangeChannel] {
        [ChangeChannel("home") { _ in HomeCountsChanged() }]
    }

    public var texts: [any TextKey.Type] { [HomeText.self] }

    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool {
        guard command == "app.home" else { return false }
        app.goHome()
        return true
    }
}

extension KiteApplication {
    /// The home screen at the root of the stack: whether its numbers are in, and how many
    /// reads of them it asked for since it was made (tests and `kite bench home`).
    public var homeReads: (hasNumbers: Bool, issued: Int)? {
        (stack.first as? HomeScreen).map { ($0.counts != nil, $0.readsIssued) }
    }
}

/// Something the home tiles count changed without a module's own event (a check result).
public struct HomeCountsChanged: ChangeEvent {}

extension KiteApplication {
    /// Closes every screen (asking about unsaved work) down to the home screen; a stack
    /// rooted elsewhere (tests, benchmarks) gets the home screen as its new root.
    public func goHome() {
        let onRoot = stack.count == 1
        goToRoot { app in
            if app.stack.first is HomeScreen {
                // Closing the screens above it told it already (and so read the numbers once).
                if onRoot { app.stack.first?.didReappear() }
                return
            }
            app.replaceRoot(with: HomeScreen(app: app))
        }
    }
}

enum HomeText: TextKey {
    case title, loading, nothingToOpen, failedChecksTitle, noFailedChecks, updated

    var text: LocalizedText {
        switch self {
        case .title: LocalizedText(ru: "АРЦ", en: "ARC")
        case .loading: LocalizedText(ru: "…", en: "…")
        case .nothingToOpen: LocalizedText(ru: "У этой плитки нет списка", en: "This tile has no list to open")
        case .failedChecksTitle: LocalizedText(ru: "Непройденные проверки", en: "Failed checks")
        case .noFailedChecks: LocalizedText(ru: "Непройденных проверок нет", en: "No failed checks")
        case .updated: LocalizedText(ru: "на {time}", en: "as of {time}")
        }
    }
}
