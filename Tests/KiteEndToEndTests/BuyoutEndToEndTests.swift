import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// The appraiser at the real `kite` binary: from a VIN to an offered appraisal — a new
/// card from the appraisals list, the seller picked, the VIN decoded on leaving the field,
/// saved, then F9 makes the formula's offer.
@Suite("kite in a terminal: an appraisal from the VIN to the offer", .serialized)
struct BuyoutEndToEndTests {
    @Test("volkova appraises a Lada Vesta and makes the offer")
    func vinToOffer() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        let connection = try PGConnection(conninfo)
        let kzn = try #require(try ReferenceRepository(connection: connection).dealership(code: "KZN"))
        try connection.execute("""
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Зарипова Лилия Ренатовна', \(kzn.id), '+79179990011', 'seed')
            """)
        let vin = VINGenerator.make(wmi: "XTA", vds: "GFK11", modelYear: 2020, serial: 90_210)
        let appraiser = try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database",
                                                  StockEndToEndTests.conninfo(conninfo, as: "volkova"), "--start", "stock"],
                                        environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                                      "KITE_HOME": StockEndToEndTests.packageRoot.path],
                                        columns: 120, rows: 40)
        try appraiser.waitFor(text: "● в сети")
        try appraiser.send("M-5")
        try appraiser.waitFor(text: "Оценки (выкуп)")
        try appraiser.send("IC")
        try appraiser.waitFor(text: "Оценка · новая")
        try appraiser.type("Зарипова")
        try appraiser.waitFor(text: "+79179990011")
        try appraiser.send("Enter")
        try appraiser.waitFor(text: "Зарипова Лилия Ренатовна · +79179990011")
        try appraiser.send("Tab")
        try appraiser.type(vin)
        try appraiser.send("Tab")
        try appraiser.waitFor("the make and the year from the VIN") { $0.contains("Lada") && $0.contains("2020") }
        try appraiser.send("Tab")
        try appraiser.type("Vesta")
        try appraiser.send("Tab", "Tab")
        try appraiser.type("96000")
        for _ in 0..<5 { try appraiser.send("Tab") }
        try appraiser.type("164301012345678")
        try appraiser.send("F2")
        try appraiser.waitFor(text: "сохранена")
        try appraiser.send("F9")
        try appraiser.waitFor(text: "Предложение по оценке")
        try appraiser.send("C-u")
        try appraiser.type("1200000")
        try appraiser.send("F2")
        try appraiser.waitFor(text: "· предложение ·")
        let stored = try #require(try AppraisalRepository(connection: connection).list(AppraisalFilter(text: vin)).first)
        #expect(stored.state == .offered && stored.makeModel == "Lada Vesta" && stored.offerAmount != nil)
    }
}
