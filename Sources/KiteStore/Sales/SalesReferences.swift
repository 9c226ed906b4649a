import Foundation
import KiteDomain

public struct DiscountReason: Sendable, Hashable, Decodable {
    public var code: String
    public var nameRu: String
    public var nameEn: String
}

/// A message for one user, shown when they next open kite.
public struct UserNotice: Sendable, Hashable, Decodable {
    public var id: Int64
    public var messageRu: String
    public var messageEn: String
    public var createdAt: Date
}

/// Small reads and writes the sales screens need besides the repositories.
public struct SalesReferenceRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    public func discountReasons() throws -> [DiscountReason] {
        try connection.fetch(DiscountReason.self,
            "SELECT code, name_ru, name_en FROM discount_reasons WHERE active ORDER BY name_ru")
    }

    /// Unread notices of `login`, oldest first; they are marked read in the
    /// same statement, so each is shown once.
    public func takeNotices(login: String) throws -> [UserNotice] {
        try connection.fetch(UserNotice.self, """
            UPDATE user_notices SET read_at = now()
            WHERE login = \(login) AND read_at IS NULL
            RETURNING id, message_ru, message_en, created_at
            """).sorted { $0.id < $1.id }
    }

    /// Vehicles a deal of the dealership may take: in stock or in preparation, matching every word.
    public func availableVehicles(_ text: String, dealershipID: Int64?, limit: Int = 50) throws -> [StockRow] {
        var filter = StockFilter(dealershipID: dealershipID)
        filter.text = text
        filter.statuses = Set(VehicleStatus.availableForSale)
        return try VehicleRepository(connection: connection)
            .page(filter: filter, sort: StockSort(column: .make, descending: false), limit: limit)
    }
}
