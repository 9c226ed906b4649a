import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Logging
import Testing

/// Issue 10, items 6, 7, 21, 22, 23 and 30 as a user meets them in the app.
@MainActor
@Suite("Input, messages and dialogs")
struct InputAndMessageTests {
    private func focus(_ harness: AppHarness, label: String) {
        for _ in 0..<40 {
            if let cursor = harness.surface.cursor, harness.surface.line(cursor.row).hasPrefix(label) { return }
            harness.press(.tab)
        }
        Issue.record("no field labelled \(label)")
    }

    private func newVehicleCard() throws -> AppHarness {
        let harness = try AppHarness()
        harness.app.run("list.new")
        harness.settle()
        #expect(harness.screen.contains("Автомобиль · новый"))
        return harness
    }

    @Test("item 7: keys typed while «Окно слишком мало» is shown do not reach the form underneath")
    func keysWhileTheWindowIsTooSmall() throws {
        let harness = try newVehicleCard()
        defer { harness.shutdown() }
        harness.surface.resize(rows: 20, columns: 60)
        harness.settle()
        #expect(harness.screen.contains("Окно слишком мало"))
        harness.type("XTA")
        harness.press(.escape, .character("y"))     // on the form: «Закрыть без сохранения?» — yes
        harness.surface.resize(rows: 24, columns: 80)
        harness.settle()
        #expect(harness.screen.contains("Автомобиль · новый"))
        #expect(!harness.app.hasOverlay)
        #expect(!harness.screen.contains("XTA"))
    }

    @Test("item 22: a status message is cleared when its screen is left")
    func messageDoesNotOutliveItsScreen() throws {
        let harness = try newVehicleCard()
        defer { harness.shutdown() }
        harness.press(.function(8))
        #expect(harness.surface.line(22).contains("Сначала сохраните"))
        harness.press(.escape)
        #expect(harness.screen.contains("Склад"))
        #expect(!harness.screen.contains("Автомобиль · новый"))
        #expect(!harness.screen.contains("Сначала сохраните"))
    }

    @Test("item 6: a paste goes into the field as text; a cut at the maximum is said in the status line")
    func pasteIntoAField() throws {
        let harness = try newVehicleCard()
        defer { harness.shutdown() }
        focus(harness, label: "VIN")
        harness.press(.paste("xta\n\u{7}gfl110td000101"))
        #expect(!harness.app.hasOverlay)                    // the BEL did not ask «Закрыть без сохранения?»
        let row = harness.surface.cursor?.row ?? 0
        let line = harness.surface.line(row)
        #expect(line.contains("XTA GFL110TD00010"), "\(line)")
        harness.press(.control("u"))
        harness.press(.paste(String(repeating: "X", count: 10_000)))
        #expect(harness.screen.contains("Вставлено знаков: 17 из 10000 — в поле «VIN» помещается не больше 17"))
    }

    @Test("item 23: a yes/no box's hint says what Enter does with the highlighted answer")
    func confirmHintFollowsTheHighlight() throws {
        let harness = try newVehicleCard()
        defer { harness.shutdown() }
        harness.type("X")
        harness.press(.escape)
        #expect(harness.screen.contains("Закрыть без сохранения?"))
        #expect(harness.surface.line(23).hasPrefix("Enter Нет"))
        #expect(!harness.surface.line(23).contains("Enter Да"))
        harness.press(.left)
        #expect(harness.surface.line(23).hasPrefix("Enter Да"))
    }

    @Test("item 21: at 80 columns a long error is wrapped over the status rows, not cut")
    func longErrorIsReadWhole() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        let message = "Телефон: введите номер в формате +7XXXXXXXXXX или 8XXXXXXXXXX; поля, отмеченные красным, нужно исправить"
        harness.app.showError(message)
        harness.settle()
        let bottom = (19...22).map { harness.surface.line($0) }.joined(separator: " ")
        for word in message.split(separator: " ") { #expect(bottom.contains(word), "\(bottom)") }
        #expect(harness.surface.line(0).contains("Склад"))
    }

    @Test("item 21: at 160 columns the version-conflict message is read whole")
    func versionConflictAt160Columns() throws {
        let harness = try AppHarness(rows: 48, columns: 160)
        defer { harness.shutdown() }
        let repository = VehicleRepository(connection: harness.connection)
        for vehicle in GoldenStock.vehicles(dealershipID: try harness.dealershipID("MSK")) {
            try repository.insert(vehicle, actor: "seed")
        }
        harness.app.run("list.refresh")
        harness.settle()
        harness.press(.enter)
        focus(harness, label: "Цвет")
        harness.press(.control("u"))
        harness.type("Жёлтый")
        let other = VehicleRepository(connection: try PGConnection(harness.conninfo))
        let id = try #require(try harness.connection.fetchOne(Int64.self, "SELECT id FROM vehicles WHERE stock_number = 'MSK-000001'"))
        var theirs = try #require(try other.get(id: id))
        theirs.colour = "Синий"
        try other.update(theirs, actor: "petrov")
        harness.press(.function(2))
        let message = harness.app.statusMessage
        #expect(message.contains("petrov"))
        let shown = (40...46).map { harness.surface.line($0) }.joined(separator: " ")
        for word in message.split(separator: " ") { #expect(shown.contains(word), "\(shown)") }
    }

    @Test("item 30: while the TUI runs, stderr (log lines, libpq) goes to the log file, not the terminal")
    func standardErrorGoesToTheLogFile() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-log-\(UUID().uuidString)/kite.log").path
        let marker = "kite-log-\(UUID().uuidString.prefix(8))"
        StandardErrorLog.redirected(to: path) {
            FileHandle.standardError.write(Data("stderr \(marker)\n".utf8))
            Logger(label: "kite.test").warning("logger \(marker)")
        }
        let log = try String(contentsOfFile: path, encoding: .utf8)
        #expect(log.contains("stderr \(marker)"))
        #expect(log.contains("logger \(marker)"))
        #expect(StandardErrorLog.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/kite/kite.log")
        #expect(StandardErrorLog.defaultPath(environment: ["KITE_LOG": "/tmp/k.log", "HOME": "/home/u"]) == "/tmp/k.log")
    }
}
