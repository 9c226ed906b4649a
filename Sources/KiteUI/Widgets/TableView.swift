import KiteDomain
import KiteTerminal

/// One column of a `TableView`.
public struct TableColumn: Sendable, Hashable {
    public enum Width: Sendable, Hashable {
        /// Exactly this many display columns.
        case fixed(Int)
        /// A share of the width left after fixed columns and gaps.
        case flexible(Int)
        /// A share of the spare width, but never fewer than `minimum` columns.
        case flexibleAtLeast(share: Int, minimum: Int)
    }

    public var title: String
    public var width: Width
    public var alignment: TextAlignment

    public init(_ title: String, width: Width = .flexible(1), alignment: TextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

public enum SortDirection: String, Sendable, Hashable {
    case ascending, descending

    /// ▲ or ▼, shown after the sorted column's title.
    public var marker: String { self == .ascending ? "▲" : "▼" }
}

/// Rows for a `TableView`. Only the visible rows are asked for, so this can
/// front a million-row result window.
public protocol TableDataSource: AnyObject {
    var rowCount: Int { get }
    /// Already formatted, localised cell texts of one row, one per column.
    func cells(row: Int) -> [String]
}

/// A data source over an in-memory array.
public final class ArrayTableDataSource: TableDataSource {
    public var rows: [[String]]
    public init(_ rows: [[String]] = []) { self.rows = rows }
    public var rowCount: Int { rows.count }
    public func cells(row: Int) -> [String] { rows[row] }
}

/// A scrolling, virtualised table: header, selection, sort marker, empty state.
public final class TableView {
    public var columns: [TableColumn]
    public var dataSource: any TableDataSource
    public var sortColumn: Int?
    public var sortDirection: SortDirection = .ascending
    /// Shown when there are no rows ("Нет данных" by default).
    public var emptyMessage: String
    public var showsHeader = true
    /// Blank columns between two columns.
    public var columnGap = 1

    public private(set) var selectedRow = 0
    public private(set) var scrollOffset = 0
    /// Data rows visible at the last draw; PgUp/PgDn move by this much.
    public private(set) var pageSize = 10

    public init(columns: [TableColumn], dataSource: any TableDataSource, language: Language = .ru,
                emptyMessage: String? = nil) {
        self.columns = columns
        self.dataSource = dataSource
        self.emptyMessage = emptyMessage ?? UIText.noData(language)
    }

    public var rowCount: Int { dataSource.rowCount }

    /// The selected row, or nil when the table is empty.
    public var selection: Int? { rowCount == 0 ? nil : selectedRow }

    // MARK: - Selection and scrolling

    public func select(row: Int) {
        let count = rowCount
        selectedRow = count == 0 ? 0 : min(max(0, row), count - 1)
        scrollToSelection()
    }

    public func moveSelection(by delta: Int) { select(row: selectedRow + delta) }

    /// PgDn / PgUp: move the selection by one page.
    public func page(down: Bool) { moveSelection(by: down ? max(1, pageSize - 1) : -max(1, pageSize - 1)) }

    public func selectFirst() { select(row: 0) }
    public func selectLast() { select(row: rowCount - 1) }

    /// Rows were added (positive) or removed (negative) above the current
    /// ones: the same rows stay selected and on screen.
    public func rowsShifted(by delta: Int) {
        scrollOffset = max(0, scrollOffset + delta)
        select(row: selectedRow + delta)
    }

    /// After the data changed: keeps selection and offset in range.
    public func reloadData() { select(row: selectedRow) }

    /// Up/Down/PgUp/PgDn/Home/End. Returns whether the key was used.
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        switch key {
        case .up: moveSelection(by: -1)
        case .down: moveSelection(by: 1)
        case .pageUp: page(down: false)
        case .pageDown: page(down: true)
        case .home: selectFirst()
        case .end: selectLast()
        default: return false
        }
        return true
    }

    private func scrollToSelection() {
        let count = rowCount
        let page = max(1, pageSize)
        if selectedRow < scrollOffset { scrollOffset = selectedRow }
        if selectedRow >= scrollOffset + page { scrollOffset = selectedRow - page + 1 }
        scrollOffset = max(0, min(scrollOffset, max(0, count - page)))
    }

    // MARK: - Layout

    /// Display widths of the columns for a table `totalWidth` wide.
    public func columnWidths(totalWidth: Int) -> [Int] {
        guard !columns.isEmpty else { return [] }
        let gaps = columnGap * (columns.count - 1)
        var widths = columns.map { column -> Int in
            switch column.width {
            case .fixed(let w): max(0, w)
            case .flexibleAtLeast(_, let minimum): max(0, minimum)
            case .flexible: 0
            }
        }
        let shares = columns.map { column -> Int in
            switch column.width {
            case .flexible(let s), .flexibleAtLeast(let s, _): max(0, s)
            case .fixed: 0
            }
        }
        let totalShares = shares.reduce(0, +)
        let free = totalWidth - gaps - widths.reduce(0, +)
        if free > 0, totalShares > 0 {
            var given = 0
            for i in columns.indices where shares[i] > 0 {
                let extra = free * shares[i] / totalShares
                widths[i] += extra
                given += extra
            }
            // Hand out the rounding remainder left to right.
            var rest = free - given
            for i in columns.indices where shares[i] > 0 && rest > 0 {
                widths[i] += 1
                rest -= 1
            }
        }
        return widths
    }

    // MARK: - Drawing

    public func draw(on surface: Surface, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let widths = columnWidths(totalWidth: rect.width)
        var row = rect.row
        if showsHeader {
            surface.fill(row: row, column: rect.column, width: rect.width, character: " ", style: Style(.header))
            var titles = columns.map(\.title)
            if let sortColumn, titles.indices.contains(sortColumn) {
                titles[sortColumn] = marked(titles[sortColumn], width: widths[sortColumn])
            }
            drawCells(titles, widths: widths, on: surface, row: row, rect: rect, style: Style(.header))
            row += 1
        }
        let bodyHeight = rect.bottom - row
        pageSize = max(1, bodyHeight)
        scrollToSelection()
        let count = rowCount
        guard count > 0 else {
            if bodyHeight > 0 {
                let text = DisplayWidth.truncate(emptyMessage, to: rect.width)
                let column = rect.column + max(0, (rect.width - DisplayWidth.of(text)) / 2)
                surface.put(text, row: row + min(1, bodyHeight - 1), column: column, style: Style(.dim))
            }
            return
        }
        let last = min(count, scrollOffset + bodyHeight)
        guard scrollOffset < last else { return }
        for index in scrollOffset..<last {
            let style = Style(index == selectedRow ? .selected : .normal)
            if index == selectedRow {
                surface.fill(row: row, column: rect.column, width: rect.width, character: " ", style: style)
            }
            drawCells(dataSource.cells(row: index), widths: widths, on: surface, row: row, rect: rect, style: style)
            row += 1
        }
    }

    /// The title with the sort marker kept visible: "Цена ▼".
    private func marked(_ title: String, width: Int) -> String {
        let marker = sortDirection.marker
        guard width >= 3 else { return marker }
        return DisplayWidth.truncate(title, to: width - 2) + " " + marker
    }

    private func drawCells(_ cells: [String], widths: [Int], on surface: Surface, row: Int, rect: Rect, style: Style) {
        var column = rect.column
        for (i, width) in widths.enumerated() {
            guard column < rect.right else { break }
            let available = min(width, rect.right - column)
            if available > 0, i < cells.count {
                let text = DisplayWidth.fit(Sanitizer.clean(cells[i]), to: available, alignment: columns[i].alignment)
                surface.put(text, row: row, column: column, style: style, maxWidth: available)
            }
            column += width + columnGap
        }
    }
}
