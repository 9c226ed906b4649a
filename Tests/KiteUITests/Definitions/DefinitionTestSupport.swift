import Foundation
@testable import KiteUI

/// The checkout this test was built from (holds the shipped Screens/, Keymaps/, config/).
let repositoryRoot: URL = DataPaths.checkout(containing: #filePath)!

/// The vehicle columns, as KiteStore will pass them.
let vehicleColumns: Set<String> = [
    "id", "stock_number", "vin", "make", "model", "trim", "year", "colour", "body", "fuel",
    "transmission", "mileage_km", "condition", "status", "vehicle_type", "dealership_id",
    "location_id", "purchase_cost", "list_price", "arrival_date", "attributes", "version",
    "updated_at", "updated_by",
]
let testEntities: [String: Set<String>] = EntityFields.all.merging(["vehicle": vehicleColumns.union(EntityFields.vehicle)]) { $1 }

/// A fresh temporary folder, removed by the caller with `remove()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-def-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func sub(_ path: String) throws -> URL {
        let u = url.appendingPathComponent(path, isDirectory: true)
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    func write(_ path: String, _ text: String) throws {
        let u = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: true, encoding: .utf8)
    }

    /// Copies a shipped folder (`Screens`, `Keymaps`, `config`) of the checkout into this one.
    func copyShipped(_ folder: String) throws {
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder),
                                         to: url.appendingPathComponent(folder))
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The error a throwing expression throws, as a `DefinitionError`.
func definitionError(_ body: () throws -> Void) -> DefinitionError? {
    do {
        try body()
        return nil
    } catch let error as DefinitionError {
        return error
    } catch {
        return nil
    }
}
