import Testing
@testable import KiteDomain

@Suite("Vehicle status") struct VehicleStatusTests {
    static let expected: [VehicleStatus: Set<VehicleStatus>] = [
        .ordered: [.inTransit, .inStock, .writtenOff],
        .inTransit: [.inStock, .writtenOff],
        .inStock: [.inPreparation, .reserved, .writtenOff],
        .inPreparation: [.inStock, .reserved, .writtenOff],
        .reserved: [.inStock, .sold, .writtenOff],
        .sold: [.delivered],
        .delivered: [],
        .writtenOff: [],
    ]

    @Test(arguments: VehicleStatus.allCases)
    func everyTransitionFromStatus(_ from: VehicleStatus) throws {
        let allowed = try #require(Self.expected[from])
        #expect(Set(from.allowedNext) == allowed)
        for to in VehicleStatus.allCases {
            switch from.transition(to: to) {
            case .success(let next):
                #expect(allowed.contains(to), "\(from) → \(to) should be refused")
                #expect(next == to)
            case .failure(let refusal):
                #expect(!allowed.contains(to), "\(from) → \(to) should be allowed")
                #expect(refusal.from == from && refusal.to == to)
                #expect(!refusal.reason.ru.isEmpty && !refusal.reason.en.isEmpty)
            }
        }
    }

    @Test func soldCarComesBackOnlyThroughDealReversal() throws {
        guard case .failure(let refusal) = VehicleStatus.sold.transition(to: .inStock) else {
            Issue.record("sold → in_stock must be refused")
            return
        }
        #expect(refusal.reason.ru == "Нельзя перевести из «продан» в «на складе»: проданный автомобиль возвращается только сторнированием сделки")
        #expect(refusal.reason.en == "Cannot change from “sold” to “in stock”: a sold vehicle comes back only by reversing its deal")
    }

    @Test func refusalsExplainTheRule() {
        func reason(_ from: VehicleStatus, _ to: VehicleStatus) -> String {
            if case .failure(let refusal) = from.transition(to: to) { return refusal.reason.ru }
            return ""
        }
        #expect(reason(.inStock, .sold).contains("только зарезервированный"))
        #expect(reason(.inTransit, .reserved).contains("на складе или на предпродажной"))
        #expect(reason(.inStock, .delivered).contains("только проданный"))
        #expect(reason(.writtenOff, .inStock).contains("списание окончательное"))
        #expect(reason(.delivered, .writtenOff).contains("сторнированием сделки"))
        #expect(reason(.inStock, .inStock) == "Автомобиль уже в статусе «на складе»")
        #expect(reason(.inStock, .ordered).contains("начальный"))
        #expect(reason(.inStock, .inTransit).contains("перевозкой"))
    }

    @Test func activeMeansNotDeliveredAndNotWrittenOff() {
        let inactive: Set<VehicleStatus> = [.delivered, .writtenOff]
        for status in VehicleStatus.allCases {
            #expect(status.isActive == !inactive.contains(status))
        }
    }

    @Test func rawValuesMatchTheDatabase() {
        #expect(VehicleStatus.allCases.map(\.rawValue) ==
                ["ordered", "in_transit", "in_stock", "in_preparation", "reserved", "sold", "delivered", "written_off"])
    }
}

@Suite("Vehicle status: what only a deal may change")
struct DealManagedStatusTests {
    @Test func manualChangesStayOutOfDealStatuses() {
        #expect((try? VehicleStatus.inStock.manualTransition(to: .inPreparation).get()) == .inPreparation)
        #expect((try? VehicleStatus.inStock.manualTransition(to: .reserved).get()) == nil)
        #expect((try? VehicleStatus.reserved.manualTransition(to: .inStock).get()) == nil)
        #expect((try? VehicleStatus.reserved.manualTransition(to: .writtenOff).get()) == nil)
        if case .failure(let refusal) = VehicleStatus.inStock.manualTransition(to: .reserved) {
            #expect(refusal.reason.ru.contains("через сделку"))
        }
    }
}
