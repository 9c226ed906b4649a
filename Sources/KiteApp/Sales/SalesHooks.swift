import KiteDomain
import KiteStore

/// Where the deal rules reach other modules: the finance module's balance
/// (delivery only when paid) and the verification gate before a contract.
enum SalesHooks {
    /// A deal's balance from its confirmed payments (the finance module).
    static var balance: (@Sendable (PGConnection, Deal) throws -> DealBalance?)? {
        { connection, deal in try PaymentRepository(connection: connection).balance(dealID: deal.id) }
    }

    /// The verification gate: blocking checks failed, missing or too old (per dealership).
    static var contractBlockers: @Sendable (PGConnection, Deal) throws -> [LocalizedText] {
        { connection, deal in
            guard let vehicleID = deal.vehicleID, let customerID = deal.customerID else { return [] }
            return try ContractGate.blockers(connection: connection, dealershipID: deal.dealershipID,
                                             vehicleID: vehicleID, customerID: customerID)
        }
    }

    static var stage: DealStageHooks {
        DealStageHooks(balance: balance, contractBlockers: contractBlockers)
    }
}
