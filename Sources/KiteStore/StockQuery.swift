import Foundation
import KiteDomain

/// What the stock list shows for one vehicle. Days in stock are the UI's job.
public struct StockRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var stockNumber: String
    public var vin: String
    public var make: String
    public var model: String
    public var year: Int
    public var colour: String
    public var mileageKm: Int
    public var status: VehicleStatus
    public var locationID: Int64?
    public var locationName: String?
    public var arrivalDate: Date?
    public var listPrice: Money
    public var dealershipCode: String
    /// On its way on a trip: the ETA of the stop it is dropped at.
    public var eta: Date?
}

/// The stock list's filter. Empty text, empty statuses and nil dealership
/// mean "everything".
public struct StockFilter: Sendable, Hashable {
    /// VIN fragment or make/model words: every whitespace-separated word must
    /// occur (case-insensitively) in the VIN or in "make model".
    public var text: String
    public var statuses: Set<VehicleStatus>
    public var dealershipID: Int64?
    /// Every dealership but this one (a segment of a list that shows its own rows first).
    public var exceptDealershipID: Int64?
    /// Only cars that arrived before this day (aged stock).
    public var arrivedBefore: CivilDate?

    public init(text: String = "", statuses: Set<VehicleStatus> = [], dealershipID: Int64? = nil) {
        self.text = text
        self.statuses = statuses
        self.dealershipID = dealershipID
    }

    public var words: [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    public var isEmpty: Bool {
        words.isEmpty && statuses.isEmpty && dealershipID == nil && exceptDealershipID == nil && arrivedBefore == nil
    }
}

/// The sortable columns of the stock list; each has a `(column, id)` index.
public enum StockSortColumn: String, Sendable, Hashable, CaseIterable {
    case stockNumber = "stock_number"
    case vin
    case make
    case model
    case year
    case colour
    case mileageKm = "mileage_km"
    case status
    case listPrice = "list_price"
    case arrivalDate = "arrival_date"
    case location = "location_id"

    /// The SQL expression sorted on (matches the index expression exactly).
    var expression: String {
        switch self {
        case .arrivalDate: "COALESCE(v.arrival_date, 'infinity'::date)"
        case .location: "COALESCE(v.location_id, 0)"
        // The workflow's order (ordered → … → delivered, written off last), not the codes' alphabet.
        case .status: "kite_vehicle_status_rank(v.status)"
        default: "v.\(rawValue)"
        }
    }

    /// The cursor text of a row's value in this column.
    func cursorValue(of row: StockRow) -> String {
        switch self {
        case .stockNumber: row.stockNumber
        case .vin: row.vin
        case .make: row.make
        case .model: row.model
        case .year: String(row.year)
        case .colour: row.colour
        case .mileageKm: String(row.mileageKm)
        case .status: String(row.status.workflowRank)
        case .listPrice: row.listPrice.decimalString
        case .arrivalDate: row.arrivalDate.map { String(PGDateText.format($0).prefix(10)) } ?? "infinity"
        case .location: String(row.locationID ?? 0)
        }
    }
}

public struct StockSort: Sendable, Hashable {
    public var column: StockSortColumn
    public var descending: Bool
    /// The user's own dealership (id and code): its rows come first, in either direction
    /// (`kite.toml`'s `[user] dealership`); nil: one list in column order.
    public var ownDealershipID: Int64?
    public var ownDealershipCode: String?

    public init(column: StockSortColumn = .stockNumber, descending: Bool = false,
                ownDealershipID: Int64? = nil, ownDealershipCode: String? = nil) {
        self.column = column
        self.descending = descending
        self.ownDealershipID = ownDealershipID
        self.ownDealershipCode = ownDealershipCode
    }

    /// The same order within each dealership segment, without the segments.
    var withinSegment: StockSort { StockSort(column: column, descending: descending) }
}

/// A position in the list: the sort value and id of a row at a page edge.
/// Make it from a row with `StockCursor(row:sort:)`.
public struct StockCursor: Sendable, Hashable {
    /// Text form of the row's value in the sort column.
    public var sortValue: String
    public var id: Int64
    /// With own-dealership-first: whether the row is in the own dealership's segment.
    public var inOwnSegment: Bool?

    public init(sortValue: String, id: Int64, inOwnSegment: Bool? = nil) {
        self.sortValue = sortValue
        self.id = id
        self.inOwnSegment = inOwnSegment
    }

    public init(row: StockRow, sort: StockSort) {
        self.init(sortValue: sort.column.cursorValue(of: row), id: row.id,
                  inOwnSegment: sort.ownDealershipID == nil ? nil : row.dealershipCode == sort.ownDealershipCode)
    }
}

/// How many vehicles match a filter, as cheaply as the filter allows.
public enum StockCount: Sendable, Hashable {
    /// Counted.
    case exact(Int)
    /// More than this many match; counting stopped there.
    case atLeast(Int)
    /// The planner's table estimate (`pg_class.reltuples`), for the unfiltered list.
    case estimated(Int)
}

/// `%`, `_` and `\` escaped for LIKE/ILIKE (default escape character `\`).
func likeEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
        if character == "%" || character == "_" || character == "\\" { result.append("\\") }
        result.append(character)
    }
    return result
}
