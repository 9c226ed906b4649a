import Foundation
import KiteDomain

/// Who holds a vehicle that a deal could not reserve.
public struct VehicleHolder: Sendable, Hashable, Decodable {
    public var dealID: Int64
    public var number: String
    public var managerLogin: String
    public var managerName: String?
    public var stage: DealStage
}

/// What the store adds to the domain's stage rules: the payment facts come
/// from the module that plugs in here. (The contract gate — the customer's data
/// and the blocking checks — is the database's: `kite_deal_move`, migration 0041.)
public struct DealStageHooks: Sendable {
    /// The payment facts of a deal (issue 4); nil leaves payments unchecked.
    public var balance: (@Sendable (PGConnection, Deal) throws -> DealBalance?)?

    public init(balance: (@Sendable (PGConnection, Deal) throws -> DealBalance?)? = nil) {
        self.balance = balance
    }

    public static let none = DealStageHooks()
}

extension DealRepository {
    /// Runs one stage command (reserve, contract, deliver, close, cancel) if
    /// the deal is still at `expectedVersion` and the rules allow it, moving
    /// its vehicle along: reserved → the car is reserved until the
    /// dealership's date; contracted → sold; delivered → delivered;
    /// cancelled → back in stock. A refusal is a `RefusalError` saying why;
    /// a car held by another deal names that deal and its manager.
    @discardableResult
    public func perform(_ command: DealCommand, dealID: Int64, expectedVersion: Int, actor: String,
                        reason: String = "", hooks: DealStageHooks = .none) throws -> Deal {
        do {
            return try connection.transaction { connection in
                try DealRepository(connection: connection)
                    .performLocked(command, dealID: dealID, expectedVersion: expectedVersion, actor: actor,
                                   reason: reason, hooks: hooks)
            }
        } catch let error as DatabaseError where error.constraint == "deals_one_active_per_vehicle" {
            // A racing session reserved the same car between our check and our write.
            throw try heldElsewhere(dealID: dealID)
        }
    }

    private func performLocked(_ command: DealCommand, dealID: Int64, expectedVersion: Int, actor: String,
                               reason: String, hooks: DealStageHooks) throws -> Deal {
        let deal = try lock(id: dealID, expectedVersion: expectedVersion)
        var facts = DealFacts()
        facts.reservationExpired = try deal.stage == .reserved
            && (connection.fetchOne(Bool.self, "SELECT \(deal.reservedUntil) < current_date") ?? false)

        switch command {
        case .reserve:
            try requireParties(deal)
            try requireDiscountApproval(deal)
            let status = try deal.vehicleID.flatMap {
                try connection.fetchOne(VehicleStatus.self, "SELECT status FROM vehicles WHERE id = \($0)")
            }
            let renewing = deal.stage == .reserved && status == .reserved
            facts.vehicleAvailable = renewing || status?.isAvailableForSale == true
            if !facts.vehicleAvailable, deal.stage == .draft, try holder(vehicleID: deal.vehicleID, except: deal.id) != nil {
                throw try heldElsewhere(dealID: deal.id)
            }
        case .contract:
            // The customer's data and the blocking checks: kite_deal_move refuses
            // (deal_customer_incomplete, deal_checks_block), said by StateCommandRefusal.
            try requireDiscountApproval(deal)
        case .deliver:
            if let balance = try hooks.balance?(connection, deal) {
                facts.apply(balance)
                facts.paymentsEnforced = true
            }
        case .close, .cancel:
            break
        }

        let target: DealStage
        switch deal.stage.apply(command, facts: facts) {
        case .success(let stage): target = stage
        case .failure(let refusal): throw RefusalError("stage_" + refusal.reason.rawValue, message: refusal.message)
        }
        if command == .cancel && reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw RefusalError("cancel_reason", ru: "Укажите причину отмены", en: "Give the reason for cancelling")
        }

