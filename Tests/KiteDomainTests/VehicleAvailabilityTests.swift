import Testing
import KiteDomain

@Suite("Vehicle status: which cars can go into a deal")
struct VehicleAvailabilityTests {
    /// Every status with the answer a sales manager expects (DESIGN.md, stock):
    /// only a car standing at the dealer, ready or being prepared, can be sold;
    /// a delivered or written-off car no longer holds its VIN.
    static let examples: [(status: VehicleStatus, availableForSale: Bool, active: Bool)] = [
        (.ordered, false, true),        // not here yet
        (.inTransit, false, true),      // on a car carrier
        (.inStock, true, true),         // on the lot
        (.inPreparation, true, true),   // pre-sale preparation: can be sold while it finishes
        (.reserved, false, true),       // another deal holds it
        (.sold, false, true),           // sold, still waiting to be handed over
        (.delivered, false, false),     // the buyer has it
        (.writtenOff, false, false),    // gone
    ]

    @Test func everyStatusHasAWorkedExample() {
        #expect(Set(Self.examples.map(\.status)) == Set(VehicleStatus.allCases))
        #expect(Self.examples.count == VehicleStatus.allCases.count)
    }

    @Test(arguments: examples.map(\.status))
    func availableForSaleMatchesTheExample(_ status: VehicleStatus) throws {
        let example = try #require(Self.examples.first { $0.status == status })
        #expect(status.isAvailableForSale == example.availableForSale)
        #expect(status.isActive == example.active)
    }

    @Test func theStatusListsForSQLAreTheSameRule() {
        #expect(VehicleStatus.availableForSale == [.inStock, .inPreparation])
        #expect(VehicleStatus.inactive == [.delivered, .writtenOff])
    }

    /// A deal reserves the car it sells: whatever can go into a deal is exactly
    /// what the state machine lets move to `reserved`.
    @Test func availableForSaleIsWhatADealCanReserve() {
        for status in VehicleStatus.allCases {
            #expect(status.isAvailableForSale == status.canTransition(to: .reserved), "\(status)")
        }
    }
}
