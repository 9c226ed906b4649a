import Foundation
import KiteDomain
import Testing

/// Damage codes typed as digits, the fuel gauge in eighths, the bill of lading's own rules
/// and which delivery damages are new.
@Suite struct InspectionTests {
    static let catalogue = DamageCatalogue(
        areas: [4: LocalizedText(ru: "Бампер задний", en: "Bumper, rear"), 20: LocalizedText(ru: "Лобовое стекло", en: "Windshield")],
        types: [6: LocalizedText(ru: "Трещина", en: "Cracked"), 12: LocalizedText(ru: "Царапина", en: "Scratched")],
        severities: [1: LocalizedText(ru: "до 2,5 см", en: "up to 2.5 cm"), 5: LocalizedText(ru: "более 30 см", en: "over 30 cm")])

    @Test func aCodeIsFiveDigitsHoweverTyped() {
        let code = DamageCode("20065")
        #expect(code == DamageCode(area: 20, type: 6, severity: 5))
        #expect(DamageCode("20 06 5") == code && DamageCode("20-06-5") == code && DamageCode(" 2006 5 ") == code)
        #expect(code?.digits == "20065" && code?.spaced == "20 06 5")
        #expect(DamageCode("2006") == nil && DamageCode("200651") == nil && DamageCode("20O65") == nil && DamageCode("") == nil)
        #expect(DamageCode("２００６５") == nil)   // full-width digits are not the code card's
    }

    @Test func theCatalogueNamesEachPartOrTheWrongOne() throws {
        let code = try DamageCode.parse("20 06 5", catalogue: Self.catalogue).get()
        #expect(Self.catalogue.describe(code).ru == "Лобовое стекло · Трещина · более 30 см")
        #expect(Self.catalogue.describe(code).en == "Windshield · Cracked · over 30 cm")
        func message(_ text: String) -> String? {
            if case .failure(let issue) = DamageCode.parse(text, catalogue: Self.catalogue) { return issue.message.ru }
            return nil
        }
        #expect(message("99065") == "Код: зоны 99 нет в справочнике")
        #expect(message("20995") == "Код: вида 99 нет в справочнике")
        #expect(message("20063") == "Код: степень 3 не из справочника (1–5)")
        #expect(message("2006")?.hasPrefix("Код: 5 цифр") == true)
    }

    @Test func fuelInEighthsFromWhatPeopleType() {
        #expect(FuelLevel("5/8")?.eighths == 5 && FuelLevel("1/2")?.eighths == 4 && FuelLevel("3/4")?.eighths == 6)
        #expect(FuelLevel("5")?.eighths == 5 && FuelLevel("62%")?.eighths == 5 && FuelLevel("100 %")?.eighths == 8)
        #expect(FuelLevel("E")?.eighths == 0 && FuelLevel("полный")?.eighths == 8)
        #expect(FuelLevel("9") == nil && FuelLevel("5/3") == nil && FuelLevel("120%") == nil && FuelLevel("много") == nil)
        #expect(FuelLevel(eighths: 5)?.text == "5/8")
    }

    @Test func signedOrAbsentWithAReason() {
        var i = Inspection()
        i.odometerKm = 12
        i.fuel = FuelLevel("1/2")
        i.keysCount = 2
        #expect(i.validate().map(\.field) == ["signed_by"])
        i.recipientAbsent = true
        #expect(i.validate().map(\.field) == ["absent_reason"])
        i.absentReason = "ночная выгрузка"
        #expect(i.validate().isEmpty)
        i.odometerKm = -1
        i.keysCount = nil
        #expect(i.validate().map(\.field) == ["odometer_km", "keys_count"])
    }

    @Test func theSameAreaAndTypeTwiceIsOneRow() {
        var i = Inspection()
        i.odometerKm = 12
        i.fuel = FuelLevel("1/2")
        i.keysCount = 2
        i.signedBy = "Орлова Е."
        i.damages = [InspectionDamage(code: DamageCode("20061")!), InspectionDamage(code: DamageCode("20065")!)]
        #expect(i.validate().map(\.field) == ["damages"])
    }

    @Test func newDamagesAreThoseNotSeenAtPickupOrWorse() {
        let pickup = ["04123", "20061"].map { InspectionDamage(code: DamageCode($0)!) }
        let delivery = ["04123", "20065", "09043", "04121"].map { InspectionDamage(code: DamageCode($0)!) }
        #expect(Inspection.newDamages(delivery: delivery, pickup: pickup).map(\.code.digits) == ["20065", "09043"])
    }
}
