import Foundation
import Testing
@testable import KiteDomain

/// One VIN and what the decoder must read from it.
struct DecodedVINCase: Sendable, CustomTestStringConvertible {
    let vin: String
    let manufacturer: String
    let country: String
    let modelYears: [Int]

    init(_ vin: String, _ manufacturer: String, _ country: String, _ modelYears: [Int]) {
        self.vin = vin
        self.manufacturer = manufacturer
        self.country = country
        self.modelYears = modelYears
    }

    var testDescription: String { vin }
}

@Suite("WMI table") struct WMITableTests {
    /// Published VINs: the FMVSS 115 Honda example, two Toyota Corollas built in
    /// Canada (valid check digits), the Wikipedia examples (the 1996 Porsche 993
    /// GT2 of the article's photo, the Brazilian Volkswagen of its check-digit
    /// section) and a Mitsubishi Outlander VIN used as a decoding example in
    /// several open-source decoders. The last two carry no check digit, as
    /// Brazilian and Japanese export VINs often do: a warning only.
    static let published: [DecodedVINCase] = [
        .init("1HGCM82633A004352", "Honda of America", "United States", [2003]),
        .init("2T1BURHE0JC014702", "Toyota Motor Manufacturing Canada", "Canada", [2018]),
        .init("2T1BURHE5JC073843", "Toyota Motor Manufacturing Canada", "Canada", [2018]),
        .init("WP0ZZZ99ZTS392124", "Porsche (cars)", "Germany", [1996, 2026]),
        .init("9BWZZZ377VT004251", "Volkswagen do Brasil", "Brazil", [1997, 2027]),
        .init("JMBXTGF2WDZ013380", "Mitsubishi Motors (exports)", "Japan", [1983, 2013]),
    ]

