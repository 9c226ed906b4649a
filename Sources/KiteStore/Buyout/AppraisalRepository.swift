import Foundation
import KiteDomain

extension AppraisalState: SQLTextEnum {}
extension AppraisalState: SQLArrayElement { public static var sqlArrayType: PGType { .textArray } }
extension AppraisalSource: SQLTextEnum {}
extension AppraisalSource: SQLArrayElement { public static var sqlArrayType: PGType { .textArray } }
extension PTSKind: SQLTextEnum {}
extension ChecklistAnswer: SQLTextEnum {}

/// `appraisals`: each column once. The state, the offer and the purchase change only
/// through the appraisal commands (`AppraisalRepository.offer`, `approve`, `answer`, `buy`).
extension Appraisal: StoredRecord, VersionedRecord {
    public static let table = "appraisals"
    public static var blank: Appraisal { Appraisal() }

    public static var columns: [StoredColumn<Appraisal>] {
        [
            .column("id", \.id, .serverManaged),
            .column("number", \.number, .insertOnly),
            .column("dealership_id", \.dealershipID, .insertOnly),
            .column("seller_id", \.sellerID),
            .column("source", \.source),
            .column("deal_id", \.dealID),
            .column("appraiser_login", \.appraiserLogin, .insertOnly),
            .column("vin", \.vin),
            .column("make", \.make),
            .column("model", \.model),
            .column("model_year", \.modelYear),
            .column("body", \.body),
            .column("colour", \.colour),
            .column("mileage_km", \.mileageKm),
            .column("plate", \.plate),
            .column("pts_kind", \.ptsKind),
            .column("pts_number", \.ptsNumber),
            .column("owners", \.owners),
            .column("keys_count", \.keysCount),
            .column("service_book", \.serviceBook),
            .column("notes", \.notes),
            .column("state", \.state, .readOnly),
            .column("expected_retail", \.expectedRetail, .readOnly),
            .column("reconditioning", \.reconditioning, .readOnly),
            .column("target_margin", \.targetMargin, .readOnly),
            .column("holding_cost", \.holdingCost, .readOnly),
            .column("offer_amount", \.offerAmount, .readOnly),
            .column("offer_reason", \.offerReason, .readOnly),
            .column("offer_valid_until", \.offerValidUntil, .readOnly),
            .column("approval_requested_by", \.approvalRequestedBy, .readOnly),
            .column("approved_by", \.approvedBy, .readOnly),
            .column("decline_reason", \.declineReason, .readOnly),
            .column("vehicle_id", \.vehicleID, .readOnly),
            .column("purchase_price", \.purchasePrice, .readOnly),
            .column("payout_id", \.payoutID, .readOnly),
            .column("bought_at", \.boughtAt, .readOnly),
            .column("version", \.version, .version),
            .column("created_at", \.createdAt, .serverManaged),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
            .column("client_id", \.clientID, .insertOnly),
            .column("happened_at", \.happenedAt, .insertOnly),
            .column("received_at", \.receivedAt, .serverManaged),
        ]
    }
}

/// A buyout rule said no (the database's appraisal commands, migrations 0030–0031): the
/// rule's code and the values it named, said in the person's language.
public struct AppraisalRefusal: Refusal, Hashable {
    public var code: String
    public var values: [String: String]

    public init(code: String, values: [String: String] = [:]) {
        self.code = code
        self.values = values
    }

    public var localizedReason: LocalizedText {
        guard let key = AppraisalRefusalText(rawValue: code) else { return LocalizedText(ru: code, en: code) }
        var ru = values, en = values
        if let state = values["state"].flatMap(AppraisalState.init(rawValue:)) {
            ru["state"] = state.label.ru
            en["state"] = state.label.en
        }
        if let action = values["action"] {
            ru["action"] = AppraisalRefusalText.action(action).ru
            en["action"] = AppraisalRefusalText.action(action).en
        }
        for money in ["amount", "formula"] {
            if let text = values[money], let value = try? Money(databaseText: text) {
                ru[money] = value.formatted(.ru)
                en[money] = value.formatted(.en)
            }
        }
        if let ruReasons = values["reasons_ru"] { ru["reasons"] = ruReasons }
        if let enReasons = values["reasons_en"] { en["reasons"] = enReasons }
        return LocalizedText(ru: LocalizedText.fill(key.text.ru, ru), en: LocalizedText.fill(key.text.en, en))
    }

