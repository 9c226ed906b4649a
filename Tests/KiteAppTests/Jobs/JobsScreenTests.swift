import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

@MainActor
@Suite struct JobsScreenTests {
    /// Jobs with fixed ids and ages: two queues, a discarded job, one waiting to retry.
    func seedJobs(_ harness: AppHarness) throws {
        let db = harness.connection
        try db.execute("DELETE FROM jobs")
        try db.execute("ALTER TABLE jobs ALTER COLUMN id RESTART WITH 101")
        let queue = JobQueue(connection: db)
        try queue.enqueueBatch((0..<3).map { _ in NewJob(kind: "noop") })
        try queue.enqueue(NewJob(kind: "noop", queue: "mail"))
        try db.execute("UPDATE jobs SET scheduled_at = now() - interval '2 hours 5 minutes' WHERE id = 101")
        try db.execute("UPDATE jobs SET scheduled_at = now() - interval '3 minutes' WHERE id = 104")
        try queue.enqueue(NewJob(kind: "vehicle.verify", args: ["vehicle_id": "4"], maxAttempts: 10))
        try queue.enqueue(NewJob(kind: "customer.verify", args: ["customer_id": "7"], maxAttempts: 1))
        let claimed = try queue.claim(queue: "default", limit: 10, worker: "test", lease: .seconds(60))
        let verify = try #require(claimed.first { $0.kind == "vehicle.verify" })
        let customer = try #require(claimed.first { $0.kind == "customer.verify" })
        let others = claimed.filter { $0.kind == "noop" }
        try queue.complete([verify.failed("http provider: pledges XW8: HTTP 503: maintenance"),
                            customer.failed("customer.verify: args.customer_id missing", permanent: true)]
                           + others.dropFirst().map { $0.succeeded() }, worker: "test")
        try queue.release(Array(others.prefix(1)), worker: "test")
    }

    @Test("golden: :jobs shows counts, failures and the failed jobs; an admin's retry and cancel act on the selected job")
    func jobsScreen() throws {
        let harness = try AppHarness(login: "root")
        defer { harness.shutdown() }
        try seedJobs(harness)
        harness.press(.character(":"))
        harness.type("задания")
        harness.press(.enter)
        expectScreen(harness.screen, golden: "jobs-80x24-ru")

        // Enter: the error history of the selected job (the newest failure: 105, waiting to retry).
        harness.press(.enter)
        #expect(harness.screen.contains("Задание 105"))
        #expect(harness.screen.contains("http provider: pledges XW8: HTTP 503"), "\(harness.screen)")
        harness.press(.escape)

        // Cancel asks first; "no" keeps the job, "yes" cancels it.
        harness.press(.character("X"))
        #expect(harness.screen.contains("Отменить задание 105"))
        harness.press(.character("n"))
        #expect(try JobQueue(connection: harness.connection).job(id: 105)?.state == .retryable)
        harness.press(.character("X"), .character("y"))
        let cancelled = try #require(try JobQueue(connection: harness.connection).job(id: 105))
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.errors.last?.error == "cancelled by root in kite")
        #expect(harness.screen.contains("Задание 105 отменено"))