    /// Specimens, one or more per WMI a dealer in Russia meets: the WMI and the
    /// vehicle descriptor of a real model of that plant (Granta `XTA21901`, Solaris
    /// `Z94CT41D`, X-Trail `Z8NTANT3` …), a made-up serial, the check digit computed,
    /// and the model-year code of a year the model was built. Outside North America
    /// both 30-year cycles are candidates while the later one can exist (today's
    /// latest possible model year is next year; the table assumes 2026 or 2027).
    /// Small manufacturers: Bugatti (`VF9`, positions 12–14 `795`), Lamborghini (`ZA9`, `A12`).
    static let specimens: [DecodedVINCase] = [
        .init("XTA219011K0272590", "AvtoVAZ", "Russia", [1989, 2019]),
        .init("X7L4SRLV5G0305881", "Renault Russia", "Russia", [1986, 2016]),
        .init("XW8AN2NZXJ0719545", "Volkswagen Group Rus (Kaluga)", "Russia", [1988, 2018]),
        .init("Z94CT41D3F0954721", "Hyundai Motor Manufacturing Rus", "Russia", [1985, 2015]),
        .init("Z94C251B4D0718311", "Hyundai Motor Manufacturing Rus", "Russia", [1983, 2013]),
        .init("XWEKU8118C0841962", "Avtotor (Kaliningrad)", "Russia", [1982, 2012]),
        .init("Z8NTANT36H0891593", "Nissan Manufacturing Rus (St Petersburg)", "Russia", [1987, 2017]),
        .init("XUFPD6DC7D0934230", "GM Auto (St Petersburg)", "Russia", [1983, 2013]),
        .init("XWB3K32E9B0195745", "GM Uzbekistan (UzDaewoo, UzAuto Motors)", "Uzbekistan", [1981, 2011]),
        .init("X9L21230890684681", "GM-AvtoVAZ", "Russia", [2009]),
        .init("XW7BF4FK7E0242758", "Toyota Motor Manufacturing Russia", "Russia", [1984, 2014]),
        .init("XZGFF04E8N0699546", "Haval Motor Manufacturing Rus (Tula)", "Russia", [1992, 2022]),
        .init("X9FMXXEE7B0155308", "Ford Sollers", "Russia", [1981, 2011]),
        .init("Z8T4C5FS3E0912454", "PCMA Rus (Kaluga)", "Russia", [1984, 2014]),
        .init("X9633020740237100", "GAZ", "Russia", [2004]),
        .init("XTT31514X80673092", "UAZ", "Russia", [2008]),
        .init("Y4K8752A6M0770679", "BelGee (Belarus)", "Belarus", [1991, 2021]),
        .init("Y6DTF69Y970197476", "ZAZ", "Ukraine", [2007]),
        .init("XTC651156A0137538", "KAMAZ", "Russia", [1980, 2010]),
        .init("Z6FXXESGXG0075267", "Ford Sollers (Yelabuga)", "Russia", [1986, 2016]),
        .init("X4XFE4155B0558123", "Avtotor (Kaliningrad), BMW", "Russia", [1981, 2011]),
        .init("WVWZZZ1K680887875", "Volkswagen AG", "Germany", [2008]),
        .init("WAUZZZ8V2F0225298", "Audi AG", "Germany", [1985, 2015]),
        .init("WBA8E1106H0781866", "BMW AG", "Germany", [1987, 2017]),
        .init("W0L0AHL3X60309970", "Adam Opel", "Germany", [2006]),
        .init("W1K205428K0032429", "Mercedes-Benz", "Germany", [1989, 2019]),
        .init("WF0XXGCD4E0453544", "Ford-Werke (Ford of Europe)", "Germany", [1984, 2014]),
        .init("WP0ZZZ999M0133431", "Porsche (cars)", "Germany", [1991, 2021]),
        .init("WMWXS5107G0879346", "BMW AG (Mini)", "Germany", [1986, 2016]),
        .init("WDD212041B0718394", "Mercedes-Benz", "Germany", [1981, 2011]),
        .init("WP1ZZZ9P6G0638955", "Porsche (SUV)", "Germany", [1986, 2016]),
        .init("VF1BZ1B03C0016133", "Renault", "France", [1982, 2012]),
        .init("VF3LCBHZ7D0290235", "Peugeot", "France", [1983, 2013]),
        .init("VF7NCHFY8C0875912", "Citroën", "France", [1982, 2012]),
        .init("VR3UHZKX2M0154836", "Peugeot (Stellantis)", "France", [1991, 2021]),
        .init("VNKKL3D31A0090077", "Toyota Motor Manufacturing France", "France", [1980, 2010]),
        .init("VSSZZZKJ5K0914608", "SEAT", "Spain", [1989, 2019]),
        .init("TMBJJ7NE8H0833684", "Skoda Auto", "Czech Republic", [1987, 2017]),
        .init("TMAD381A9E0850073", "Hyundai Motor Manufacturing Czech", "Czech Republic", [1984, 2014]),
        .init("ZFA312009A0932504", "Fiat Auto", "Italy", [1980, 2010]),
        .init("ZAR93900470846201", "Alfa Romeo", "Italy", [2007]),
        .init("SALGA2BE1E0276199", "Land Rover", "United Kingdom", [1984, 2014]),
        .init("SAJAA4BX7F0867506", "Jaguar Cars", "United Kingdom", [1985, 2015]),
        .init("SB1KV56E3D0473976", "Toyota Motor Manufacturing UK", "United Kingdom", [1983, 2013]),
        .init("YV1DZ40HXH0781927", "Volvo Cars", "Sweden", [1987, 2017]),
        .init("U5YH58105K0458981", "Kia Slovakia", "Slovakia", [1989, 2019]),
        .init("UU14SDA1XD0996437", "Automobile Dacia", "Romania", [1983, 2013]),
        .init("TRUZZZ8J190147283", "Audi Hungaria", "Hungary", [2009]),
        .init("JTDBR32E2D0833328", "Toyota Motor Corporation", "Japan", [1983, 2013]),
        .init("JN1TANT37C0920616", "Nissan Motor", "Japan", [1982, 2012]),
        .init("JHMRE5874B0270177", "Honda Motor", "Japan", [1981, 2011]),
        .init("JMZKE8W72H0374017", "Mazda Motor (exports)", "Japan", [1987, 2017]),
        .init("JF1SJ5LC0F0892225", "Subaru Corporation", "Japan", [1985, 2015]),
        .init("JTHBK1GG0J0246395", "Toyota Motor Corporation (Lexus)", "Japan", [1988, 2018]),
        .init("JSAFJB43980511431", "Suzuki Motor (exports)", "Japan", [2008]),
        .init("KMHD841C0G0942873", "Hyundai Motor Company", "South Korea", [1986, 2016]),
        .init("KNAF5C317A0792678", "Kia Corporation", "South Korea", [1980, 2010]),
        .init("KMFWBX7K8C0577405", "Hyundai Motor Company (vans, light trucks)", "South Korea", [1982, 2012]),
        .init("KMTG34LA4K0592542", "Genesis Motor", "South Korea", [1989, 2019]),
        .init("KPTG0B1SXB0451444", "SsangYong Motor", "South Korea", [1981, 2011]),
        .init("KLASF48Y670704309", "GM Korea (GM Daewoo)", "South Korea", [2007]),
        .init("LVVDB11B0J0382894", "Chery Automobile", "China", [1988, 2018]),
        .init("LVTDB21B4N0932795", "Chery Automobile", "China", [1992, 2022]),
        .init("LGWEF4A18G0451701", "Great Wall Motor", "China", [1986, 2016]),
        .init("L6T7824Z6K0670667", "Zhejiang Geely Holding", "China", [1989, 2019]),
        .init("LB3N5EB19N0330002", "Geely Automobile", "China", [1992, 2022]),
        .init("LJDAA1BD2F0688081", "Dongfeng Yueda Kia", "China", [1985, 2015]),
        .init("LJ12EKR1XH0124060", "JAC Motors (Jianghuai)", "China", [1987, 2017]),
        .init("LFVA2A100L0363785", "FAW-Volkswagen", "China", [1990, 2020]),
        .init("LSGKB54H8J0860458", "SAIC General Motors", "China", [1988, 2018]),
        .init("LVSHFFAL5E0624562", "Changan Ford", "China", [1984, 2014]),
        .init("LRWYGCEKXN0838034", "Tesla (Giga Shanghai)", "China", [1992, 2022]),
        .init("LS5A3DJ65P0665571", "Changan Automobile", "China", [1993, 2023]),
        .init("LFPH7AC59C0276659", "FAW Car", "China", [1982, 2012]),
        .init("LGXC16DF9B0725484", "BYD Auto", "China", [1981, 2011]),
        .init("MR0FZ22G3H0471157", "Toyota Motor Thailand", "Thailand", [1987, 2017]),
        .init("MMBJNKB47F0582148", "Mitsubishi Motors Thailand", "Thailand", [1985, 2015]),
        .init("MA3FJEB11K0641877", "Maruti Suzuki", "India", [1989, 2019]),
        .init("NM0LS6E28G0785766", "Ford Otosan", "Turkey", [1986, 2016]),
        .init("NMTBE3JE6H0142404", "Toyota Motor Manufacturing Turkey", "Turkey", [1987, 2017]),
        .init("3VW2B7AJ5J0462771", "Volkswagen de México", "Mexico", [2018]),
        .init("5YJ3E1EA3K0710698", "Tesla", "United States", [2019]),
        .init("7SAYGDEE9M0765358", "Tesla (SUV)", "United States", [2021]),
        .init("1FM5K8GT5F0465938", "Ford Motor Company (MPV)", "United States", [2015]),
        .init("1G1ZD5ST9J0563011", "General Motors (Chevrolet)", "United States", [2018]),
        .init("4T1BF1FK4C0186213", "Toyota Motor Manufacturing Kentucky", "United States", [2012]),
        .init("5UXKR0C56K0308555", "BMW Manufacturing (SUV)", "United States", [2019]),
        .init("5XYPG4A36L0213469", "Kia Georgia (SUV)", "United States", [2020]),
        .init("4JGDA5HB6E0189127", "Mercedes-Benz U.S. International", "United States", [2014]),
        .init("1C4RJFBG6G0549083", "FCA US (MPV, SUV)", "United States", [2016]),
        .init("2HKRW2H81K0374553", "Honda of Canada (SUV)", "Canada", [2019]),
        .init("3N1AB7APXH0266616", "Nissan Mexicana", "Mexico", [2017]),
        .init("1VWBN7A31G0390139", "Volkswagen Chattanooga", "United States", [2016]),
        .init("5NPE34AF2F0482777", "Hyundai Motor Manufacturing Alabama", "United States", [2015]),
        .init("1J4GW48S640275477", "Chrysler (Jeep)", "United States", [2004]),
        .init("9BGKS48U4C0635911", "General Motors do Brasil", "Brazil", [1982, 2012]),
        .init("8AWZZZ306E0294744", "Volkswagen Argentina", "Argentina", [1984, 2014]),
        .init("935CH9FP0B0415981", "Citroën do Brasil", "Brazil", [1981, 2011]),
        .init("6FPAAJGS380933464", "Ford Australia", "Australia", [2008]),
        .init("AHTFZ29G4G0138133", "Toyota South Africa Motors", "South Africa", [1986, 2016]),
        .init("VF9SA25C68M795592", "Bugatti Automobiles", "France", [2008]),
        .init("ZA9DE21A5LLA12503", "Nuova Automobili Ferruccio Lamborghini", "Italy", [1990, 2020]),
    ]

