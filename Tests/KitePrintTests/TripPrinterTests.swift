import Foundation
import KiteApp
import KiteDomain
import KitePrint
import KiteStore
import KiteTestSupport
import Testing

/// `kite print trip NUMBER --form waybill|handover` against the demo database: the waybill
/// names the parties, the carrier, the truck, the driver and every car; the handover acts
/// are one per dropped car with its delivery damages, the new one marked with its claim.
@Suite(.serialized) struct TripPrinterTests {
    static let kite = DealPrinterTests.kite

    struct Delivered {
        let conninfo: String
        let connection: PGConnection
        let trip: Trip
        let vins: [String]
        let claimID: Int64
    }

    /// A demo database with a trip MSK yard → SPB showroom of two cars: picked up (the second
    /// with a dented bumper), departed, arrived; delivered with a new windshield crack on the
    /// first and the same dent on the second. `arrives: false` stops after departure.
    static func delivered(arrives: Bool = true) throws -> Delivered {
        let conninfo = try TestDatabase.makeMigrated()
        let seed = try Subprocess.run([kite, "seed", "--demo", "--database", conninfo])
        try #require(seed.status == 0, "kite seed --demo failed: \(seed.output)")
        let connection = try PGConnection(conninfo)
        let references = ReferenceRepository(connection: connection)
        let msk = try #require(try references.dealership(code: "MSK"))
        let spb = try #require(try references.dealership(code: "SPB"))
        let yard = try #require(try references.locations(dealershipID: msk.id).first { $0.kind == .yard })
        let showroom = try #require(try references.locations(dealershipID: spb.id).first { $0.kind == .showroom })
        struct Car: Decodable { var id: Int64; var vin: String }
        let cars = try connection.fetch(Car.self, """
            SELECT v.id, v.vin::text AS vin FROM vehicles v WHERE v.dealership_id = \(msk.id) AND v.status = 'in_stock'
            ORDER BY v.stock_number LIMIT 2
            """)
        try #require(cars.count == 2)
        let carrier = try #require(try CarrierRepository(connection: connection).list("Автовоз-Транс").first)
        let fleet = FleetRepository(connection: connection)
        let truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "Е778КХ77", trailerPlate: "АВ123477", capacity: 8,
                                           model: "Scania R440 + Lohr"), actor: "seed")
        let driver = try fleet.insert(Driver(carrierID: carrier.id, fullName: "Кузнецов Олег Петрович", phone: "+7 916 000-11-22",
                                             licenceNumber: "77 01 654321"), actor: "seed")
        var trip = Trip()
        trip.dealershipID = msk.id
        trip.carrierID = carrier.id
        trip.truckID = truck.id
        trip.driverID = driver.id
        trip.price = Money(roubles: 90_000)
        let trips = TripRepository(connection: connection)
        let stored = try trips.create(trip, stops: [TripStop(position: 1, locationID: yard.id), TripStop(position: 2, locationID: showroom.id)],
                                      on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "sidorova")
        let stops = try trips.stops(tripID: stored.id)
        let inspections = InspectionRepository(connection: connection)
        func inspect(_ kind: InspectionKind, _ car: Car, _ codes: [String]) throws -> Inspection {
            var i = Inspection()
            i.tripID = stored.id
            i.vehicleID = car.id
            i.kind = kind
            i.odometerKm = kind == .pickup ? 15 : 740
            i.fuel = FuelLevel(kind == .pickup ? "1/2" : "3/8")
            i.keysCount = 2
            i.ptsPresent = true
            i.signedBy = kind == .pickup ? "Смирнов А." : "Орлова Е."
            i.damages = codes.map { InspectionDamage(code: DamageCode($0)!) }
            return try inspections.record(i, actor: "sidorova")
        }
        for (index, car) in cars.enumerated() {
            try trips.addVehicle(tripID: stored.id, vehicleID: car.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "sidorova")
            _ = try inspect(.pickup, car, index == 1 ? ["04123"] : [])
        }
        try trips.depart(tripID: stored.id, actor: "sidorova")
        var claimID: Int64 = 0
        if arrives {
            _ = try trips.arrive(tripID: stored.id, stopID: stops[1].id, actor: "sidorova")
            claimID = try #require(try inspect(.delivery, cars[0], ["20065"]).damages.first?.claimID)
            _ = try inspect(.delivery, cars[1], ["04123"])
        }
        return Delivered(conninfo: conninfo, connection: connection, trip: stored, vins: cars.map(\.vin), claimID: claimID)
    }

    @Test func theWaybillNamesThePartiesTheCarrierTheTruckTheDriverAndEveryCar() throws {
        let d = try Self.delivered()
        let dataHome = try PrintFixtures.temporaryDirectory()
        let url = try TripPrinter.print(number: d.trip.number.lowercased(), form: .waybill, connection: d.connection,
                                        environment: ["XDG_DATA_HOME": dataHome.path, "HOME": "/nonexistent"])
        #expect(url.lastPathComponent == "\(d.trip.number)-waybill.pdf")
        let text = try PDFText.pages(url).joined(separator: " ")
        #expect(text.contains("ТРАНСПОРТНАЯ НАКЛАДНАЯ") && text.contains(d.trip.number))
        #expect(text.contains("№ 2200"))
        // The sections of Appendix 4 to Постановление № 2200 (as amended by № 2116), in the form's order.
        let sections = ["1. Грузоотправитель", "2. Грузополучатель", "3. Груз", "4. Сопроводительные документы на груз",
                        "5. Указания грузоотправителя по особым условиям перевозки", "6. Перевозчик", "7. Транспортное средство",
                        "8. Приём груза", "9. Переадресовка", "10. Выдача груза",
                        "11. Отметки грузоотправителей, грузополучателей, перевозчиков", "12. Стоимость перевозки груза"]
        var previous = text.startIndex
        for section in sections {
            let found = try #require(text.range(of: section), "\(section) in \(text)")
            #expect(found.lowerBound >= previous, "\(section) comes after the section before it")
            previous = found.lowerBound
        }
        #expect(!text.contains("Сдача груза") && !text.contains("Условия перевозки"))
        #expect(text.contains("Автовоз-Транс"))
        #expect(text.contains("Е778КХ77") && text.contains("АВ123477") && text.contains("Scania R440 + Lohr"))
        #expect(text.contains("Кузнецов Олег Петрович") && text.contains("654321"), "\(text)")
        #expect(text.contains("количество грузовых мест: 2"))
        for vin in d.vins { #expect(text.contains(vin), "\(vin) in \(text)") }
        #expect(text.contains("90 000,00 руб. (девяносто тысяч рублей 00 копеек)"))
        #expect(text.contains("Кузнецов О. П."))
    }

    @Test func theHandoverActIsOnePerCarWithItsDeliveryDamagesAndTheNewOnesClaim() throws {
        let d = try Self.delivered()
        let dataHome = try PrintFixtures.temporaryDirectory()
        let url = try TripPrinter.print(number: d.trip.number, form: .handover, connection: d.connection,
                                        environment: ["XDG_DATA_HOME": dataHome.path, "HOME": "/nonexistent"])
        let pages = try PDFText.pages(url)
        #expect(pages.count == 2, "\(pages)")
        let first = try #require(pages.first), second = try #require(pages.last)
        #expect(first.contains("АКТ ПРИЁМА-ПЕРЕДАЧИ АВТОМОБИЛЯ") && first.contains(d.vins[0]) && !first.contains(d.vins[1]))
        #expect(first.contains("20 06 5") && first.contains("Лобовое стекло"), "\(first)")
        #expect(first.contains("новое") && first.contains("№ \(d.claimID)"), "\(first)")
        #expect(first.contains("при погрузке 15, при выгрузке 740"))
        #expect(first.contains("Орлова Е.") && first.contains("Кузнецов О. П."))
        #expect(second.contains(d.vins[1]) && second.contains("04 12 3") && second.contains("отмечено при погрузке"), "\(second)")
        #expect(!second.contains("по ним перевозчику предъявлена претензия"))
    }

    @Test func aTripNotYetArrivedHasNoHandoverAndUnknownNumbersAreClearErrors() throws {
        let d = try Self.delivered(arrives: false)
        #expect(throws: PrintError.notPrintable(TripDocumentError.nothingDelivered(number: d.trip.number).message)) {
            try TripPrinter.print(number: d.trip.number, form: .handover, connection: d.connection)
        }
        #expect(throws: PrintError.tripNotFound(number: "MSK-TR-2026-999999")) {
            try TripPrinter.print(number: "MSK-TR-2026-999999", form: .waybill, connection: d.connection)
        }
        #expect(throws: PrintError.invalidTripNumber("MSK-2026-000001")) {
            try TripPrinter.print(number: "MSK-2026-000001", form: .waybill, connection: d.connection)
        }
        // The command line: the path on success, the refusal in words otherwise.
        let dataHome = try PrintFixtures.temporaryDirectory()
        let printed = try Subprocess.run(["/usr/bin/env", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "XDG_DATA_HOME=\(dataHome.path)",
                                          Self.kite, "print", "trip", d.trip.number, "--form", "waybill", "--database", d.conninfo])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.output.trimmingCharacters(in: .whitespacesAndNewlines) == dataHome.path + "/kite/print/\(d.trip.number)-waybill.pdf")
        let refused = try Subprocess.run(["/usr/bin/env", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", Self.kite, "print", "trip",
                                          d.trip.number, "--form", "handover", "--database", d.conninfo])
        #expect(refused.status == 1 && refused.output.contains("no car has been dropped yet"), "\(refused.output)")
    }
}
