import Foundation
import KiteDomain
import KiteStore
import Testing

/// What a record's one declaration of its columns derives (no server).
@Suite("Stored records: columns declared once")
struct StoredRecordTests {
    @Test func selectInsertUpdateAndCopyComeFromOneDeclaration() {
        var vehicle = Vehicle(vin: "XW8", make: "Haval", updatedBy: "seed")
        vehicle.id = 7
        #expect(Vehicle.selectList.text.hasPrefix("id, stock_number, vin, make,"))
        #expect(Vehicle.selectList.text.hasSuffix("version, updated_at, updated_by"))
        let insert = Vehicle.insert(vehicle, actor: "anna")
        #expect(insert.text.hasPrefix("INSERT INTO \"vehicles\" (stock_number, vin,"))
        #expect(!insert.text.contains("(id,") && !insert.text.contains(" version"))
        // Each written column once, then the actor for updated_by.
        #expect(insert.bindings.count == 22)
        #expect(insert.bindings.last == "anna")
        let update = Vehicle.update(vehicle, actor: "anna")
        // The status is inserted, never updated (the database's commands move it, 0042).
        #expect(update.text.contains("version = version + 1, updated_at = now(), updated_by = $21"))
        #expect(!update.text.contains("status"))
        #expect(!update.text.contains(" id = "))
        #expect(Vehicle.copyStatement.text.hasSuffix("bought_from_private_person, updated_by) FROM STDIN"))
        #expect(Vehicle.copyLine(vehicle).hasSuffix("\tseed"))
        #expect(Vehicle.copyLine(Vehicle()).hasSuffix("\tcopy"))
    }

    @Test func rolesDecideWhatEachStatementWrites() {
        // A customer's dealership is set on insert only.
        let customer = Customer(name: "Петров", dealershipID: 3)
        #expect(Customer.insert(customer, actor: "a").text.contains("dealership_id"))
        #expect(!Customer.update(customer, actor: "a").text.contains("dealership_id"))
        // A deal's stage is never written by a save; its totals are, from the price sheet, and are not read back.
        let deal = Deal(number: "MSK-2026-000001")
        #expect(!Deal.insert(deal, actor: "a").text.contains("stage"))
        #expect(Deal.insert(deal, actor: "a").text.contains("total_amount"))
        #expect(!Deal.selectList.text.contains("total_amount"))
        #expect(!Deal.update(deal, actor: "a").text.contains("number"))
        // Payments read joined columns under the alias and never write them.
        #expect(Payment.selectList.text.hasPrefix("p.id, p.dealership_id, ds.code AS dealership_code,"))
        #expect(!Payment.selectList.text.contains("p.reversed_by_payment_id"))
    }
}
