import Foundation
import KiteDomain
import KiteTerminal
import KiteUI

/// One screen on the navigation stack (the stock list, a vehicle card).
@MainActor
public protocol AppScreen: AnyObject {
    /// The keymap context its keys are looked up in (`list`, `form`).
    var keymapContext: String { get }
    /// The title shown in the top bar.
    var title: String { get }
    /// Commands this screen offers: the hint bar and help show only these
    /// (plus global ones).
    var offeredCommands: [String] { get }

    func draw(on surface: Surface, in rect: Rect)

    /// Sees every key before the keymap does; return true to consume it
    /// (a filter line being typed into).
    func interceptKey(_ key: Key) -> Bool
    /// Runs a named command from the keymap; false if the screen doesn't offer it.
    func perform(_ command: String) -> Bool
    /// Keys the keymap didn't bind (text typed into a form field).
    func handle(_ key: Key) -> Bool

    /// Nil when the screen can close now; else the question to confirm first
    /// (unsaved changes).
    var leaveQuestion: String? { get }

    /// The screen is on top again (after a card closed): refresh what may have changed.
    func didReappear()

    /// True while the screen is still reading what it opens with (a card): keys typed now
    /// wait and reach the screen, in order, once it has loaded.
    var isOpening: Bool { get }

    /// Why an offered command cannot run now (a card not saved yet has no status to
    /// change), or nil when it can. Help and the hint bar show it; its key says it.
    func unavailableReason(_ command: String) -> LocalizedText?

    /// Something changed in the database: show it (in place, or by reading again).
    func receive(_ event: any ChangeEvent)

    /// The clock moved on (the event loop calls it a few times a second, and after every
    /// key): debounced work (a draft's write, a periodic read) happens here. True when
    /// the screen must be drawn again.
    func tick(now: Date) -> Bool

    /// The screen left the stack (closed, its unsaved changes discarded if it had any).
    func didClose()
}

extension AppScreen {
    public func interceptKey(_ key: Key) -> Bool { false }
    public var leaveQuestion: String? { nil }
    public func didReappear() {}
    public var isOpening: Bool { false }
    public func unavailableReason(_ command: String) -> LocalizedText? { nil }
    public func receive(_ event: any ChangeEvent) {}
    public func tick(now: Date) -> Bool { false }
    public func didClose() {}

    /// A request lane of this screen alone: another screen of the same kind
    /// must not supersede (cancel) its read, or it would never complete.
    func ownLane(_ name: String) -> String { "\(name).\(ObjectIdentifier(self).hashValue)" }
}