    @Test("published VINs decode to their maker, country and model year", arguments: published)
    func publishedVINs(_ row: DecodedVINCase) {
        check(row)
    }

    @Test("specimen VINs of every make sold in Russia decode to their maker, country and model year", arguments: specimens)
    func specimenVINs(_ row: DecodedVINCase) {
        check(row)
        #expect(VINDecoder.decode(row.vin).checkDigit.valid)
    }

    func check(_ row: DecodedVINCase) {
        let report = VINDecoder.decode(row.vin)
        #expect(report.valid, "\(row.vin): \(report.errors)")
        #expect(report.manufacturer == row.manufacturer)
        #expect(report.country == row.country)
        #expect(report.modelYears == modelYearsAsOfToday(row.modelYears))
        #expect(VIN(row.vin)?.manufacturer?.manufacturer == row.manufacturer)
        #expect(VIN(row.vin)?.country?.englishName == row.country)
        // The country in Russian is the catalogue's one spelling of it.
        let code = VINCountry.names.first { $0.value.en == row.country }?.key
        #expect(report.countryLabel?.ru == code.flatMap { VINCountry.names[$0]?.ru })
    }

    /// The table was written in December 2026 (latest possible model year 2027);
    /// a year later than next year never shows, so nothing changes until 2039's code.
    func modelYearsAsOfToday(_ years: [Int]) -> [Int] {
        years.filter { $0 <= VIN.latestPossibleModelYear() }
    }

