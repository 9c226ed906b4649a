import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// Issue 10, items 13 and 27: what the `kite` command line echoes, and in which language.
@Suite("kite on the command line: echoes and words")
struct CLIEchoTests {
    private func kite(_ arguments: [String], language: String = "ru_RU.UTF-8") throws -> Subprocess.Result {
        try Subprocess.run(["/usr/bin/env", "LANG=\(language)", "LC_ALL=", "LC_MESSAGES=", "HOME=/nonexistent",
                            "KITE_HOME=\(StockEndToEndTests.packageRoot.path)", StockEndToEndTests.kiteBinary] + arguments)
    }

    /// Bytes a terminal would act on: ESC, BEL and the 8-bit CSI/OSC.
    private func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x9D }
    }

    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kite-cli-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("`kite vin` with a screen clear, a window title and an OSC 52 clipboard write echoes none of them")
    func vinArgument() throws {
        let result = try kite(["vin", "XTA\u{1B}[2J\u{1B}]0;owned\u{07}\u{1B}]52;c;cm0gLXJm\u{07}GFL110TD000777"])
        #expect(result.status == 2)
        #expect(result.output.contains("XTA"))
        #expect(!hasControls(result.output), "\(result.output.debugDescription)")
    }

    @Test("`kite import` names bad cells in Russian under a Russian locale, without echoing their escapes")
    func importEchoesNoEscapes() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let file = try write("vin;make;model;year;dealership;list_price\n"
            + "XTAGFL110TD000777;\u{1B}[2JLada;\u{1B}]52;c;cm0gLXJm\u{07};2026;\u{9B}31mMSK;1650000\n"
            + "XTAGFL110TD000778;Lada;Vesta;20x6;MSK;1650000\n")
        let result = try kite(["import", "vehicles", file, "--database", conninfo])
        #expect(result.status == 1)
        #expect(!hasControls(result.output), "\(result.output.debugDescription)")
        #expect(result.output.contains("строка 2: make: Управляющий символ U+001B (ESC) в позиции 1 недопустим"))
        #expect(result.output.contains("строка 3: year: «20x6» — не целое число"))
        #expect(result.output.contains("ничего не импортировано"))
    }

    @Test("`kite import vehicles` refuses --from and --account instead of ignoring them")
    func ignoredOptionsRefused() throws {
        let file = try write("vin;make;model;year;dealership;list_price\n")
        let from = try kite(["import", "vehicles", file, "--from", "01.01.2026", "--database", "dbname=none"])
        #expect(from.status == 1)
        #expect(from.output.contains("параметр --from не относится к «kite import vehicles»"))
        let account = try kite(["import", "customers", file, "--account", "40702810900000000001", "--database", "dbname=none"],
                               language: "en_US.UTF-8")
        #expect(account.status == 1)
        #expect(account.output.contains("the option --account does not apply to `kite import customers`"))
    }

    @Test("an argument ArgumentParser refuses is named without its escape sequences")
    func parserErrorsSanitised() throws {
        let result = try kite(["vin", "X", "\u{1B}]0;owned\u{07}extra"])
        #expect(result.status != 0)
        #expect(!hasControls(result.output), "\(result.output.debugDescription)")
    }
}
