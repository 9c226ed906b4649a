import Foundation
import KiteDomain

/// What the deals list shows.
public struct DealFilter: Sendable, Hashable {
    /// Words matched against the number, the customer's name and the vehicle (VIN, make model).
    public var text: String
    public var stages: Set<DealStage>
    public var dealershipID: Int64?
    /// Only this manager's deals ("mine").
    public var managerLogin: String?
    /// Only reservations that end on or before this day ("expiring today").
    public var reservationEndsBy: CivilDate?
    /// Only reservations that end today or earlier, "today" in each deal's dealership's
    /// time zone (`dealerships.time_zone`): the deals list's "expiring today".
    public var reservationEndsToday = false
    /// Only deals created at or after this moment (the home screen's "this month").
    public var createdSince: Date?

    public init(text: String = "", stages: Set<DealStage> = [], dealershipID: Int64? = nil,
                managerLogin: String? = nil, reservationEndsBy: CivilDate? = nil) {
        self.text = text
        self.stages = stages
        self.dealershipID = dealershipID
        self.managerLogin = managerLogin
        self.reservationEndsBy = reservationEndsBy
    }
}

/// One line of the deals list.
public struct DealRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var number: String
    public var stage: DealStage
    public var customerName: String?
    public var vehicleName: String?
    public var vin: String?
    public var totalAmount: Money
    public var amountDue: Money
    public var managerLogin: String
    public var reservedUntil: CivilDate?
    public var dealershipCode: String
    public var updatedAt: Date
}

