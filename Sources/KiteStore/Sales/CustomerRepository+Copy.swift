import Foundation
import KiteDomain

extension CustomerRepository {
    /// Loads customers with COPY (benchmarks, big imports): no audit rows and
    /// no verification jobs. Values are stored as given (normalise first).
    @discardableResult
    public func copyIn(_ customers: some Sequence<Customer>) throws -> Int {
        let columns = Customer.columns
        return try connection.copyIn(Customer.copyStatement,
                                     lines: customers.lazy.map { Customer.copyLine($0, columns: columns) })
    }
}
