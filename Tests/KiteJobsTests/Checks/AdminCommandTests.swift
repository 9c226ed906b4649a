import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// The admin commands run as the real `kite` binary: the passport list import
/// and the dealership settings.
@Suite struct AdminCommandTests {
    static var kite: String { RegistryImportTests.kite }

    func kite(_ arguments: [String], database: String) throws -> Subprocess.Result {
        try #require(FileManager.default.isExecutableFile(atPath: Self.kite),
                     "\(Self.kite) is missing: run `swift build` before the tests")
        return try Subprocess.run([Self.kite] + arguments + ["--database", database])
    }

    func write(_ text: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-admin-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv")
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test func kiteRegistryImportPassports() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let registry = PassportRegistry(connection: try PGConnection(conninfo))
        let full = try write("\u{FEFF}PASSP_SERIES,PASSP_NUMBER\r\n4508,123456\r\n45 0,123456\r\n\"6002\",\"654321\"\r\n0101,000001\r\n")
        let update = try write("PASSP_SERIES,PASSP_NUMBER\n7777,777777\n1234,12345\n")
        let wrong = try write("series;number\n2222;222222\n")
        defer { for file in [full, update, wrong] { try? FileManager.default.removeItem(at: file) } }

        let first = try kite(["registry", "import", "passports", full.path, "--replace"], database: conninfo)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("\(full.path):3: the series must be 4 digits: '45 0,123456'"), "\(first.output)")
        #expect(first.output.contains("3 passport line(s) read, 1 bad line(s) skipped; 3 invalid passports in the registry"),
                "\(first.output)")
        #expect(try registry.contains(series: "4508", number: "123456"))
        #expect(try registry.contains(series: "6002", number: "654321"))
        #expect(try registry.latestImport()?.source == full.lastPathComponent)

        // Without --replace the rows are added; --source is kept with the import.
        let second = try kite(["registry", "import", "passports", update.path, "--source", "mvd 2026-11"], database: conninfo)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains(":3: the number must be 6 digits"), "\(second.output)")
        #expect(second.output.contains("4 invalid passports in the registry"), "\(second.output)")
        #expect(try registry.latestImport()?.source == "mvd 2026-11")

        // Not the MVD format: exit 1 naming the file and line, the registry as it was.
        let refused = try kite(["registry", "import", "passports", wrong.path, "--replace"], database: conninfo)
        #expect(refused.status == 1)
        #expect(refused.output.contains("kite: \(wrong.path): line 1: expected the header PASSP_SERIES,PASSP_NUMBER"),
                "\(refused.output)")
        #expect(try registry.count() == 4)
    }

    @Test func kiteDealershipRequisites() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let connection = try PGConnection(conninfo)
        try ReferenceRepository(connection: connection).insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")

        let empty = try kite(["dealership", "requisites", "MSK"], database: conninfo)
        #expect(empty.status == 0 && empty.output.contains("  bik           —"), "\(empty.output)")

        let set = try kite(["dealership", "requisites", "MSK", "--legal-name", "ООО «Кайт Авто Москва»",
                            "--inn", "7701123451", "--kpp", "770101001", "--bik", "044525225",
                            "--account", "4070 2810 2000 0001 2345", "--corr-account", "30101810400000000225",
                            "--language", "en"], database: conninfo)
        #expect(set.status == 0, "\(set.output)")
        #expect(set.output.contains("MSK: requisites changed") && set.output.contains("  account       40702810200000012345"),
                "\(set.output)")

        // Only the given field changes; a wrong key is named with its option and nothing is written.
        let bad = try kite(["dealership", "requisites", "MSK", "--account", "40702810200000012346", "--ogrn", "123",
                            "--language", "en"], database: conninfo)
        #expect(bad.status != 0)
        #expect(bad.output.contains("--ogrn: OGRN: 13 digits needed"), "\(bad.output)")
        #expect(bad.output.contains("--account: The settlement account does not match BIK 044525225: wrong control key"), "\(bad.output)")
        let stored = try SellerRequisitesRepository(connection: connection).requisites(dealershipCode: "MSK")
        #expect(stored?.settlementAccount == "40702810200000012345")
        #expect(stored?.legalName == "ООО «Кайт Авто Москва»")
    }

    @Test func kiteDealershipShowAndSet() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let connection = try PGConnection(conninfo)
        let reference = ReferenceRepository(connection: connection)
        try reference.insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
        try reference.insertDealership(code: "KZN", name: "Кайт Авто Казань", city: "Казань")

        let all = try kite(["dealership", "show"], database: conninfo)
        #expect(all.status == 0, "\(all.output)")
        #expect(all.output == """
            KZN  Кайт Авто Казань (Казань)
              blocking_checks         vin_structure,duplicate_vin,pledge,wanted,restrictions,passport_invalid,buyer_age
              check_max_age_days      30
              discount_limit_percent  5.00
              vat_rate_percent        22.00
              reservation_days        3
              time_zone               Europe/Moscow
              idle_lock_minutes       15

            MSK  Кайт Авто Москва (Москва)
              blocking_checks         vin_structure,duplicate_vin,pledge,wanted,restrictions,passport_invalid,buyer_age
              check_max_age_days      30
              discount_limit_percent  5.00
              vat_rate_percent        22.00
              reservation_days        3
              time_zone               Europe/Moscow
              idle_lock_minutes       15

            """, "\(all.output)")

        let set = try kite(["dealership", "set", "MSK", "--blocking-checks", "pledge,wanted,passport_invalid",
                            "--check-max-age-days", "14", "--discount-limit-percent", "7,5", "--language", "en"],
                           database: conninfo)
        #expect(set.status == 0, "\(set.output)")
        #expect(set.output.hasPrefix("MSK: settings changed\nMSK  Кайт Авто Москва (Москва)\n  blocking_checks         pledge,wanted,passport_invalid\n  check_max_age_days      14\n  discount_limit_percent  7.50\n"),
                "\(set.output)")
        let audit = try connection.fetchOne(String.self,
            "SELECT actor || ' ' || action FROM audit_log WHERE entity = 'dealership'")
        #expect(audit?.hasSuffix(" settings") == true && audit?.hasPrefix(" ") == false, "\(String(describing: audit))")

        let one = try kite(["dealership", "show", "MSK"], database: conninfo)
        #expect(one.output.contains("check_max_age_days      14") && !one.output.contains("KZN"), "\(one.output)")

        // Bad values: every one named with its rule, nothing written.
        let bad = try kite(["dealership", "set", "KZN", "--blocking-checks", "pledge,stolen", "--check-max-age-days", "0",
                            "--discount-limit-percent", "120", "--language", "en"], database: conninfo)
        #expect(bad.status == 1)
        #expect(bad.output.contains("kite: --blocking-checks: blocking checks: unknown check 'stolen'; known checks: vin_structure"), "\(bad.output)")
        #expect(bad.output.contains("kite: --check-max-age-days: check max age: '0' must be a whole number of days from 1 to 365"), "\(bad.output)")
        #expect(bad.output.contains("kite: --discount-limit-percent: discount limit: '120' must be a percentage from 0 to 100"), "\(bad.output)")
        let russian = try kite(["dealership", "set", "KZN", "--check-max-age-days", "много", "--language", "ru"],
                               database: conninfo)
        #expect(russian.status == 1)
        #expect(russian.output.contains("срок годности проверки: «много» — нужно целое число дней от 1 до 365"), "\(russian.output)")
        let unknown = try kite(["dealership", "set", "SPB", "--check-max-age-days", "10", "--language", "en"], database: conninfo)
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("no dealership with the code 'SPB' (known: KZN, MSK)"), "\(unknown.output)")
        let nothing = try kite(["dealership", "set", "KZN", "--language", "en"], database: conninfo)
        #expect(nothing.status == 1)
        #expect(nothing.output.contains("nothing to change"), "\(nothing.output)")
        #expect(try DealershipSettingsRepository(connection: connection).settings(code: "KZN")?.checkMaxAgeDays == 30)
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM audit_log WHERE entity = 'dealership'") == 1)
    }
}
