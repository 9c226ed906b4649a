import Foundation
import KiteStore

/// What a registry said about a VIN.
public struct RegistryFinding: Sendable, Hashable {
    public var details: String
    public var source: String

    public init(details: String, source: String) {
        self.details = details
        self.source = source
    }
}

/// Where the pledge, wanted and restriction checks look a VIN up.
public protocol RegistryProvider {
    /// Stored with each result (`local`, `http`).
    var name: String { get }
    /// The entry for `vin` in `registry`, or nil when the VIN is clean.
    /// Throwing stores an `error` result for that check.
    func lookup(_ registry: RegistryKind, vin: String) throws -> RegistryFinding?
}

/// The registry tables imported with `kite registry import`.
public struct LocalRegistryProvider: RegistryProvider {
    public let connection: PGConnection
    public var name: String { "local" }

    public init(connection: PGConnection) {
        self.connection = connection
    }

    public func lookup(_ registry: RegistryKind, vin: String) throws -> RegistryFinding? {
        try RegistryRepository(connection: connection).lookup(registry, vin: vin).map {
            RegistryFinding(details: $0.details, source: $0.source)
        }
    }
}
