import KiteDomain
import KiteStore

/// Where the deal rules reach other modules: the finance module's balance
/// (delivery only when paid) and the verification gate before a contract.
enum SalesHooks {
    /// A deal's payment balance; nil while no module provides it.
    static var balance: (@Sendable (PGConnection, Deal) throws -> DealBalance?)? { nil }

    static var stage: DealStageHooks {
        DealStageHooks(balance: balance, contractBlockers: nil)
    }
}
