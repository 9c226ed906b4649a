import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// Issue 10 item 25: a key the hint bar shows runs, or says at once why it cannot.
@MainActor
@Suite("Offered keys: only what can run, or the reason at once")
struct OfferedKeysTests {
    private func command(_ harness: AppHarness, _ text: String) {
        harness.press(.alt("x"))
        harness.type(text)
        harness.press(.enter)
    }

    private func hintBar(_ harness: AppHarness) -> String {
        String(harness.screen.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
    }

    @Test("an open card is always being edited: no F4 «Правка» in its hint bar or help")
    func noEditKeyOnACard() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        #expect(hintBar(harness).contains("Правка") || harness.screen.contains("Enter"))
        harness.press(.enter)
        #expect(harness.screen.contains("Автомобиль ·"))
        #expect(!hintBar(harness).contains("F4"), "\(hintBar(harness))")
        harness.press(.function(1))
        #expect(!harness.screen.contains("Правка —"), "\(harness.screen)")
    }

    @Test("an empty :jobs: R and X say at once that there is nothing to retry or cancel")
    func emptyJobs() throws {
        let harness = try AppHarness(login: "root")
        defer { harness.shutdown() }
        try harness.connection.execute("DELETE FROM jobs")
        command(harness, "jobs")
        harness.press(.character("R"))
        #expect(harness.screen.contains("Нет сбойных заданий: повторять"), "\(harness.screen)")
        harness.press(.character("X"))
        #expect(!harness.screen.contains("Отменить задание"), "\(harness.screen)")
    }

    @Test("F6 at 80 columns sorts only by columns on screen: a ▲ is always shown")
    func sortOnlyByShownColumns() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        for press in 1...14 {
            harness.press(.function(6))
            #expect(harness.screen.contains("▲"), "F6 ×\(press): \(harness.screen)")
        }
    }

    @Test("F7 by the manager who asked for the discount: the reason at once, no question first")
    func approvalByTheRequester() throws {
        let harness = try AppHarness(login: "ivanova")
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        let deal = try DealRepository(connection: harness.connection).create(
            Deal(dealershipID: cars[0].dealershipID, managerLogin: "ivanova", customerID: customers[0].id, vehicleID: cars[0].id,
                 listPrice: cars[0].listPrice, salePrice: cars[0].listPrice - Money(roubles: 500_000),
                 discountAmount: Money(roubles: 500_000), discountReason: "promo"), actor: "ivanova")
        command(harness, "deal \(deal.number)")
        harness.press(.function(7))
        #expect(!harness.screen.contains("Согласовать скидку"), "\(harness.screen)")
        #expect(harness.screen.contains("Скидку запросили вы"), "\(harness.screen)")
    }

    @Test("F9 on a reservation that has not run out does not offer «Продлить резерв»")
    func noRenewalOfALiveReservation() throws {
        let harness = try AppHarness(login: "ivanova")
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        let repository = DealRepository(connection: harness.connection)
        let draft = try repository.create(
            Deal(dealershipID: cars[0].dealershipID, managerLogin: "ivanova", customerID: customers[0].id, vehicleID: cars[0].id,
                 listPrice: cars[0].listPrice, salePrice: cars[0].listPrice), actor: "ivanova")
        _ = try repository.perform(.reserve, dealID: draft.id, expectedVersion: draft.version, actor: "ivanova")
        command(harness, "deal \(draft.number)")
        harness.press(.function(9))
        #expect(harness.screen.contains("Отменить") || harness.screen.contains("Договор"), "\(harness.screen)")
        #expect(!harness.screen.contains("Продлить резерв"), "\(harness.screen)")
    }

    private func insertGolden(_ harness: AppHarness) throws {
        let repository = VehicleRepository(connection: harness.connection)
        for vehicle in GoldenStock.vehicles(dealershipID: try harness.dealershipID("MSK")) {
            try repository.insert(vehicle, actor: "seed")
        }
    }
}
