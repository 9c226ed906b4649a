/// The full verdict on a VIN as typed: structure, check digit, manufacturer,
/// origin and model year. `kite vin VIN --json` prints it; the vehicle form
/// shows `issues`.
///
/// JSON (exactly these keys):
/// `{"vin", "valid", "checkDigit": {"expected", "actual", "valid"}, "wmi",
///   "manufacturer", "country", "region", "modelYears", "errors"}`
/// where `errors` are English sentences. Warnings are not part of the JSON; a
/// reader sees a tolerated wrong check digit as `valid: true` with
/// `checkDigit.valid: false`.
public struct VINReport: Sendable, Hashable, Codable {
    public struct CheckDigit: Sendable, Hashable, Codable {
        /// What position 9 should be (`0`–`9` or `X`); nil when the structure is broken.
        public var expected: String?
        /// What position 9 is; nil when the VIN is shorter than 9 characters.
        public var actual: String?
        public var valid: Bool

        public init(expected: String?, actual: String?, valid: Bool) {
            self.expected = expected
            self.actual = actual
            self.valid = valid
        }

        enum CodingKeys: String, CodingKey { case expected, actual, valid }

        /// Unknown values are written as `null`, never left out.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(expected, forKey: .expected)
            try c.encode(actual, forKey: .actual)
            try c.encode(valid, forKey: .valid)
        }
    }

    /// The normalised text (trimmed, uppercased), whether valid or not.
    public var vin: String
    /// No errors (warnings allowed).
    public var valid: Bool
    public var checkDigit: CheckDigit
    public var wmi: String?
    /// Company or plant (`AvtoVAZ`), nil for a WMI not in `WMITable`.
    public var manufacturer: String?
    /// English country name (the WMI entry's, else the range's of the first two
    /// characters), nil when those are unassigned.
    public var country: String?
    /// English region name (`Europe`).
    public var region: String?
    public var modelYears: [Int]
    /// Errors and warnings, field `vin`, in both languages.
    public var issues: [FieldIssue]

    /// English texts of the errors.
    public var errors: [String] { issues.filter { $0.severity == .error }.map(\.message.en) }
    /// English texts of the warnings.
    public var warnings: [String] { issues.filter { $0.severity == .warning }.map(\.message.en) }

    /// The WMI's table entry (brands, manufacturer), nil when unknown. For a
    /// small manufacturer's WMI (`9` at position 3) positions 12–14 choose it.
    public var wmiEntry: WMIEntry? { wmi == nil ? nil : WMITable.entry(forVIN: vin) }

    /// The region in both languages, for the form.
    public var regionLabel: LocalizedText? {
        guard let first = vin.first, VINAlphabet.value(of: first) != nil else { return nil }
        return VINRegion(firstCharacter: first)?.label
    }

    /// The country in both languages, for the form: the WMI entry's own when it
    /// names one, else the range's.
    public var countryLabel: LocalizedText? { (wmiEntry?.country ?? wmi.flatMap(VINCountry.lookup))?.name }

    public init(vin: String, valid: Bool, checkDigit: CheckDigit, wmi: String?, manufacturer: String?,
                country: String?, region: String?, modelYears: [Int], issues: [FieldIssue]) {
        self.vin = vin
        self.valid = valid
        self.checkDigit = checkDigit
        self.wmi = wmi
        self.manufacturer = manufacturer
        self.country = country
        self.region = region
        self.modelYears = modelYears
        self.issues = issues
    }

    enum CodingKeys: String, CodingKey {
        case vin, valid, checkDigit, wmi, manufacturer, country, region, modelYears, errors
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vin, forKey: .vin)
        try c.encode(valid, forKey: .valid)
        try c.encode(checkDigit, forKey: .checkDigit)
        try c.encode(wmi, forKey: .wmi)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(country, forKey: .country)
        try c.encode(region, forKey: .region)
        try c.encode(modelYears, forKey: .modelYears)
        try c.encode(errors, forKey: .errors)
    }

    /// Decoding restores the errors as issues with the English text in both
    /// languages (the JSON carries no Russian and no warnings).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vin = try c.decode(String.self, forKey: .vin)
        valid = try c.decode(Bool.self, forKey: .valid)
        checkDigit = try c.decode(CheckDigit.self, forKey: .checkDigit)
        wmi = try c.decodeIfPresent(String.self, forKey: .wmi)
        manufacturer = try c.decodeIfPresent(String.self, forKey: .manufacturer)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        modelYears = try c.decode([Int].self, forKey: .modelYears)
        issues = try c.decode([String].self, forKey: .errors).map { FieldIssue.error("vin", ru: $0, en: $0) }
    }
}

