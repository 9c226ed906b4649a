import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// What a list row shows: the value of each field a `Screens/*.toml` column may bind.
protocol ListRow: Sendable {
    /// The row's id (selection kept across reloads, cards opened).
    var rowID: Int64 { get }
    /// The value of `field` (a column of the list); `.none` shows `—`.
    func value(_ field: String) -> CellValue
}

/// Which rows a list asks for. The browser keeps a sliding window of rows and asks for
/// the first page, the rows after its last row or before its first, or the last page.
/// `position` is the row's place in the whole result when the window knows it (sources
/// that continue by offset use it; keyset sources use the row).
enum PageRequest<Row: Sendable>: Sendable {
    case first(limit: Int)
    case after(Row, position: Int?, limit: Int)
    case before(Row, position: Int?, limit: Int)
    case last(limit: Int)
}

/// How many rows match the filter, as well as it is known.
enum ListCount: Sendable, Hashable {
    case exact(Int)
    case atLeast(Int)
    case estimated(Int)
}

/// The part of a list that differs from list to list: how rows are read and counted, the
/// filter chips, what opening a row does, and the commands of its own. Everything else —
/// paging, the filter line, sorting by the TOML's sortable columns, cells by format,
/// keys — is `BrowserScreen`'s.
@MainActor
protocol ListSource: AnyObject {
    associatedtype Row: ListRow

    /// Called once by the browser that shows this source (for sources that reload it).
    func attach(to browser: BrowserScreen<Self>)

    /// Reads the rows of `request` for the current filter (runs on the database thread);
    /// nil when this source cannot read that way (no `.before`: the window never drops
    /// its first rows; no `.last`: End reads on from the last row instead).
    func reader(_ request: PageRequest<Row>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [Row])?
    /// Counts the matches (nil: the list shows how many rows it has read).
    func counter(text: String) -> (@Sendable (PGConnection) throws -> ListCount)?
    /// The filters besides the typed text, for the filter line (`Статус: все`).
    var chips: [String] { get }
    /// The shown rows for an empty result.
    var emptyMessage: LocalizedText { get }

    /// `list.open` (Enter) on a row; `list.new`.
    func open(_ row: Row, in browser: BrowserScreen<Self>)
    func openNew(in browser: BrowserScreen<Self>)
    /// A command of this list beyond the generic `list.*` ones; false when it is not one.
    func perform(_ command: String, selected: Row?, in browser: BrowserScreen<Self>) -> Bool
    /// Why a command cannot run now (nil: it can).
    func unavailableReason(_ command: String) -> LocalizedText?
    /// Clears this source's own filters (`list.clear_filter` also clears the text).
    func clearFilters()
    /// A change heard from the database; the browser reloads when this returns true.
    func affects(_ event: any ChangeEvent, browser: BrowserScreen<Self>) -> Bool
    /// Rows above the table (the jobs' counts), drawn by the source; 0 for none.
    func headerHeight(width: Int) -> Int
    func drawHeader(on surface: Surface, in rect: Rect)
}

extension ListSource {
    func attach(to browser: BrowserScreen<Self>) {}
    func counter(text: String) -> (@Sendable (PGConnection) throws -> ListCount)? { nil }
    var chips: [String] { [] }
    var emptyMessage: LocalizedText { LocalizedText(ru: "Ничего не найдено", en: "Nothing found") }
    func openNew(in browser: BrowserScreen<Self>) {}
    func perform(_ command: String, selected: Row?, in browser: BrowserScreen<Self>) -> Bool { false }
    func unavailableReason(_ command: String) -> LocalizedText? { nil }
    func clearFilters() {}
    func affects(_ event: any ChangeEvent, browser: BrowserScreen<Self>) -> Bool { false }
    func headerHeight(width: Int) -> Int { 0 }
    func drawHeader(on surface: Surface, in rect: Rect) {}
}

/// The column a list is sorted by, and the direction.
struct ListSort: Sendable, Hashable {
    var field: String
    var descending: Bool
}
