import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Turns the `Screens/stock.toml` columns into table columns and a stock row
/// into the texts of its cells.
struct StockCells {
    let columns: [ColumnDefinition]
    let language: Language
    let today: Date

    /// The columns that fit `width`: those with the highest priority number
    /// are left out first, later ones before earlier ones.
    static func visible(_ all: [ColumnDefinition], width: Int, gap: Int = 1) -> [ColumnDefinition] {
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

    func tableColumns() -> [TableColumn] {
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

    func cells(_ row: StockRow) -> [String] {
        columns.map { cell(row, $0) }
    }

    func cell(_ row: StockRow, _ column: ColumnDefinition) -> String {
        switch column.format {
        case .days:
            guard column.field == "arrival_date" else { return "" }
            return StockAge.days(from: row.arrivalDate, to: today, calendar: FieldParsers.utcCalendar).map(String.init) ?? "—"
        case .money:
            return column.field == "list_price" ? row.listPrice.formatted(language) : ""
        case .status:
            return row.status.label.text(language)
        case .date:
            return column.field == "arrival_date" ? (row.arrivalDate.map(DayFormat.display) ?? "—") : ""
        case .lookup:
            return column.field == "location_id" ? (row.locationName ?? "—") : ""
        case .integer:
            switch column.field {
            case "year": return String(row.year)
            case "mileage_km": return NumberText.grouped(row.mileageKm)
            default: return ""
            }
        case .text:
            switch column.field {
            case "stock_number": return row.stockNumber
            case "vin": return row.vin
            case "make": return row.make
            case "model": return row.model
            case "colour": return row.colour
            case "dealership_code": return row.dealershipCode
            default: return ""
            }
        }
    }
}

enum NumberText {
    /// `45 000` with a no-break space, as Russian tables write numbers.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append("\u{00A0}") }
            out.append(digit)
        }
        return out
    }
}
