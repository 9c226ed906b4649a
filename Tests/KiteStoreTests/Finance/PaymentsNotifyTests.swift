import Foundation
import KiteDomain
import KiteStore
import Testing

@Suite("Payments: other screens are told")
struct PaymentsNotifyTests {
    @Test func enteringAndConfirmingNotifyWithTheNewState() throws {
        let f = try FinanceFixture()
        let watcher = try PGConnection(f.conninfo)
        try watcher.listen("payments")
        let deal = try f.deal(number: 1, due: Money(roubles: 5_000))
        let payment = try f.payments.insert(f.draft(.prepayment, .cash, "1000", deal: deal), actor: "sidorova")
        _ = try f.payments.confirm(id: payment.id, actor: "kuznetsov")
        var payloads: [String] = []
        let deadline = Date().addingTimeInterval(5)
        while payloads.count < 2 && Date() < deadline {
            payloads += try watcher.drainNotifications().filter { $0.channel == "payments" }.map(\.payload)
            if payloads.count < 2 { usleep(20_000) }
        }
        #expect(payloads.prefix(2) == ["\(payment.id):pending", "\(payment.id):confirmed"])
    }
}