    @Test("every WMI issue 13 names decodes, and the table has a VIN for each")
    func namedWMIs() {
        let named = ["SAL", "ZFA", "XUF", "W0L", "JMB", "2T1", "SB1", "3VW", "9BW", "VF3", "U5Y", "KMF", "LRW",
                     "VSS", "XTA", "X7L", "XW8", "Z94", "XWE", "Z8N", "LVV", "LGW", "L6T", "LJD", "LJ1", "LFV",
                     "LSG", "LVS", "LB3"]
        let covered = Set((Self.published + Self.specimens).map { String($0.vin.prefix(3)) })
        for wmi in named {
            #expect(WMITable.entry(for: wmi) != nil, "\(wmi) is not in the table")
            #expect(covered.contains(wmi), "no VIN of \(wmi) in the test table")
        }
        #expect(Self.published.count + Self.specimens.count >= 60)
    }

    @Test("consistency: every line reads, no duplicates, sorted blocks, every brand and country known")
    func consistency() {
        #expect(WMITable.problems.isEmpty, "lines that do not read: \(WMITable.problems)")
        let keys = WMITable.entries.map { $0.wmi + ($0.smallManufacturerCode ?? "") }
        #expect(Set(keys).count == keys.count, "duplicate WMIs")
        #expect(WMITable.entries.count > 250)
        for block in WMITable.blocks {
            let codes = block.split(separator: "\n").map { String(String($0).trimmingWhitespace().prefix(7)) }
            #expect(codes == codes.sorted(), "a block is not sorted: \(codes.first ?? "")")
        }
        for entry in WMITable.entries {
            // Every WMI maps to a known country, from its range or its own.
            #expect(entry.country != nil, "\(entry.wmi) has no country")
            #expect(entry.wmi.allSatisfy { VINAlphabet.value(of: $0) != nil })
            // A `9` at position 3 is a small manufacturer, named only with positions 12–14.
            #expect((entry.wmi.last == "9") == (entry.smallManufacturerCode != nil), "\(entry.wmi)")
            for make in entry.makes { #expect(WMITable.brandAliases[make] != nil, "\(make)") }
            #expect(VINRegion(firstCharacter: entry.wmi.first!) != nil)
        }
    }

    @Test("consistency: one spelling per country in each language, ranges never overlap")
    func countries() {
        let english = VINCountry.names.values.map(\.en)
        let russian = VINCountry.names.values.map(\.ru)
        #expect(Set(english).count == english.count, "two codes share an English name")
        #expect(Set(russian).count == russian.count, "two codes share a Russian name")
        for range in VINCountry.ranges {
            #expect(VINCountry.names[range.country] != nil, "\(range.first): \(range.country)")
            #expect(range.low <= range.high)
        }
        // Each pair of first two characters belongs to at most one range.
        for first in VINCountry.sequence {
            for second in VINCountry.sequence.indices {
                let holders = VINCountry.ranges.filter { $0.first == first && (($0.low)...($0.high)).contains(second) }
                #expect(holders.count <= 1, "\(first)\(VINCountry.sequence[second]) is in two ranges")
            }
        }
        // Russia is one country whatever its range: the old «Russia (USSR/CIS)» is gone.
        for wmi in ["XTA", "XW8", "X7L", "Z94", "XDA", "XJA", "RUA"] {
            #expect(VINCountry.lookup(wmi)?.code == "RU", "\(wmi)")
            #expect(VINCountry.lookup(wmi)?.name == LocalizedText(ru: "Россия", en: "Russia"))
        }
    }

    @Test("a small manufacturer's WMI needs positions 12–14")
    func smallManufacturers() {
        #expect(WMITable.entry(for: "VF9") == nil)
        let bugatti = WMITable.entry(forVIN: "VF9SA25C08M795001")
        #expect(bugatti?.manufacturer == "Bugatti Automobiles")
        #expect(bugatti?.code == "VF9…795")
        #expect(bugatti?.matches(make: "Бугатти") == true)
        // Another small French maker under VF9: the country is known, the maker is not.
        let other = VINDecoder.decode("VF9SA25C08M123001".fixingCheckDigit())
        #expect(other.manufacturer == nil && other.country == "France" && other.valid)
        let russianSmall = VINDecoder.decode("X89AB12C0EA123001".fixingCheckDigit())
        #expect(russianSmall.manufacturer == nil && russianSmall.country == "Russia")
        // A too-short VIN cannot name a small maker, and nothing crashes.
        #expect(WMITable.entry(forVIN: "VF9SA25C") == nil)
    }

    @Test("a plant abroad names its own country, and Russian spellings of brands match")
    func overridesAndAliases() {
        let nexia = VINDecoder.decode("XWB3K32EDB0123456".fixingCheckDigit())
        #expect(nexia.country == "Uzbekistan" && nexia.countryLabel?.ru == "Узбекистан")
        #expect(VINCountry.lookup("XWB")?.englishName == "Russia")  // the range alone would say Russia
        #expect(VINDecoder.decode("VXKUKHNSKM4123456".fixingCheckDigit()).country == "France")
        #expect(VINDecoder.decode("VXKUKHNSKM4123456".fixingCheckDigit()).manufacturer == "Opel (Stellantis)")
        #expect(WMITable.entry(for: "SAL")?.matches(make: "Ленд Ровер") == true)
        #expect(WMITable.entry(for: "SAL")?.matches(make: "Range Rover") == true)
        #expect(WMITable.entry(for: "VF7")?.matches(make: "Citroen") == true)
        #expect(WMITable.entry(for: "LVT")?.matches(make: "Exeed") == true)
        #expect(WMITable.entry(for: "Z8T")?.matches(make: "Mitsubishi") == true)
        #expect(WMITable.entry(for: "LJD")?.matches(make: "Kia") == true)
        #expect(WMITable.entry(for: "ZFA")?.matches(make: "Lada") == false)
    }

    @Test("regions follow the current assignments: H is China, 7 the United States")
    func regions() {
        #expect(VINRegion(firstCharacter: "H") == .asia)
        #expect(VINCountry.lookup("HJR")?.englishName == "China")
        #expect(VINRegion(firstCharacter: "7") == .northAmerica)
        // A 7… VIN follows FMVSS: a wrong check digit is an error.
        let tesla = VINGenerator.make(wmi: "7SA", vds: "YGDEE", modelYear: 2021, serial: 1)
        #expect(VINDecoder.decode(tesla).valid)
        let wrong = tesla.replacingCharacter(at: 8, with: tesla[tesla.index(tesla.startIndex, offsetBy: 8)] == "1" ? "2" : "1")
        #expect(!VINDecoder.decode(wrong).valid)
    }
}
