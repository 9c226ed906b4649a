import Foundation
import Testing
@testable import KiteDomain

@Suite("VIN") struct VINTests {
    @Test func textbookNorthAmericanVINIsValid() {
        // The FMVSS 115 textbook example: check digit X, model year K with a digit at position 7 → 1989.
        let report = VINDecoder.decode("1M8GDM9AXKP042788")
        #expect(report.valid)
        #expect(report.checkDigit == .init(expected: "X", actual: "X", valid: true))
        #expect(report.region == "North America")
        #expect(report.country == "United States")
        #expect(report.modelYears == [1989])
        #expect(report.manufacturer == nil)  // 1M8 is not in the table: unknown, not an error
        #expect(report.errors.isEmpty && report.warnings.isEmpty)
    }

    @Test func normalisesWhitespaceAndCase() {
        let report = VINDecoder.decode("  1m8gdm9axkp042788\n")
        #expect(report.vin == "1M8GDM9AXKP042788")
        #expect(report.valid)
        #expect(VIN(" 1hgcm82633a004352 ")?.value == "1HGCM82633A004352")
    }

    @Test func hondaAccord2003() {
        let report = VINDecoder.decode("1HGCM82633A004352")
        #expect(report.valid)
        #expect(report.manufacturer == "Honda of America")
        #expect(report.modelYears == [2003])
    }

    @Test func ladaWithWrongCheckDigitIsOnlyAWarning() {
        // Weighted sum of XTA210990Y2765432 leaves remainder 3 → the check digit should be 3; the VIN has 0.
        #expect(VIN.expectedCheckDigit("XTA210990Y2765432") == "3")
        let report = VINDecoder.decode("XTA210990Y2765432")
        #expect(report.valid)
        #expect(report.checkDigit == .init(expected: "3", actual: "0", valid: false))
        #expect(report.errors.isEmpty)
        #expect(report.warnings.count == 1)
        #expect(report.issues.first?.severity == .warning)
        #expect(report.issues.first?.field == "vin")
        #expect(report.issues.first?.message.ru.contains("«0»") == true)
        #expect(report.manufacturer == "AvtoVAZ")
        #expect(report.wmi == "XTA")
        #expect(report.region == "Europe")
        #expect(report.country == "Russia")
        #expect(report.modelYears == [2000])  // 2030 cannot exist yet
        #expect(report.regionLabel?.ru == "Европа")
        #expect(report.countryLabel?.ru == "Россия")
    }

    @Test func ladaWithCorrectCheckDigit() {
        let report = VINDecoder.decode("XTA219040N0123456")
        #expect(report.valid && report.checkDigit.valid && report.warnings.isEmpty)
        #expect(report.modelYears == [1992, 2022])
    }

