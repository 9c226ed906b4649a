import Foundation
import KiteDomain
import Testing

@Suite struct FleetTests {
    @Test(arguments: [("А123ВС77", true), ("a123bc 777", true), ("А123ВС7", false), ("Б123ВС77", false), ("123ВС77", false)])
    func truckPlates(input: String, valid: Bool) {
        #expect(RegistrationPlate.isValid(RegistrationPlate.normalized(input), kind: .vehicle) == valid)
    }

    @Test func aLatinPlateIsKeptInCyrillic() {
        #expect(RegistrationPlate.normalized("a123bc-77") == "А123ВС77")
        #expect(RegistrationPlate.isValid(RegistrationPlate.normalized("ab 1234 77"), kind: .trailer))
        #expect(!RegistrationPlate.isValid(RegistrationPlate.normalized("А123ВС77"), kind: .trailer))
    }

    @Test(arguments: [("99 00 123456", true), ("77АВ123456", true), ("77 AB 123456", false), ("99001234", false)])
    func drivingLicences(input: String, valid: Bool) {
        #expect(DrivingLicence.isValid(DrivingLicence.normalized(input)) == valid)
    }

    @Test func aTruckNamesEachBadField() {
        var truck = Truck(carrierID: 0, plate: "Б1", trailerPlate: "X", capacity: 13)
        #expect(Set(truck.validate().map(\.field)) == ["carrier_id", "plate", "trailer_plate", "capacity"])
        truck = Truck(carrierID: 1, plate: "А123ВС77", capacity: 8)
        #expect(truck.validate().isEmpty)
    }

    @Test func aDriverNeedsANameAndALicence() {
        let issues = Driver(carrierID: 1, fullName: " ", licenceNumber: "12").validate()
        #expect(Set(issues.map(\.field)) == ["full_name", "licence_number"])
    }

    @Test func aTripsLoadAndLateness() {
        #expect(TripLoad(cars: 6, capacity: 8).text == "6 / 8")
        #expect(!TripLoad(cars: 6, capacity: 8).isFull && TripLoad(cars: 8, capacity: 8).isFull)
        #expect(TripLoad(cars: 0, capacity: nil).text == "0 / —")
        let now = Date()
        var stop = TripStop(position: 2, locationID: 1, eta: now.addingTimeInterval(-90 * 60))
        #expect(stop.minutesLate(at: now) == 90)
        stop.arrivedAt = now
        #expect(stop.minutesLate(at: now) == nil)
        #expect(TripNumber.isValid("MSK-TR-2026-000045") && !TripNumber.isValid("MSK-2026-000045"))
    }

    @Test func theStageCommandsStartFromTheirStages() {
        #expect(TripCommand.depart.from == [.planned, .loading])
        #expect(TripCommand.allCases.filter { $0.from.contains(.inTransit) } == [.arrive])
        #expect(TripStage.allCases.filter(\.isBeforeDeparture) == [.planned, .loading])
    }
}