    /// The refusal a database error carries, if it is one of the buyout rules.
    public static func from(_ error: any Error) -> AppraisalRefusal? {
        guard let error = error as? DatabaseError, let constraint = error.constraint,
              AppraisalRefusalText(rawValue: constraint) != nil else { return nil }
        var values: [String: String] = [:]
        if let detail = error.detail, let data = detail.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for (key, value) in object where key != "blockers" { values[key] = "\(value)" }
            // The contract gate (appraisal_buy, migration 0032): the blockers in the person's words.
            if let list = object["blockers"], let json = try? JSONSerialization.data(withJSONObject: list),
               let blockers = try? JSONDecoder().decode([ContractGate.Blocker].self, from: json) {
                let messages = ContractGate.messages(blockers,
                    car: ContractGate.appraisalCarName(number: values["number"] ?? "", vin: values["vin"] ?? ""),
                    customer: values["seller"] ?? "")
                values["reasons_ru"] = messages.map(\.ru).joined(separator: "; ")
                values["reasons_en"] = messages.map(\.en).joined(separator: "; ")
            }
        }
        return AppraisalRefusal(code: constraint, values: values)
    }
}

/// What the appraisals list filters on.
public struct AppraisalFilter: Sendable, Hashable {
    public var states: Set<AppraisalState> = []
    public var sources: Set<AppraisalSource> = []
    public var appraiserLogin: String?
    public var dealershipID: Int64?
    /// Open offers whose date is within this many days of the dealership's today.
    public var expiringWithinDays: Int?
    public var text = ""
    public var beforeID: Int64?

    public init(states: Set<AppraisalState> = [], sources: Set<AppraisalSource> = [], appraiserLogin: String? = nil,
                dealershipID: Int64? = nil, expiringWithinDays: Int? = nil, text: String = "") {
        self.states = states
        self.sources = sources
        self.appraiserLogin = appraiserLogin
        self.dealershipID = dealershipID
        self.expiringWithinDays = expiringWithinDays
        self.text = text
    }
}

/// One line of the appraisals list.
public struct AppraisalRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var number: String
    public var state: AppraisalState
    public var source: AppraisalSource
    public var dealershipCode: String
    public var appraiserLogin: String
    public var sellerName: String
    public var vin: String
    public var makeModel: String
    public var modelYear: Int
    public var mileageKm: Int
    public var offerAmount: Money?
    public var offerValidUntil: CivilDate?
    public var createdAt: Date
    /// Complete photos uploaded by the phone (kite-api).
    public var photoCount: Int = 0
}

/// One change of the offer or the state (`appraisal_events`), oldest first.
public struct AppraisalEventRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var event: String
    public var state: AppraisalState
    public var offerAmount: Money?
    public var expectedRetail: Money?
    public var reconditioning: Money?
    public var targetMargin: Money?
    public var holdingCost: Money?
    public var validUntil: CivilDate?
    public var reason: String
    public var at: Date
    public var actor: String
    public var dbLogin: String
}

