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

    /// From the VIN to stock, as two people at two terminals: volkova (the appraiser, also a
    /// senior of KZN here, so that the rule "the one who asked does not approve" is hers to
    /// meet) appraises a car with its checklist and offers above the dealership's limit; her
    /// own approval is refused; petrov (a senior, given KZN) approves from his login; the
    /// seller's answer; the purchase refused while the checks have not run, then — the
    /// checks' results recorded as kited records them — bought; the car in the stock list,
    /// its card used, bought from a person, at the price paid.
    @Test("volkova appraises, petrov approves above the limit, the seller accepts, the car is bought into stock")
    func vinToStock() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        let connection = try PGConnection(conninfo)
        let kzn = try #require(try ReferenceRepository(connection: connection).dealership(code: "KZN"))
        try connection.execute("""
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Шарипов Айдар Ринатович', \(kzn.id), '+79179990022', 'seed')
            """)
        try connection.execute("SELECT kite_user_grant('petrov', NULL, 'KZN')")
        try connection.execute("SELECT kite_user_grant('volkova', 'senior', NULL)")
        let vin = VINGenerator.make(wmi: "XTA", vds: "GFK11", modelYear: 2021, serial: 90_377)
        func open(_ login: String) throws -> TmuxSession {
            try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database",
                                      StockEndToEndTests.conninfo(conninfo, as: login), "--start", "stock"],
                            environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                          "KITE_HOME": StockEndToEndTests.packageRoot.path],
                            columns: 120, rows: 40)
        }
        /// Esc, then a pause longer than the terminal's escape delay, so that the next key is
        /// not read with it as Alt-key when the machine is busy.
        func escape(_ session: TmuxSession) throws {
            try session.send("Escape")
            Thread.sleep(forTimeInterval: 0.5)
        }
        let appraiser = try open("volkova")
        try appraiser.waitFor(text: "● в сети")
        try appraiser.send("M-5")
        try appraiser.waitFor(text: "Оценки (выкуп)")
        try appraiser.send("IC")
        try appraiser.waitFor(text: "Оценка · новая")
        try appraiser.type("Шарипов")
        try appraiser.waitFor(text: "+79179990022")
        try appraiser.send("Enter")
        try appraiser.waitFor(text: "Шарипов Айдар Ринатович · +79179990022")
        try appraiser.send("Tab")
        try appraiser.type(vin)
        try appraiser.send("Tab")
        try appraiser.waitFor("the make and the year from the VIN") { $0.contains("Lada") && $0.contains("2021") }
        try appraiser.send("Tab")
        try appraiser.type("Vesta")
        try appraiser.send("Tab", "Tab")
        try appraiser.type("54000")
        for _ in 0..<5 { try appraiser.send("Tab") }
        try appraiser.type("164301012345679")
        // The checklist: the first item a minor defect with a note.
        try appraiser.send("F6")
        try appraiser.waitFor(text: "Esc — к форме")
        try appraiser.send("Enter")
        try appraiser.send("Right", "Right", "Down", "Right", "Down")
        try appraiser.type("царапина на пороге")
        try appraiser.send("F2")
        try appraiser.waitFor(text: "царапина на пороге")
        try escape(appraiser)
        try appraiser.send("F2")
        try appraiser.waitFor(text: "сохранена")
        // The offer from an expected retail of 4 000 000 ₽: above the limit of 3 000 000 ₽.
        try appraiser.send("F9")
        try appraiser.waitFor(text: "Предложение по оценке")
        try appraiser.send("C-u")
        try appraiser.type("4000000")
        try appraiser.send("F2")
        try appraiser.waitFor(text: "· на согласовании ·")
        let appraisals = AppraisalRepository(connection: connection)
        let asked = try #require(try appraisals.list(AppraisalFilter(text: vin)).first)
        #expect(asked.state == .awaitingApproval && (asked.offerAmount ?? .zero) > Money(roubles: 3_000_000))
        #expect(try appraisals.answers(appraisalID: asked.id).first?.note == "царапина на пороге")
        // Her own request: refused, in words.
        try escape(appraiser)
        try appraiser.waitFor(text: "Оценки (выкуп)")
        try appraiser.send("/")
        try appraiser.type(vin)
        try appraiser.waitFor(text: "Найдено: 1")
        try appraiser.send("Enter")
        try appraiser.waitFor(text: "Оценка · \(asked.number)")
        try escape(appraiser)
        try appraiser.waitFor(text: "Найдено: 1")
        try appraiser.send("a")
        try appraiser.waitFor(text: "согласует другой старший сотрудник")
        try escape(appraiser)
        #expect(try appraisals.get(id: asked.id)?.state == .awaitingApproval)
        // petrov, from his own login.
        let senior = try open("petrov")
        try senior.waitFor(text: "● в сети")
        try senior.send("M-5")
        try senior.waitFor(text: "Оценки (выкуп)")
        try senior.send("/")
        try senior.type(vin)
        try senior.waitFor(text: "Найдено: 1")
        try escape(senior)
        try senior.send("a")
        try senior.waitFor(text: "\(asked.number): согласовано")
        #expect(try appraisals.get(id: asked.id)?.approvedBy == "petrov")
        // The seller accepts.
        try appraiser.send("y")
        try appraiser.waitFor(text: "Продавец согласен")
        try appraiser.send("Enter")
        try appraiser.waitFor(text: "\(asked.number): принято продавцом")
        // Buying before the checks have run is refused, with what is missing.
        try appraiser.send("b")
        try appraiser.waitFor(text: "по оценке \(asked.number)")
        try appraiser.send("y")
        try appraiser.waitFor(text: "не проводилась")
        #expect(try appraisals.get(id: asked.id)?.state == .accepted)
        try escape(appraiser)
        // The checks as kited records them (passed), then the purchase.
        let accepted = try #require(try appraisals.get(id: asked.id))
        let names = try connection.fetch(String.self, "SELECT unnest(blocking_checks) FROM dealerships WHERE id = \(kzn.id)")
        let checks = CheckResultRepository(connection: connection)
        try checks.record(names.map { NewCheckResult(checkName: $0, status: .passed) }, subject: .appraisal, subjectID: accepted.id,
                          vin: accepted.vin)
        try checks.record(names.map { NewCheckResult(checkName: $0, status: .passed) }, subject: .customer, subjectID: accepted.sellerID)
        try appraiser.send("b")
        try appraiser.waitFor(text: "по оценке \(asked.number)")
        try appraiser.send("y")
        try appraiser.waitFor(text: "\(asked.number): выкуплен")
        let bought = try #require(try appraisals.get(id: asked.id))
        let price = try #require(bought.purchasePrice)
        #expect(bought.state == .bought && price == accepted.offerAmount)
        // The car in the stock list, and on its card: used, bought from a person, at the price paid.
        try appraiser.send("M-1")
        try appraiser.waitFor(text: "Склад")
        try appraiser.send("/")
        try appraiser.type(vin)
        try appraiser.waitFor("the bought car in the stock list") { $0.contains("Найдено: 1") && $0.contains("Vesta") }
        let vehicleID = try #require(bought.vehicleID)
        let car = try #require(try VehicleRepository(connection: connection).get(id: vehicleID))
        #expect(car.condition == .used && car.boughtFromPrivatePerson && car.purchaseCost == price && car.status == .inStock)
        try appraiser.send("Enter")
        try appraiser.waitFor(text: "Автомобиль · \(car.stockNumber)")
        try appraiser.waitFor("the card: used, at the price paid") { screen in
            screen.contains("с пробегом") && screen.contains(price.formatted(.ru))
        }
    }

    /// `kite report buyout`: the demo's appraisals (volkova's four in KZN: one draft, three
    /// offered, none bought) per appraiser and source, and with --csv the same for Excel.
    @Test("kite report buyout prints look-to-book and the reconditioning, and writes CSV for Russian Excel")
    func reportOnTheCommandLine() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        func kite(_ arguments: [String]) throws -> Subprocess.Result {
            try Subprocess.run(["/usr/bin/env", "LANG=ru_RU.UTF-8", "LC_ALL=", "HOME=/nonexistent",
                                "KITE_HOME=\(StockEndToEndTests.packageRoot.path)", StockEndToEndTests.kiteBinary, "report", "buyout",
                                "--database", conninfo] + arguments)
        }
        let printed = try kite([])
        #expect(printed.status == 0, "\(printed.output)")
        let lines = printed.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Выкуп: оценки → предложения → выкуплено") == true, "\(printed.output)")
        #expect(lines.contains { $0.hasPrefix("ДЦ") && $0.contains("Оценщик") && $0.hasSuffix("Доля") }, "\(printed.output)")
        // Two walk-ins, both offered, none bought.
        #expect(lines.contains { $0.range(of: #"^KZN\s+volkova\s+пришёл сам\s+2\s+2\s+0\s+0,0 %$"#, options: .regularExpression) != nil },
                "\(printed.output)")
        #expect(lines.contains { $0.range(of: #"^Итого\s+4\s+3\s+0\s+0,0 %$"#, options: .regularExpression) != nil }, "\(printed.output)")
        #expect(printed.output.contains("За период ничего не выкуплено"), "\(printed.output)")
        let refused = try kite(["--from", "31.12.2026", "--to", "01.12.2026"])
        #expect(refused.status != 0 && refused.output.contains("not before --from"), "\(refused.output)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kite-buyout-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let written = try kite(["--from", "01.01.2026", "--csv", file.path])
        #expect(written.status == 0 && written.output.contains(file.path), "\(written.output)")
        let data = try Data(contentsOf: file)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let csv = String(decoding: data, as: UTF8.self)
        #expect(csv.contains("dealership;appraiser;source;appraised;offered;bought;share_percent\r\n"), "\(csv)")
        #expect(csv.contains("KZN;volkova;пришёл сам;2;2;0;0,0\r\n"), "\(csv)")
        #expect(csv.contains("appraisal;stock_number;car;appraiser;estimate;actual;difference\r\n"), "\(csv)")
    }
}