        // The vehicle follows the deal: checked here for a refusal that names who
        // holds it; moved by the database's command with the deal (0037).
        var vehicleMove: (id: Int64, from: VehicleStatus, to: VehicleStatus)?
        if let vehicleID = deal.vehicleID {
            var move: (from: [VehicleStatus], to: VehicleStatus)?
            switch target {
            case .reserved where deal.stage == .draft: move = (VehicleStatus.availableForSale, .reserved)
            case .contracted: move = ([.reserved], .sold)
            case .delivered: move = ([.sold], .delivered)
            case .cancelled where deal.stage.holdsVehicle: move = ([.reserved, .sold], .inStock)
            default: break
            }
            if let move {
                let current = try requireVehicle(vehicleID, in: move.from, to: move.to, deal: deal)
                vehicleMove = (vehicleID, current, move.to)
            }
        }
        try StateCommand.run(role: .salesRole, action: "move_deal") {
            try connection.execute("SELECT kite_deal_move(\(deal.id), \(target)::text, \(reason)::text, \(actor)::text)")
        }
        if let vehicleMove {
            try AuditLog.append(connection, entity: "vehicle", id: vehicleMove.id, action: "status", actor: actor, data: """
                jsonb_build_object('from', \(vehicleMove.from)::text, 'to', \(vehicleMove.to), 'deal', \(deal.number)::text)
                """)
        }
        try Self.writes(connection).audit(id: deal.id, action: command.rawValue, actor: actor, data: """
            jsonb_build_object('from', \(deal.stage), 'to', \(target),
                               'reason', \(reason)::text)
            """)
        guard let stored = try get(id: deal.id) else { throw NotFoundError(entity: "deal", id: deal.id) }
        return stored
    }

    private func requireParties(_ deal: Deal) throws {
        if deal.customerID == nil {
            throw RefusalError("no_customer", ru: "Нельзя зарезервировать: не выбран клиент",
                               en: "Cannot reserve: no customer chosen")
        }
        if deal.vehicleID == nil {
            throw RefusalError("no_vehicle", ru: "Нельзя зарезервировать: не выбран автомобиль",
                               en: "Cannot reserve: no vehicle chosen")
        }
    }

    /// A discount above the dealership's limit needs a senior's approval first.
    private func requireDiscountApproval(_ deal: Deal) throws {
        let decision = try discountDecision(deal, approver: deal.discountApprovedBy)
        switch decision {
        case .withinLimit, .approved:
            return
        case .needsApproval(let limit, _):
            throw RefusalError("discount_needs_approval",
                ru: "Скидка больше лимита \(limit.formatted(.ru)): нужно согласование руководителя",
                en: "The discount is above the limit of \(limit.formatted(.en)): a senior must approve it")
        case .refused(let message):
            throw RefusalError("discount_refused", message: message)
        }
    }

    /// The vehicle's status if it is in one of `from`; a car that is not is held
    /// by someone else (or was moved by hand), and the whole transition fails.
    private func requireVehicle(_ vehicleID: Int64, in from: [VehicleStatus], to status: VehicleStatus,
                                deal: Deal) throws -> VehicleStatus {
        let current = try connection.fetchOne(VehicleStatus.self, "SELECT status FROM vehicles WHERE id = \(vehicleID) FOR UPDATE")
        if let current, from.contains(current) { return current }
        if status == .reserved, try holder(vehicleID: vehicleID, except: deal.id) != nil {
            throw try heldElsewhere(dealID: deal.id)
        }
        let label = current?.label ?? LocalizedText(ru: "?", en: "?")
        throw RefusalError("vehicle_unavailable",
            ru: "Автомобиль сейчас в статусе «\(label.ru)»: сделка не может его \(status == .reserved ? "зарезервировать" : "перевести в «\(status.label.ru)»")",
            en: "The vehicle is now '\(label.en)': the deal cannot move it to '\(status.label.en)'")
    }

    /// The active deal that holds the vehicle, other than `except`.
    public func holder(vehicleID: Int64?, except dealID: Int64 = 0) throws -> VehicleHolder? {
        guard let vehicleID else { return nil }
        return try connection.fetchOne(VehicleHolder.self, """
            SELECT d.id AS deal_id, d.number, d.manager_login, e.full_name AS manager_name, d.stage
            FROM deals d LEFT JOIN employees e ON e.login = d.manager_login
            WHERE d.vehicle_id = \(vehicleID) AND d.id <> \(dealID)
              AND d.stage IN ('reserved', 'contracted', 'delivered')
            """)
    }

    /// The refusal for a car that another deal holds (read after the failed
    /// transaction, so it sees the winner's commit).
    func heldElsewhere(dealID: Int64) throws -> RefusalError {
        let vehicleID = try connection.fetchOne(Int64.self, "SELECT vehicle_id FROM deals WHERE id = \(dealID)")
        guard let holder = try holder(vehicleID: vehicleID, except: dealID) else {
            return RefusalError("vehicle_unavailable", ru: "Автомобиль недоступен для продажи",
                                en: "The vehicle is not available for sale")
        }
        let manager = holder.managerName ?? holder.managerLogin
        return RefusalError("vehicle_held",
            ru: "Автомобиль уже в сделке \(holder.number) (менеджер \(manager), стадия «\(holder.stage.label.ru)»)",
            en: "The vehicle is already in deal \(holder.number) (manager \(manager), stage '\(holder.stage.label.en)')")
    }

    // MARK: - Discount approval

    /// The dealership's limit and the decision for `approver` (a login).
    public func discountDecision(_ deal: Deal, approver: String?) throws -> DiscountDecision {
        let basisPoints = try connection.fetchOne(Int.self, """
            SELECT round(discount_limit_percent * 100)::int FROM dealerships WHERE id = \(deal.dealershipID)
            """) ?? 0
        var approving: DiscountApprover?
        if let approver {
            let isSenior = try connection.fetchOne(Bool.self, """
                SELECT is_senior OR role = 'admin' FROM employees WHERE login = \(approver) AND active
                """) ?? false
            approving = DiscountApprover(userID: approver, isSenior: isSenior)
        }
        return DiscountApproval.decide(discount: deal.priceSheet.discountFromList, listPrice: deal.listPrice,
                                       limit: .percentOfListPrice(basisPoints: basisPoints),
                                       requestedBy: deal.discountRequestedBy ?? deal.managerLogin,
                                       approver: approving)
    }

    /// A senior approves the deal's discount; the one who asked cannot.
    @discardableResult
    public func approveDiscount(dealID: Int64, expectedVersion: Int, approver: String) throws -> Deal {
        try connection.transaction { connection in
            let repository = DealRepository(connection: connection)
            let deal = try repository.lock(id: dealID, expectedVersion: expectedVersion)
            switch try repository.discountDecision(deal, approver: approver) {
            case .refused(let message):
                throw RefusalError("discount_refused", message: message)
            case .needsApproval:
                throw RefusalError("discount_refused", ru: "Согласовать нельзя", en: "Cannot approve")
            case .withinLimit, .approved:
                // Within the limit the database refuses (deal_discount_within_limit): nothing to approve.
                try StateCommand.run(role: .seniorRole, action: "approve_discount") {
                    try connection.execute("SELECT kite_deal_approve_discount(\(dealID), \(approver)::text)")
                }
                try Self.writes(connection).audit(id: dealID, action: "approve_discount", actor: approver, data: """
                    jsonb_build_object('discount', \(deal.discountAmount))
                    """)
            }
            guard let stored = try repository.get(id: dealID) else { throw NotFoundError(entity: "deal", id: dealID) }
            return stored
        }
    }
}
