import Foundation
import KiteDomain
import KiteTerminal

/// A field's value as a list row gives it; the column's `format` turns it into text.
public enum CellValue: Sendable, Hashable {
    /// Nothing to show: `—`.
    case none
    case text(String)
    case integer(Int)
    case money(Money)
    /// A calendar day.
    case day(CivilDate)
    /// A label of a state or kind (`в наличии`).
    case label(LocalizedText)
}

/// Text of one cell by the column's format. `today` is for `days` (days since a date);
/// module formats (`format = "…"` not built in) come from `named`.
public struct CellFormatter: Sendable {
    public var language: Language
    public var today: CivilDate
    public var named: [String: @Sendable (CellValue, Language) -> String]

    public init(language: Language, today: CivilDate, named: [String: @Sendable (CellValue, Language) -> String] = [:]) {
        self.language = language
        self.today = today
        self.named = named
    }

    public func text(_ value: CellValue, format: ColumnFormat) -> String {
        if case .named(let name) = format, let formatter = named[name] { return formatter(value, language) }
        switch value {
        case .none: return "—"
        case .text(let text): return text
        case .label(let label): return label.text(language)
        case .money(let money): return money.formatted(language)
        case .integer(let n):
            // Russian tables group thousands from five digits on: 2026, 8500, 48 300.
            return abs(n) >= 10_000 ? Self.grouped(n) : String(n)
        case .day(let day):
            guard format == .days else { return day.russianText }
            return String(max(0, day.days(until: today)))
        }
    }

    /// `45 000` with a no-break space.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append("\u{00A0}") }
            out.append(digit)
        }
        return out
    }
}

/// Which of a list's columns fit a width, and their table columns.
public enum ListColumns {
    /// The columns that fit `width`: those with the highest priority number are left out
    /// first, later ones before earlier ones.
    public static func visible(_ all: [ColumnDefinition], width: Int, gap: Int = 1) -> [ColumnDefinition] {
        var shown = all
        func needed(_ columns: [ColumnDefinition]) -> Int {
            columns.reduce(0) { sum, column in
                switch column.width {
                case .fixed(let n): sum + n
                case .flex(let minimum, _): sum + minimum
                }
            } + gap * max(0, columns.count - 1)
        }
        while needed(shown) > width, shown.count > 1 {
            let worst = shown.map(\.priority).max() ?? 1
            guard let index = shown.lastIndex(where: { $0.priority == worst }) else { break }
            shown.remove(at: index)
        }
        return shown
    }

    public static func tableColumns(_ columns: [ColumnDefinition], language: Language) -> [TableColumn] {
        columns.map { column in
            let width: TableColumn.Width
            switch column.width {
            case .fixed(let n): width = .fixed(n)
            case .flex(let minimum, let weight): width = .flexibleAtLeast(share: max(1, weight), minimum: minimum)
            }
            return TableColumn(column.title.text(language), width: width,
                               alignment: TextAlignment(rawValue: column.align.rawValue) ?? .left)
        }
    }
}