    @Test func northAmericanWrongCheckDigitIsAnError() {
        let report = VINDecoder.decode("1HGCM82643A004352")  // position 9 changed 3 → 4
        #expect(!report.valid)
        #expect(report.checkDigit == .init(expected: "3", actual: "4", valid: false))
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.contains("Check digit") == true)
    }

    @Test func forbiddenLetterIsNamedWithItsPosition() {
        let report = VINDecoder.decode("XTA21O990Y2765432")
        #expect(!report.valid)
        #expect(report.errors == ["Position 6: letter 'O' is not allowed in a VIN (I, O and Q are excluded: they look like 1, 0 and 9)"])
        #expect(report.issues.first?.message.ru.hasPrefix("Позиция 6: буква «O»") == true)
        #expect(report.checkDigit.expected == nil)
        #expect(report.modelYears.isEmpty)
        #expect(report.manufacturer == "AvtoVAZ")  // the WMI itself is readable
    }

    @Test func sixteenCharactersIsAnError() {
        let report = VINDecoder.decode("1M8GDM9AXKP04278")
        #expect(!report.valid)
        #expect(report.errors == ["A VIN must be exactly 17 characters, got 16"])
        #expect(report.checkDigit.expected == nil)
        #expect(report.checkDigit.actual == "X")
    }

    @Test func cyrillicLookAlikeIsExplained() {
        let report = VINDecoder.decode("ХTA219040N0123456")  // the first letter is Cyrillic Х
        #expect(!report.valid)
        #expect(report.issues.first?.message.ru.contains("кириллическая буква «Х»") == true)
        #expect(report.issues.first?.message.en.contains("Latin 'X'") == true)
    }

    @Test func otherInvalidCharacters() {
        #expect(VIN.structureProblems("XTA-19040N0123456") == [.invalidCharacter(position: 4, character: "-")])
        #expect(VIN.structureProblems("") == [.empty])
        #expect(VINDecoder.decode("").errors == ["Enter the VIN: 17 characters"])
        #expect(VIN("XTA21O990Y2765432") == nil)
    }

    @Test func modelYearCandidates() {
        // North America: position 7 a letter → 2010+ cycle; a digit → 1980–2009.
        #expect(VIN.modelYears("5YJ3E1EA7KF317000") == [2019])
        #expect(VIN.modelYears("1M8GDM9AXKP042788") == [1989])
        // Elsewhere both cycles, the later one only when it can exist (next year at most).
        #expect(VIN.modelYears("XTA219040R0123456") == [1994, 2024])
        #expect(VIN.modelYears("XTA21904090123451", latest: 2027) == [2009])
        #expect(VIN.modelYears("XTA21904090123451", latest: 2039) == [2009, 2039])
        // Position 10 'U', 'Z' and '0' are not year codes.
        #expect(VIN.modelYears("XTA219040U0123456") == [])
        let odd = VINGenerator.make(wmi: "XTA", vds: "21904", modelYear: 2024, serial: 1)
            .replacingCharacter(at: 9, with: "Z").fixingCheckDigit()
        let report = VINDecoder.decode(odd)
        #expect(report.valid)  // outside North America only a warning
        #expect(report.warnings.contains { $0.contains("model-year") })
    }

    @Test func northAmericanLetterAtPosition7NeverGivesAFutureYear() {
        // Position 7 a letter and year code 8: the 2010+ cycle would say 2038. A car of
        // 2038 cannot exist yet, so the VIN is one of 2008 (before 2010 position 7 carried no cycle).
        let vin = VINGenerator.make(wmi: "5YJ", vds: "3E1EA", modelYear: 2038, serial: 1)
        #expect(Array(vin)[6] == "E" && Array(vin)[9] == "8")
        #expect(VIN.modelYears(vin, latest: 2027) == [2008])
        #expect(VIN.modelYears(vin, latest: 2038) == [2038])
        // Next year's model is offered, the year after is not.
        let nextYear = VIN.latestPossibleModelYear()
        let next = VINGenerator.make(wmi: "5YJ", vds: "3E1EA", modelYear: nextYear, serial: 1)
        #expect(VIN.modelYears(next) == [nextYear])
        let afterNext = VINGenerator.make(wmi: "5YJ", vds: "3E1EA", modelYear: nextYear + 1, serial: 1)
        #expect(VINDecoder.decode(afterNext).modelYears == [nextYear + 1 - 30])
        #expect(VINDecoder.decode(vin).modelYears.allSatisfy { $0 <= nextYear })
        #expect(VIN.latestPossibleModelYear(now: Date(timeIntervalSince1970: 1_767_225_600)) == 2027)  // 2026-01-01
    }

    @Test func regionsAndCountries() {
        #expect(VINRegion(firstCharacter: "A") == .africa)
        #expect(VINRegion(firstCharacter: "L") == .asia)
        #expect(VINRegion(firstCharacter: "Z") == .europe)
        #expect(VINRegion(firstCharacter: "3") == .northAmerica)
        #expect(VINRegion(firstCharacter: "6") == .oceania)  // 7 is now the United States (WMITableTests)
        #expect(VINRegion(firstCharacter: "9") == .southAmerica)
        #expect(VINCountry.lookup("X7L")?.englishName == "Russia")
        #expect(VINCountry.lookup("Z94")?.englishName == "Russia")
        #expect(VINCountry.lookup("XW8")?.englishName == "Russia")
        #expect(VINCountry.lookup("LVV")?.englishName == "China")
        #expect(VINCountry.lookup("JTD")?.englishName == "Japan")
        #expect(VINCountry.lookup("KNA")?.englishName == "South Korea")
        #expect(VINCountry.lookup("WVW")?.englishName == "Germany")
        #expect(VINCountry.lookup("VF1")?.englishName == "France")
        #expect(VINCountry.lookup("ZFA")?.englishName == "Italy")
        #expect(VINCountry.lookup("SAL")?.englishName == "United Kingdom")
        #expect(VINCountry.lookup("TMB")?.englishName == "Czech Republic")
        #expect(VINCountry.lookup("YV1")?.englishName == "Sweden")
        #expect(VINCountry.lookup("Y4K")?.englishName == "Belarus")
        #expect(VINCountry.lookup("1G1")?.englishName == "United States")
        #expect(VINCountry.lookup("2T1")?.englishName == "Canada")
        #expect(VINCountry.lookup("3VW")?.englishName == "Mexico")
        #expect(VINCountry.lookup("9BW")?.englishName == "Brazil")
        #expect(VINCountry.lookup("XL9")?.englishName == "Netherlands")
        #expect(VINCountry.lookup("XX1")?.englishName == "Luxembourg")
        #expect(VINCountry.lookup("GA1") == nil)  // unassigned range
    }

    @Test func wmiTable() {
        #expect(WMITable.entry(for: "XTA")?.makes.first == "Lada")
        #expect(WMITable.entry(for: "Z94")?.matches(make: "Kia") == true)
        #expect(WMITable.entry(for: "Z94")?.matches(make: "hyundai") == true)
        #expect(WMITable.entry(for: "W1K")?.matches(make: "Mercedes") == true)
        #expect(WMITable.entry(for: "TMB")?.matches(make: "Škoda") == true)
        #expect(WMITable.entry(for: "XTA")?.matches(make: "ВАЗ") == true)
        #expect(WMITable.entry(for: "XTA")?.matches(make: "Toyota") == false)
        #expect(WMITable.entry(for: "QQQ") == nil)
        // No duplicates, and every code is a valid WMI.
        #expect(Set(WMITable.entries.map(\.wmi)).count == WMITable.entries.count)
        for entry in WMITable.entries {
            #expect(entry.wmi.count == 3 && entry.wmi.allSatisfy { VINAlphabet.value(of: $0) != nil })
        }
    }

    @Test func reportJSONHasExactlyTheAgreedShape() throws {
        let data = try JSONEncoder().encode(VINDecoder.decode("XTA210990Y2765432"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["vin", "valid", "checkDigit", "wmi", "manufacturer", "country", "region",
                                     "modelYears", "errors"])
        let check = try #require(object["checkDigit"] as? [String: Any])
        #expect(Set(check.keys) == ["expected", "actual", "valid"])
        #expect(check["expected"] as? String == "3")
        #expect(check["actual"] as? String == "0")
        #expect(check["valid"] as? Bool == false)
        #expect(object["vin"] as? String == "XTA210990Y2765432")
        #expect(object["valid"] as? Bool == true)
        #expect(object["manufacturer"] as? String == "AvtoVAZ")
        #expect(object["region"] as? String == "Europe")
        #expect(object["modelYears"] as? [Int] == [2000])
        #expect((object["errors"] as? [Any])?.isEmpty == true)

        // Unknown things are JSON null, not missing.
        let broken = try JSONEncoder().encode(VINDecoder.decode("1M8"))
        let brokenObject = try #require(try JSONSerialization.jsonObject(with: broken) as? [String: Any])
        #expect(Set(brokenObject.keys) == Set(object.keys))
        #expect(brokenObject["manufacturer"] is NSNull)
        #expect((brokenObject["checkDigit"] as? [String: Any])?["expected"] is NSNull)
        #expect(brokenObject["valid"] as? Bool == false)

        // And it reads back.
        let decoded = try JSONDecoder().decode(VINReport.self, from: broken)
        #expect(decoded.errors == VINDecoder.decode("1M8").errors)
    }

    @Test func generatorBuildsValidDeterministicVINs() {
        let vin = VINGenerator.make(wmi: "XTA", vds: "21904", modelYear: 2025, plant: "Y", serial: 123)
        #expect(vin == VINGenerator.make(wmi: "XTA", vds: "21904", modelYear: 2025, plant: "Y", serial: 123))
        #expect(vin.count == 17)
        #expect(vin.hasPrefix("XTA21904"))
        #expect(vin.hasSuffix("SY000123"))
        let report = VINDecoder.decode(vin)
        #expect(report.valid && report.checkDigit.valid && report.warnings.isEmpty)
        #expect(report.modelYears.contains(2025))
        // A North-American VIN with a letter at position 7 decodes to the 2010+ cycle.
        let ford = VINGenerator.make(wmi: "1FA", vds: "6P8TH", modelYear: 2021, serial: 42)
        #expect(VINDecoder.decode(ford).modelYears == [2021])
        #expect(VINDecoder.decode(ford).valid)
    }
}

extension String {
    func replacingCharacter(at offset: Int, with character: Character) -> String {
        var characters = Array(self)
        characters[offset] = character
        return String(characters)
    }

    func fixingCheckDigit() -> String {
        replacingCharacter(at: 8, with: VIN.expectedCheckDigit(self)!)
    }
}