/// Appraisals: the single entry point for the TUI, the phone API and the demo seed. The
/// rules — who, which state, the approval, expiry — are the database's (migration 0030);
/// a refusal comes back as an `AppraisalRefusal`.
public struct AppraisalRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    // MARK: reading

    public func get(id: Int64) throws -> Appraisal? {
        try connection.fetchOne(Appraisal.self, "SELECT \(fragment: Appraisal.selectList) FROM appraisals WHERE id = \(id)")
    }

    public func get(number: String) throws -> Appraisal? {
        try connection.fetchOne(Appraisal.self, "SELECT \(fragment: Appraisal.selectList) FROM appraisals WHERE number = \(number)")
    }

    /// Who appraised the appraisals this login sees: (login, full name), by name.
    public func appraisers() throws -> [(login: String, name: String)] {
        struct Row: Decodable { var login: String; var name: String }
        return try connection.fetch(Row.self, """
            SELECT a.appraiser_login AS login, coalesce(min(e.full_name), a.appraiser_login) AS name
              FROM appraisals a LEFT JOIN employees e ON e.login = a.appraiser_login
             GROUP BY a.appraiser_login ORDER BY 2, 1
            """).map { ($0.login, $0.name) }
    }

    /// The appraisals that pass `filter`, newest first.
    public func list(_ filter: AppraisalFilter, offset: Int = 0, limit: Int = 100) throws -> [AppraisalRow] {
        var sql: SQL = """
            SELECT a.id, a.number, a.state, a.source, d.code AS dealership_code, a.appraiser_login,
                   c.name AS seller_name, a.vin::text AS vin, a.make || ' ' || a.model AS make_model, a.model_year,
                   a.mileage_km, a.offer_amount, a.offer_valid_until, a.created_at,
                   (SELECT count(*)::int FROM appraisal_photos p WHERE p.appraisal_id = a.id AND p.complete) AS photo_count
              FROM appraisals a
              JOIN dealerships d ON d.id = a.dealership_id
              JOIN customers c ON c.id = a.seller_id
             WHERE true
            """
        if !filter.states.isEmpty { sql += " AND a.state = ANY(\(filter.states.map(\.rawValue).sorted()))" }
        if !filter.sources.isEmpty { sql += " AND a.source = ANY(\(filter.sources.map(\.rawValue).sorted()))" }
        if let login = filter.appraiserLogin { sql += " AND a.appraiser_login = \(login)" }
        if let dealershipID = filter.dealershipID { sql += " AND a.dealership_id = \(dealershipID)" }
        if let days = filter.expiringWithinDays {
            sql += """
                 AND a.state IN ('offered', 'awaiting_approval', 'approved')
                 AND a.offer_valid_until <= appraisal_today(a.dealership_id) + (\(days))::int
                """
        }
        if let beforeID = filter.beforeID { sql += " AND a.id < \(beforeID)" }
        for word in filter.text.split(whereSeparator: \.isWhitespace) {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            sql += """
                 AND (lower(a.number) LIKE \(pattern) OR lower(a.vin) LIKE \(pattern)
                      OR lower(a.make || ' ' || a.model) LIKE \(pattern) OR lower(c.name) LIKE \(pattern))
                """
        }
        sql += " ORDER BY a.id DESC OFFSET \(max(0, offset)) LIMIT \(max(0, limit))"
        return try connection.fetch(AppraisalRow.self, sql)
    }

    public func answers(appraisalID: Int64) throws -> [AppraisalAnswer] {
        struct Row: Decodable { var itemCode: String; var answer: ChecklistAnswer; var severity: Int?; var note: String; var photos: String }
        return try connection.fetch(Row.self, """
            SELECT item_code, answer, severity, note, array_to_json(photos)::text AS photos FROM appraisal_answers
             WHERE appraisal_id = \(appraisalID) ORDER BY item_code
            """).map { row in
            var a = AppraisalAnswer(itemCode: row.itemCode, answer: row.answer,
                                    severity: row.severity.flatMap(DefectSeverity.init(rawValue:)), note: row.note,
                                    photos: (try? JSONDecoder().decode([String].self, from: Data(row.photos.utf8))) ?? [])
            a.appraisalID = appraisalID
            return a
        }
    }

    public func paint(appraisalID: Int64) throws -> [PaintReading] {
        struct Row: Decodable { var panel: String; var microns: Int }
        return try connection.fetch(Row.self, """
            SELECT panel, microns FROM appraisal_paint WHERE appraisal_id = \(appraisalID) ORDER BY panel
            """).map { row in
            var p = PaintReading(panel: row.panel, microns: row.microns)
            p.appraisalID = appraisalID
            return p
        }
    }

    public func reconditioning(appraisalID: Int64) throws -> [ReconditioningLine] {
        struct Row: Decodable { var id: Int64; var itemCode: String?; var description: String; var amount: Money }
        return try connection.fetch(Row.self, """
            SELECT id, item_code, description, amount FROM appraisal_reconditioning
             WHERE appraisal_id = \(appraisalID) ORDER BY id
            """).map { row in
            var line = ReconditioningLine(itemCode: row.itemCode, description: row.description, amount: row.amount)
            line.id = row.id
            line.appraisalID = appraisalID
            return line
        }
    }

    public func events(appraisalID: Int64) throws -> [AppraisalEventRow] {
        try connection.fetch(AppraisalEventRow.self, """
            SELECT id, event, state, offer_amount, expected_retail, reconditioning, target_margin, holding_cost,
                   valid_until, reason, at, actor, db_login
              FROM appraisal_events WHERE appraisal_id = \(appraisalID) ORDER BY id
            """)
    }

    /// The dealership's offer settings (the defaults when it has no row).
    public func settings(dealershipID: Int64) throws -> AppraisalSettings {
        struct Row: Decodable {
            var targetMarginBasisPoints: Int64
            var dailyHoldingCost: Money
            var expectedDaysToSell: Int
            var defaultReconditioning: Money
            var offerValidDays: Int
            var approvalLimit: Money
        }
        guard let row = try connection.fetchOne(Row.self, """
            SELECT (target_margin_percent * 100)::bigint AS target_margin_basis_points, daily_holding_cost, expected_days_to_sell, default_reconditioning,
                   offer_valid_days, approval_limit
              FROM appraisal_settings WHERE dealership_id = \(dealershipID)
            """) else { return .defaults }
        return AppraisalSettings(targetMarginBasisPoints: row.targetMarginBasisPoints, dailyHoldingCost: row.dailyHoldingCost,
                                 expectedDaysToSell: row.expectedDaysToSell, defaultReconditioning: row.defaultReconditioning,
                                 offerValidDays: row.offerValidDays, approvalLimit: row.approvalLimit)
    }

    /// The group's sales like this car (`appraisal_comparables`, one query over an index).
    public func comparables(make: String, model: String, modelYear: Int, mileageKm: Int, days: Int = 180) throws -> ComparablesSummary {
        struct Row: Decodable {
            var comparables: Int
            var priceP25: Money?
            var priceMedian: Money?
            var priceP75: Money?
            var priceMin: Money?
            var priceMax: Money?
            var daysMedian: Int?
            var daysP75: Int?
        }
        guard let row = try connection.fetchOne(Row.self, """
            SELECT comparables, price_p25, price_median, price_p75, price_min, price_max, days_median, days_p75
              FROM appraisal_comparables(\(make), \(model), \(modelYear), \(mileageKm), \(days))
            """) else { return ComparablesSummary(count: 0) }
        return ComparablesSummary(count: row.comparables, priceP25: row.priceP25, priceMedian: row.priceMedian,
                                  priceP75: row.priceP75, priceMin: row.priceMin, priceMax: row.priceMax,
                                  medianDaysInStock: row.daysMedian, p75DaysInStock: row.daysP75)
    }

    /// The offer's breakdown for an appraisal as it stands: its reconditioning lines (the
    /// default when none), the dealership's settings, the comparables' days in stock.
    public func breakdown(for appraisal: Appraisal, expectedRetail: Money) throws -> (OfferBreakdown, ComparablesSummary) {
        let settings = try settings(dealershipID: appraisal.dealershipID)
        let lines = try reconditioning(appraisalID: appraisal.id).map(\.amount)
        let comparables = try comparables(make: appraisal.make, model: appraisal.model, modelYear: appraisal.modelYear,
                                          mileageKm: appraisal.mileageKm)
        return (OfferFormula.breakdown(expectedRetail: expectedRetail, reconditioningLines: lines, settings: settings,
                                       comparables: comparables), comparables)
    }

    /// A deal a trade-in can be credited to (the card's deal field): one of the dealership's
    /// that is still a draft or reserved (`appraisal_buy` credits only those).
    public struct TradeInDeal: Sendable, Hashable, Decodable {
        public var id: Int64
        public var number: String
        public var stage: String
        public var customerName: String?
        public var vehicle: String?
    }

    /// The dealership's draft or reserved deals whose number, customer or car matches every
    /// word of `text`, newest first.
    public func tradeInDeals(matching text: String, dealershipID: Int64, limit: Int = 50) throws -> [TradeInDeal] {
        var sql: SQL = """
            SELECT d.id, d.number, d.stage, c.name AS customer_name, v.make || ' ' || v.model AS vehicle
              FROM deals d
              LEFT JOIN customers c ON c.id = d.customer_id
              LEFT JOIN vehicles v ON v.id = d.vehicle_id
             WHERE d.dealership_id = \(dealershipID) AND d.stage IN ('draft', 'reserved')
            """
        for word in text.split(separator: " ") {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            sql += " AND (lower(d.number) LIKE \(pattern) OR lower(coalesce(c.name, '')) LIKE \(pattern) OR lower(coalesce(v.make || ' ' || v.model, '')) LIKE \(pattern))"
        }
        sql += " ORDER BY d.id DESC LIMIT \(max(1, limit))"
        return try connection.fetch(TradeInDeal.self, sql)
    }

    /// The deal of a trade-in appraisal, as the card shows it.
    public func tradeInDeal(id: Int64) throws -> TradeInDeal? {
        try connection.fetchOne(TradeInDeal.self, """
            SELECT d.id, d.number, d.stage, c.name AS customer_name, v.make || ' ' || v.model AS vehicle
              FROM deals d LEFT JOIN customers c ON c.id = d.customer_id LEFT JOIN vehicles v ON v.id = d.vehicle_id
             WHERE d.id = \(id)
            """)
    }

    // MARK: writing

    /// A new draft numbered in its dealership and year (`MSK-AP-2026-000001`); the make and
    /// model year are filled from the VIN when empty.
    @discardableResult
    public func create(_ appraisal: Appraisal, on day: CivilDate, actor: String) throws -> Appraisal {
        try refusing {
            try connection.transaction { connection in
                guard let number = try connection.fetchOne(String.self,
                    "SELECT appraisal_next_number(\(appraisal.dealershipID), \(day))") else {
                    throw AppraisalRefusal(code: "appraisal_dealership")
                }
                var a = Self.normalized(appraisal)
                a.number = number
                if a.appraiserLogin.isEmpty { a.appraiserLogin = actor }
                let stored = try connection.insertReturning(a, entity: "appraisal", actor: actor)
                try AppraisalChecks.enqueue(appraisalID: stored.id, vin: stored.vin, on: connection)
                return stored
            }
        }
    }

    /// Saves the car's description if the row is still at `appraisal.version`.
    @discardableResult
    public func update(_ appraisal: Appraisal, actor: String) throws -> Appraisal {
        try refusing {
            try connection.transaction { connection in
                let stored = try connection.updateVersioned(Self.normalized(appraisal), entity: "appraisal", actor: actor)
                try AppraisalChecks.enqueue(appraisalID: stored.id, vin: stored.vin, on: connection)
                return stored
            }
        }
    }

    /// Records the checklist answers given (others stay), in one transaction.
    public func saveAnswers(appraisalID: Int64, _ answers: [AppraisalAnswer], actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                for a in answers {
                    try connection.execute("""
                        INSERT INTO appraisal_answers (appraisal_id, item_code, answer, severity, note, photos)
                        VALUES (\(appraisalID), \(a.itemCode), \(a.answer), \(a.severity?.rawValue), \(a.note.trimmingCharacters(in: .whitespaces)), \(a.photos))
                        ON CONFLICT (appraisal_id, item_code) DO UPDATE
                           SET answer = EXCLUDED.answer, severity = EXCLUDED.severity, note = EXCLUDED.note, photos = EXCLUDED.photos
                        """)
                }
                try touch(appraisalID, actor: actor, on: connection)
            }
        }
    }

    /// Records paint readings (a panel measured again replaces its reading).
    public func savePaint(appraisalID: Int64, _ readings: [PaintReading], actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                for r in readings {
                    try connection.execute("""
                        INSERT INTO appraisal_paint (appraisal_id, panel, microns) VALUES (\(appraisalID), \(r.panel), \(r.microns))
                        ON CONFLICT (appraisal_id, panel) DO UPDATE SET microns = EXCLUDED.microns
                        """)
                }
                try touch(appraisalID, actor: actor, on: connection)
            }
        }
    }

    /// Clears the answers of `itemCodes` (the item is unanswered again), in one transaction;
    /// the audit trail keeps what they were.
    public func clearAnswers(appraisalID: Int64, itemCodes: [String], actor: String) throws {
        guard !itemCodes.isEmpty else { return }
        try refusing {
            try connection.transaction { connection in
                try connection.execute("""
                    DELETE FROM appraisal_answers WHERE appraisal_id = \(appraisalID) AND item_code = ANY(\(itemCodes))
                    """)
                try touch(appraisalID, actor: actor, on: connection)
            }
        }
    }

    /// Clears the paint readings of `panels` (not measured again), in one transaction.
    public func clearPaint(appraisalID: Int64, panels: [String], actor: String) throws {
        guard !panels.isEmpty else { return }
        try refusing {
            try connection.transaction { connection in
                try connection.execute("DELETE FROM appraisal_paint WHERE appraisal_id = \(appraisalID) AND panel = ANY(\(panels))")
                try touch(appraisalID, actor: actor, on: connection)
            }
        }
    }

    @discardableResult
    public func addReconditioning(appraisalID: Int64, _ line: ReconditioningLine, actor: String) throws -> Int64 {
        try refusing {
            try connection.transaction { connection in
                let id = try connection.fetchOne(Int64.self, """
                    INSERT INTO appraisal_reconditioning (appraisal_id, item_code, description, amount)
                    VALUES (\(appraisalID), \(line.itemCode), \(line.description.trimmingCharacters(in: .whitespaces)), \(line.amount))
                    RETURNING id
                    """) ?? 0
                try touch(appraisalID, actor: actor, on: connection)
                return id
            }
        }
    }

    public func removeReconditioning(appraisalID: Int64, lineID: Int64, actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                try connection.execute("DELETE FROM appraisal_reconditioning WHERE id = \(lineID) AND appraisal_id = \(appraisalID)")
                try touch(appraisalID, actor: actor, on: connection)
            }
        }
    }

    // MARK: the offer and its answers

    /// Makes or changes the offer; returns the state it leaves (offered, or awaiting
    /// approval above the dealership's limit). An amount other than the formula's needs a reason.
    @discardableResult
    public func offer(appraisalID: Int64, breakdown: OfferBreakdown, amount: Money, reason: String, actor: String) throws -> AppraisalState {
        try refusing {
            let state = try connection.fetchOne(String.self, """
                SELECT appraisal_offer(\(appraisalID), \(breakdown.expectedRetail), \(breakdown.reconditioning),
                                       \(breakdown.targetMargin), \(breakdown.holdingCost), \(amount),
                                       \(reason.trimmingCharacters(in: .whitespaces)), \(actor))
                """)
            return state.flatMap(AppraisalState.init(rawValue:)) ?? .offered
        }
    }

    /// A senior approves (never the one who asked).
    public func approve(appraisalID: Int64, actor: String) throws {
        try refusing { try connection.execute("SELECT appraisal_approve(\(appraisalID), \(actor))") }
    }

    /// The seller's answer: accepted, or declined with a reason.
    public func answer(appraisalID: Int64, accepted: Bool, reason: String = "", actor: String) throws {
        try refusing { try connection.execute("SELECT appraisal_answer(\(appraisalID), \(accepted), \(reason), \(actor))") }
    }

    /// Offers past their date expire (kited's periodic job); returns how many.
    @discardableResult
    public func expireOffers() throws -> Int {
        try refusing { try connection.fetchOne(Int.self, "SELECT appraisal_expire_offers()") ?? 0 }
    }

    // MARK: the purchase

    /// How the seller is paid.
    public enum PayoutMethod: String, Sendable, Hashable, CaseIterable {
        case cash, card
        case bankTransfer = "bank_transfer"
    }

    /// Buys an accepted appraisal in one transaction: refused by the database while a blocking
    /// check of the dealership (`kite_check_blockers`, the contract gate's rule: on the
    /// appraisal's VIN and the seller) failed, is out of date or missing; then the car in stock as used at the price paid, the payout to the seller
    /// (or a trade-in deal's credit), the appraisal linked. Returns the new car's id. Two
    /// clerks at once: the appraisal's row lock serves them in turn, and the second is told
    /// it is bought.
    @discardableResult
    public func buy(appraisalID: Int64, locationID: Int64?, method: PayoutMethod = .bankTransfer, actor: String) throws -> Int64 {
        try refusing {
            try connection.transaction { connection in
                // The contract gate is appraisal_buy's own (migration 0032): a login calling it
                // from psql is refused the same way.
                return try connection.fetchOne(Int64.self, """
                    SELECT appraisal_buy(\(appraisalID), \(locationID), \(method.rawValue), \(actor))
                    """) ?? 0
            }
        }
    }

    /// The appraisal a car was bought by (the vehicle card's link).
    public func forVehicle(vehicleID: Int64) throws -> Appraisal? {
        try connection.fetchOne(Appraisal.self, "SELECT \(fragment: Appraisal.selectList) FROM appraisals WHERE vehicle_id = \(vehicleID)")
    }

    // MARK: helpers

    private func touch(_ appraisalID: Int64, actor: String, on connection: PGConnection) throws {
        try connection.execute("UPDATE appraisals SET version = version + 1, updated_at = now(), updated_by = \(actor) WHERE id = \(appraisalID)")
    }

    func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if let refusal = AppraisalRefusal.from(error) { throw refusal }
            throw error
        }
    }

    static func normalized(_ appraisal: Appraisal) -> Appraisal {
        var a = appraisal
        a.vin = VIN.normalize(a.vin)
        a.fillFromVIN()
        a.make = a.make.trimmingCharacters(in: .whitespaces)
        a.model = a.model.trimmingCharacters(in: .whitespaces)
        a.colour = a.colour.trimmingCharacters(in: .whitespaces)
        a.plate = a.plate.isEmpty ? "" : RegistrationPlate.normalized(a.plate)
        a.ptsNumber = PTSKind.normalized(a.ptsNumber, kind: a.ptsKind)
        a.notes = a.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        return a
    }
}
