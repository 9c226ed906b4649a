import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// АРЦ: the tiles of every module in columns, under each module's heading, with numbers
/// the database counts in one call (`kite_home_counts`). `↑`/`↓` walk the tiles,
/// `←`/`→` jump between the modules, `Enter` opens the tile's list already filtered.
/// Live: any change event (cars, deals, payments, trips, check results) reads the numbers
/// again, at most once a second; and every 30 seconds while on top (the queue's health,
/// what is late, depend on the clock).
@MainActor
final class HomeScreen: AppScreen {
    unowned let app: KiteApplication
    let groups: [HomeTileGroup]
    private(set) var counts: HomeCounts?
    private(set) var selected = 0
    private var isReading = false
    private var readAgain = false
    private var lastRead: Date?
    /// Reads asked of the database since the screen was made (one when it opens).
    private(set) var readsIssued = 0
    /// `didReappear` came: before it, neither an event nor the clock reads.
    private var hasShown = false
    static let refreshSeconds: TimeInterval = 30

    /// Reads nothing yet: the numbers are read when it shows (`didReappear`), which
    /// `start` calls once the person's dealership (its time zone) is known and
    /// `replaceRoot` calls at once.
    init(app: KiteApplication) {
        self.app = app
        groups = app.modules.homeTiles.filter { !$0.tiles.isEmpty }
    }

    var tiles: [HomeTile] { groups.flatMap(\.tiles) }
    var selectedTile: HomeTile? { tiles.indices.contains(selected) ? tiles[selected] : nil }

    var keymapContext: String { "list" }
    var title: String { HomeText.title(app.language) }
    var offeredCommands: [String] { ["list.open", "list.up", "list.down", "list.top", "list.bottom", "list.refresh"] }

    func unavailableReason(_ command: String) -> LocalizedText? {
        command == "list.open" && selectedTile?.open == nil ? HomeText.nothingToOpen.text : nil
    }

    /// Reads every tile's number (one statement); a read asked for while one runs follows it.
    func read() {
        guard !isReading else { readAgain = true; return }
        isReading = true
        readsIssued += 1
        let zone = app.references.dealership?.timeZone ?? DisplayTime.timeZone.identifier
        app.database.request({ connection in
            try HomeRepository(connection: connection).counts(timeZone: zone)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isReading = false
            self.lastRead = self.app.now
            switch result {
            case .success(let counts): self.counts = counts
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
            if self.readAgain {
                self.readAgain = false
                self.read()
            }
        })
    }

    func perform(_ command: String) -> Bool {
        let count = tiles.count
        switch command {
        case "list.open":
            guard let tile = selectedTile, let open = tile.open else { return true }
            open(app)
        case "list.up": selected = max(0, selected - 1)
        case "list.down": selected = min(count - 1, selected + 1)
        case "list.top": selected = 0
        case "list.bottom": selected = max(0, count - 1)
        case "list.refresh": read()
        default: return false
        }
        return true
    }

    /// `←`/`→`: the first tile of the previous or next module.
    func handle(_ key: Key) -> Bool {
        guard key == .left || key == .right else { return false }
        var starts: [Int] = []
        var index = 0
        for group in groups { starts.append(index); index += group.tiles.count }
        let current = starts.lastIndex { $0 <= selected } ?? 0
        let target = current + (key == .right ? 1 : -1)
        if starts.indices.contains(target) { selected = starts[target] }
        return true
    }

    func receive(_ event: any ChangeEvent) {
        // Another screen on top reads its own; the tiles catch up when they show again.
        if app.isOnTop(self) { if hasShown { read() } } else { lastRead = nil }
    }

    func didReappear() {
        hasShown = true
        read()
    }

    func tick(now: Date) -> Bool {
        guard hasShown, app.isOnTop(self), !isReading else { return false }
        if let lastRead, now.timeIntervalSince(lastRead) < Self.refreshSeconds { return false }
        read()
        return false
    }

    // MARK: - Drawing

    /// Module groups placed into columns about 38 wide, each next group in the shortest column.
    static func columns(of groups: [HomeTileGroup], width: Int) -> [[Int]] {
        let count = max(1, min(groups.count, width / 38))
        var columns = Array(repeating: [Int](), count: count)
        var heights = Array(repeating: 0, count: count)
        for (index, group) in groups.enumerated() {
            // Left to right while the first row fills, then the shortest column.
            let column = index < count ? index : heights.indices.min { heights[$0] < heights[$1] }!
            columns[column].append(index)
            heights[column] += group.tiles.count + 2
        }
        return columns
    }

    func draw(on surface: Surface, in rect: Rect) {
        let language = app.language
        let layout = Self.columns(of: groups, width: rect.width)
        let columnWidth = rect.width / layout.count
        var firstIndex: [Int] = []
        var index = 0
        for group in groups { firstIndex.append(index); index += group.tiles.count }
        for (c, column) in layout.enumerated() {
            let left = rect.column + c * columnWidth
            let width = columnWidth - 1
            var row = rect.row + 1
            for g in column {
                let group = groups[g]
                guard row < rect.row + rect.height else { break }
                surface.put(" " + group.title.text(language), row: row, column: left, style: Style(.header, bold: true),
                            maxWidth: width)
                row += 1
                for (t, tile) in group.tiles.enumerated() {
                    guard row < rect.row + rect.height else { break }
                    let isSelected = firstIndex[g] + t == selected
                    let value = counts.map { tile.value($0, language) } ?? HomeText.loading(language)
                    let attention = counts.map(tile.attention) ?? false
                    let valueText = Sanitizer.clean(value)
                    let valueWidth = DisplayWidth.of(valueText)
                    let titleWidth = max(1, width - valueWidth - 4)
                    let base: StyleRole = isSelected ? .selected : .normal
                    surface.fill(row: row, column: left, width: width, character: " ", style: Style(base))
                    surface.put("  " + tile.title.text(language), row: row, column: left, style: Style(base),
                                maxWidth: titleWidth + 2)
                    surface.put(valueText, row: row, column: left + width - valueWidth - 1,
                                style: Style(isSelected ? .selected : (attention ? .warning : .accent), bold: attention),
                                maxWidth: valueWidth)
                    row += 1
                }
                row += 1
            }
        }
    }
}