public enum VINDecoder {
    /// Decodes what a person typed. Never throws: everything wrong is in `issues`.
    ///
    /// Rules: structure (17 characters of `0-9`, `A-Z` without I, O, Q) is an
    /// error. A wrong check digit is an error for North-American WMIs (first
    /// character 1–5 or 7, where FMVSS 115 makes it mandatory) and a warning
    /// elsewhere (many genuine Russian, Chinese and European VINs ignore it).
    /// An unknown WMI is not an error: `manufacturer` is nil.
    public static func decode(_ text: String) -> VINReport {
        let vin = VIN.normalize(text)
        let characters = Array(vin)
        var issues: [FieldIssue] = []
        let problems = VIN.structureProblems(vin)
        for problem in problems {
            issues.append(FieldIssue(field: "vin", severity: .error, message: problem.message))
        }
        let structureOK = problems.isEmpty

        // What can be read even from a broken VIN: the WMI if its three characters are valid.
        let wmiCharacters = characters.prefix(3)
        let wmiOK = wmiCharacters.count == 3 && wmiCharacters.allSatisfy { VINAlphabet.value(of: $0) != nil }
        let wmi: String? = wmiOK ? String(wmiCharacters) : nil
        let entry = wmi == nil ? nil : WMITable.entry(forVIN: vin)
        let region = characters.first.flatMap { VINAlphabet.value(of: $0) != nil ? VINRegion(firstCharacter: $0) : nil }
        let country = entry?.country ?? wmi.flatMap(VINCountry.lookup)
        let northAmerican = characters.first.map(VINRegion.isNorthAmerican) ?? false

        let actual: String? = characters.count >= 9 ? String(characters[8]) : nil
        var expected: String?
        var checkValid = false
        var modelYears: [Int] = []
        if structureOK {
            let digit = VIN.expectedCheckDigit(vin)!
            expected = String(digit)
            checkValid = characters[8] == digit
            if !checkValid {
                let ru = "Контрольный знак (позиция 9) «\(characters[8])» не совпадает с расчётным «\(digit)»"
                let en = "Check digit (position 9) '\(characters[8])' does not match the computed '\(digit)'"
                if northAmerican {
                    issues.append(.error("vin", ru: ru + ": для VIN Северной Америки это ошибка ввода или подделка",
                                         en: en + ": for a North-American VIN this is a typing error or a forgery"))
                } else {
                    issues.append(.warning("vin", ru: ru + ". Вне Северной Америки многие производители его не соблюдают — сверьте VIN с ПТС/ЭПТС",
                                           en: en + ". Outside North America many makers ignore it; compare the VIN with the vehicle passport"))
                }
            }
            modelYears = VIN.modelYears(vin)
            if modelYears.isEmpty {
                let ru = "Позиция 10 «\(characters[9])» не является кодом модельного года"
                let en = "Position 10 '\(characters[9])' is not a model-year code"
                if northAmerican {
                    issues.append(.error("vin", ru: ru, en: en))
                } else {
                    issues.append(.warning("vin", ru: ru, en: en))
                }
            }
        }

        let valid = !issues.contains { $0.severity == .error }
        return VINReport(
            vin: vin, valid: valid,
            checkDigit: .init(expected: expected, actual: actual, valid: checkValid),
            wmi: wmi, manufacturer: entry?.manufacturer,
            country: country?.englishName, region: region?.englishName,
            modelYears: modelYears, issues: issues)
    }
}

/// Builds VINs with a correct check digit: demo data and tests.
public enum VINGenerator {
    /// `wmi` (3) + `vds` (5) + check digit + model-year code + `plant` + 6-digit `serial`.
    ///
    /// Deterministic. Preconditions: `wmi` and `vds` in the VIN alphabet,
    /// `modelYear` in 1980…2039, `serial` in 0…999 999. For a North-American
    /// WMI and a year from 2010 the VDS's third character (VIN position 7)
    /// should be a letter, or decoders will read the 1980s cycle.
    public static func make(wmi: String, vds: String, modelYear: Int, plant: Character = "0", serial: Int) -> String {
        let w = Array(wmi.utf8), d = Array(vds.utf8)
        precondition(w.count == 3 && d.count == 5, "WMI must be 3 and VDS 5 characters")
        precondition((0...999_999).contains(serial), "serial must be 0…999999")
        guard let yearCode = VINAlphabet.modelYearCode(for: modelYear)?.asciiValue else {
            preconditionFailure("model year must be 1980…2039")
        }
        guard let plantByte = plant.asciiValue else { preconditionFailure("plant must be a VIN character") }
        var bytes = [UInt8](repeating: 48, count: 17)
        bytes[0] = w[0]; bytes[1] = w[1]; bytes[2] = w[2]
        for i in 0..<5 { bytes[3 + i] = d[i] }
        bytes[9] = yearCode
        bytes[10] = plantByte
        var n = serial
        for i in stride(from: 16, through: 11, by: -1) {
            bytes[i] = UInt8(48 + n % 10)
            n /= 10
        }
        guard let check = VINAlphabet.checkDigit(bytes) else {
            preconditionFailure("WMI, VDS and plant must use 0-9 and A-Z without I, O, Q")
        }
        bytes[8] = check
        return String(decoding: bytes, as: UTF8.self)
    }
}