        // The discarded job is left in the list; retry makes it available again.
        #expect(!harness.screen.contains(" 105  vehicle.verify"))
        harness.press(.character("R"))
        #expect(harness.screen.contains("Задание 106 поставлено в очередь снова"))
        #expect(try JobQueue(connection: harness.connection).job(id: 106)?.state == .available)
        #expect(harness.screen.contains("Нет сбойных заданий"))
    }

    @Test("an operator sees the jobs but may not retry or cancel: the hint bar dims them, help and the keys say why")
    func nonAdminIsRefused() throws {
        let harness = try AppHarness()   // sidorova, an operator
        defer { harness.shutdown() }
        try seedJobs(harness)
        harness.press(.character(":"))
        harness.type("задания")
        harness.press(.enter)
        let hints = harness.screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(hints.contains("Открыть") && hints.contains("Повторить") && hints.contains("Отменить"), "\(hints)")
        let retryColumn = try #require(hints.range(of: "Повторить")).lowerBound.utf16Offset(in: hints)
        #expect(harness.surface.styleAt(row: 23, column: retryColumn).role == .dim, "an unavailable command is dimmed")
        expectScreen(harness.screen, golden: "jobs-operator-80x24-ru")

        harness.press(.character("R"))
        #expect(harness.app.statusMessage == "Только для администратора: повторять и отменять задания может роль «администратор»")
        #expect(harness.screen.contains("Только для администратора"), "\(harness.screen)")
        harness.app.showMessage("")
        harness.press(.character("X"))
        #expect(!harness.screen.contains("Отменить задание 105"), "no confirmation is asked")
        #expect(harness.app.statusMessage.hasPrefix("Только для администратора"))
        let queue = JobQueue(connection: harness.connection)
        #expect(try queue.job(id: 105)?.state == .retryable)
        #expect(try queue.job(id: 106)?.state == .discarded)

        // Help lists the command with the reason it cannot run now.
        harness.press(.function(1))
        #expect(harness.screen.contains("Повторить — сейчас нельзя: Только для администратора"), "\(harness.screen)")
    }

    @Test("in English, an operator's refusal names the rule")
    func nonAdminIsRefusedInEnglish() throws {
        let harness = try AppHarness(language: .en)
        defer { harness.shutdown() }
        try seedJobs(harness)
        harness.press(.character(":"))
        harness.type("jobs")
        harness.press(.enter)
        harness.press(.character("R"))
        #expect(harness.app.statusMessage == "Admins only: retrying and cancelling jobs need the admin role")
        #expect(harness.screen.contains("Admins only"), "\(harness.screen)")
        #expect(try JobQueue(connection: harness.connection).job(id: 106)?.state == .discarded)
    }

    @Test("golden: :jobs in English at 160×48")
    func jobsScreenEnglish() throws {
        let harness = try AppHarness(rows: 48, columns: 160, language: .en, login: "root")
        defer { harness.shutdown() }
        try seedJobs(harness)
        harness.press(.character(":"))
        harness.type("jobs")
        harness.press(.enter)
        expectScreen(harness.screen, golden: "jobs-160x48-en")
    }
}

@MainActor
@Suite struct CheckBadgesTests {
    func openGeely(_ harness: AppHarness) throws -> Int64 {
        let repository = VehicleRepository(connection: harness.connection)
        var geelyID: Int64 = 0
        for vehicle in GoldenStock.vehicles(dealershipID: try harness.dealershipID("MSK")) {
            let stored = try repository.insert(vehicle, actor: "seed")
            if stored.stockNumber == "MSK-000004" { geelyID = stored.id }
        }
        let results = CheckResultRepository(connection: harness.connection)
        try results.record([
            NewCheckResult(checkName: "vin_structure", status: .warning, details: "check digit 0, expected 9"),
            NewCheckResult(checkName: "vin_make", status: .passed, details: "Geely"),
            NewCheckResult(checkName: "duplicate_vin", status: .passed),
            NewCheckResult(checkName: "pledge", status: .failed, details: "залог в пользу \u{1B}[31mООО Банк", provider: "http"),
            NewCheckResult(checkName: "wanted", status: .error, details: "HTTP 503", provider: "http"),
        ], subject: .vehicle, subjectID: geelyID)
        try harness.connection.execute("UPDATE check_results SET checked_at = '2026-11-20 09:30:00+00'")
        harness.app.run("list.refresh")
        harness.settle()
        harness.press(.down, .down, .down, .enter)
        return geelyID
    }

    @Test("golden: the card's badge row and the detail overlay (F3)")
    func badgesAndDetails() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        _ = try openGeely(harness)
        let badgeLine = harness.screen.split(separator: "\n").first { $0.hasPrefix(" Проверки:") }
        #expect(badgeLine?.contains("! VIN ✓ Марка ✓ Дубль ✗ Залог ? Розыск") == true, "\(harness.screen)")
        harness.press(.function(3))
        // Checked at 09:30 UTC: 12:30 in Moscow, the dealership's zone.
        #expect(harness.screen.contains("20.11.2026 12:30"))
        // The card's cost footer dates the car's purchase line today (migration 0027).
        expectScreen(harness.screen.replacingOccurrences(of: DayFormat.display(Date()), with: "ДД.ММ.ГГГГ"),
                     golden: "check-details-80x24-ru")
        // Escape sequences in details never reach the terminal.
        #expect(!harness.screen.contains("\u{1B}"))
    }
}
