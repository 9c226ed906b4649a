import KiteDomain
import KiteStore

/// Where the deal rules reach other modules: the finance module's balance
/// (delivery only when paid).
enum SalesHooks {
    /// A deal's balance from its confirmed payments (the finance module).
    static var balance: (@Sendable (PGConnection, Deal) throws -> DealBalance?)? {
        { connection, deal in try PaymentRepository(connection: connection).balance(dealID: deal.id) }
    }

    /// (The verification gate before a contract is the database's: kite_deal_move, 0041.)
    static var stage: DealStageHooks {
        DealStageHooks(balance: balance)
    }
}