/// Deals: numbering, versioned saves with their lines, the stage machine
/// with the vehicle it holds, discount approval. Every write is one
/// transaction with its audit rows.
public struct DealRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    // MARK: - Reads

    public func get(id: Int64) throws -> Deal? {
        guard var deal = try connection.fetchOne(Deal.self,
            "SELECT \(fragment: Deal.selectList) FROM deals WHERE id = \(id)") else { return nil }
        deal.lines = try lines(dealID: id)
        return deal
    }

    public func get(number: String) throws -> Deal? {
        guard let id = try connection.fetchOne(Int64.self,
            "SELECT id FROM deals WHERE number = \(number.uppercased())") else { return nil }
        return try get(id: id)
    }

    func lines(dealID: Int64) throws -> [DealExtraLine] {
        try connection.fetch(DealLineRecord.self, """
            SELECT kind, description, quantity, unit_price, vat_rate_percent
            FROM deal_lines WHERE deal_id = \(dealID) ORDER BY position
            """).map(\.line)
    }

    /// Newest first.
    public func list(_ filter: DealFilter, limit: Int = 500) throws -> [DealRow] {
        var conditions: [SQL] = []
        for word in filter.text.split(whereSeparator: \.isWhitespace).map(String.init) {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            conditions.append("""
                (lower(d.number) LIKE \(pattern) OR lower(c.name) LIKE \(pattern)
                 OR lower(v.vin) LIKE \(pattern) OR lower(v.make || ' ' || v.model) LIKE \(pattern))
                """)
        }
        if !filter.stages.isEmpty {
            conditions.append("d.stage = ANY(\(filter.stages.map(\.rawValue).sorted())::text[])")
        }
        if let dealershipID = filter.dealershipID { conditions.append("d.dealership_id = \(dealershipID)") }
        if let manager = filter.managerLogin { conditions.append("d.manager_login = \(manager)") }
        if let since = filter.createdSince { conditions.append("d.created_at >= \(since)") }
        if let day = filter.reservationEndsBy {
            conditions.append("d.stage = 'reserved' AND d.reserved_until <= \(day)")
        }
        if filter.reservationEndsToday {
            conditions.append("d.stage = 'reserved' AND d.reserved_until <= (now() AT TIME ZONE ds.time_zone)::date")
        }
        var sql: SQL = """
            SELECT d.id, d.number, d.stage, c.name AS customer_name,
                   CASE WHEN v.id IS NULL THEN NULL ELSE v.make || ' ' || v.model END AS vehicle_name,
                   v.vin, d.total_amount, d.amount_due, d.manager_login, d.reserved_until,
                   ds.code AS dealership_code, d.updated_at
            FROM deals d
            JOIN dealerships ds ON ds.id = d.dealership_id
            LEFT JOIN customers c ON c.id = d.customer_id
            LEFT JOIN vehicles v ON v.id = d.vehicle_id
            """
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, separator: " AND ") }
        sql += " ORDER BY d.id DESC LIMIT \(max(0, limit))"
        return try connection.fetch(DealRow.self, sql)
    }

    // MARK: - Saves

    /// Stores a new draft with the next number of its dealership and year
    /// (`MSK-2026-000124`). The vehicle's purchase cost and margin-VAT flag and
    /// the dealership's VAT rate are taken from the database.
    @discardableResult
    public func create(_ deal: Deal, actor: String) throws -> Deal {
        try connection.transaction { connection in
            var d = try DealRepository(connection: connection).prepared(deal, previous: nil, actor: actor)
            let number = try Self.takeNumber(connection, dealershipID: d.dealershipID)
            d.number = number
            guard let id = try connection.fetchOne(Int64.self, Deal.insert(d, actor: actor) + " RETURNING id") else {
                throw DatabaseError.usage("INSERT returned no row")
            }
            try Self.insertLines(connection, dealID: id, lines: d.lines)
            try Self.writes(connection).auditRow(id: id, action: "insert", actor: actor)
            guard let stored = try DealRepository(connection: connection).get(id: id) else {
                throw NotFoundError(entity: "deal", id: id)
            }
            return stored
        }
    }

    /// Saves a draft or a reserved deal if it is still at `deal.version`.
    /// A contracted deal's prices are fixed; a reserved deal keeps its vehicle.
    @discardableResult
    public func update(_ deal: Deal, actor: String) throws -> Deal {
        try connection.transaction { connection in
            let repository = DealRepository(connection: connection)
            let previous = try repository.lock(id: deal.id, expectedVersion: deal.version)
            guard previous.stage == .draft || previous.stage == .reserved else {
                throw RefusalError("deal_fixed",
                    ru: "Сделка в стадии «\(previous.stage.label.ru)»: её условия уже не меняются",
                    en: "The deal is '\(previous.stage.label.en)': its terms can no longer change")
            }
            if previous.stage == .reserved && deal.vehicleID != previous.vehicleID {
                throw RefusalError("vehicle_locked",
                    ru: "Автомобиль зарезервирован по этой сделке: чтобы сменить его, сначала отмените резерв",
                    en: "The vehicle is reserved for this deal: cancel the reservation before changing it")
            }
            let d = try repository.prepared(deal, previous: previous, actor: actor)
            // The approval is not the card's to write (0037): a change of the discount's
            // terms drops it in the database (deals_approval_follows_terms).
            try connection.execute(Deal.update(d, actor: actor) + " WHERE id = \(d.id)")
            try connection.execute("DELETE FROM deal_lines WHERE deal_id = \(d.id)")
            try Self.insertLines(connection, dealID: d.id, lines: d.lines)
            try Self.writes(connection).audit(id: d.id, action: "update", actor: actor, data: """
                jsonb_build_object('before_version', \(previous.version)::int,
                                   'after', (SELECT to_jsonb(d) FROM deals d WHERE d.id = \(d.id)),
                                   'lines', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY position), '[]')
                                             FROM deal_lines l WHERE l.deal_id = \(d.id)))
                """)
            guard let stored = try repository.get(id: d.id) else { throw NotFoundError(entity: "deal", id: d.id) }
            return stored
        }
    }

    /// The deal as it will be stored: validated, with the vehicle's cost and
    /// margin flag, the dealership's VAT rate, and the discount approval reset
    /// when the discount changed.
    func prepared(_ deal: Deal, previous: Deal?, actor: String) throws -> Deal {
        var d = deal
        if let previous {
            d.number = previous.number
            d.dealershipID = previous.dealershipID
            d.managerLogin = previous.managerLogin
            d.vatRatePercent = previous.vatRatePercent
        } else {
            guard let rate = try connection.fetchOne(Int.self,
                "SELECT round(vat_rate_percent)::int FROM dealerships WHERE id = \(d.dealershipID)") else {
                throw RefusalError("no_dealership", ru: "Дилерский центр не найден", en: "Dealership not found")
            }
            d.vatRatePercent = rate
            if d.managerLogin.isEmpty { d.managerLogin = actor }
        }
        if let vehicleID = d.vehicleID {
            struct VehicleFacts: Decodable {
                var status: VehicleStatus
                var purchaseCost: Money
                var boughtFromPrivatePerson: Bool
                var make: String
                var model: String
            }
            guard let vehicle = try connection.fetchOne(VehicleFacts.self, """
                SELECT status, purchase_cost, bought_from_private_person, make, model FROM vehicles WHERE id = \(vehicleID)
                """) else { throw NotFoundError(entity: "vehicle", id: vehicleID) }
            let keepsItsVehicle = previous?.vehicleID == vehicleID && previous?.stage == .reserved
            if !keepsItsVehicle && !vehicle.status.isAvailableForSale {
                throw RefusalError("vehicle_unavailable",
                    ru: "Автомобиль \(vehicle.make) \(vehicle.model) недоступен для продажи (статус «\(vehicle.status.label.ru)»)",
                    en: "The vehicle \(vehicle.make) \(vehicle.model) is not available for sale (status '\(vehicle.status.label.en)')")
            }
            d.purchaseCost = vehicle.purchaseCost
            d.marginVAT = vehicle.boughtFromPrivatePerson
        } else {
            d.purchaseCost = .zero
            d.marginVAT = false
        }
        if d.discountAmount == .zero {
            d.discountReason = nil
            d.discountRequestedBy = nil
            d.discountApprovedBy = nil
        } else if previous == nil || previous?.discountAmount != d.discountAmount
                    || previous?.listPrice != d.listPrice || previous?.discountReason != d.discountReason {
            d.discountRequestedBy = actor
            d.discountApprovedBy = nil
        } else {
            d.discountRequestedBy = previous?.discountRequestedBy
            d.discountApprovedBy = previous?.discountApprovedBy
        }
        if let error = d.validate().first(where: { $0.severity == .error }) {
            throw RefusalError("invalid_deal", message: error.message)
        }
        return d
    }

    /// Locks the deal (`FOR UPDATE`) and checks its version.
    func lock(id: Int64, expectedVersion: Int) throws -> Deal {
        var deal = try Self.writes(connection).lock(Deal.self, id: id, expectedVersion: expectedVersion)
        deal.lines = try lines(dealID: id)
        return deal
    }

    static func writes(_ connection: PGConnection) -> VersionedWrites {
        VersionedWrites("deal", table: Deal.table, on: connection)
    }

    /// The next deal number of the dealership in the database's current year.
    static func takeNumber(_ connection: PGConnection, dealershipID: Int64) throws -> String {
        struct Taken: Decodable {
            var code: String
            var year: Int
            var lastNumber: Int
        }
        guard let taken = try connection.fetchOne(Taken.self, """
            WITH next AS (
                INSERT INTO deal_number_counters AS c (dealership_id, year, last_number)
                VALUES (\(dealershipID), extract(year FROM current_date)::int, 1)
                ON CONFLICT (dealership_id, year) DO UPDATE SET last_number = c.last_number + 1
                RETURNING year, last_number)
            SELECT ds.code, next.year, next.last_number FROM next, dealerships ds WHERE ds.id = \(dealershipID)
            """), let number = DealNumber(dealershipCode: taken.code, year: taken.year, sequence: taken.lastNumber) else {
            throw RefusalError("no_number", ru: "Не удалось присвоить номер сделки", en: "Could not number the deal")
        }
        return number.formatted
    }

    static func insertLines(_ connection: PGConnection, dealID: Int64, lines: [DealExtraLine]) throws {
        for (index, line) in lines.enumerated() {
            try connection.execute("""
                INSERT INTO deal_lines (deal_id, position, kind, description, quantity, unit_price, vat_rate_percent)
                VALUES (\(dealID), \(index + 1), \(line.kind), \(line.description), \(line.quantity),
                        \(line.unitPrice), \(line.vatRate.storedPercent))
                """)
        }
    }
}
