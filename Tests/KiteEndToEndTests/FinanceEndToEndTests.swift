import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// The real `kite` in tmux: an operator enters a prepayment, finance confirms
/// it, the deal's balance and the cash day change.
@Suite("finance in a terminal (tmux)", .serialized)
struct FinanceEndToEndTests {
    static var kiteBinary: String { StockEndToEndTests.kiteBinary }

    /// Roubles as the screen groups them: 600 000.
    static func grouped(_ value: Int64) -> String {
        var digits = Array(String(value)), groups: [String] = []
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits.removeLast(3) }
        groups.insert(String(digits), at: 0)
        return groups.joined(separator: " ")
    }

    private func open(_ conninfo: String, user: String) throws -> TmuxSession {
        try TmuxSession(command: [Self.kiteBinary, "--database", StockEndToEndTests.conninfo(conninfo, as: user), "--start", "stock"],
                        environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                      "KITE_HOME": StockEndToEndTests.packageRoot.path,
                                      "KITE_EXPORT_DIR": FileManager.default.temporaryDirectory.path],
                        columns: 120, rows: 36)
    }

    @Test("enter a prepayment for a deal, confirm it as finance, see the deal balance and the cash day change")
    func prepaymentConfirmedByFinance() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        let connection = try PGConnection(conninfo)
        let customer = try #require(try connection.fetchOne(Int64.self,
            """
            INSERT INTO customers (kind, name, dealership_id, updated_by)
            VALUES ('person', 'Ёлкин Артём Сергеевич', (SELECT id FROM dealerships WHERE code = 'MSK'), 'test') RETURNING id
            """))
        try connection.execute("""
            WITH car AS (SELECT id, dealership_id FROM vehicles WHERE status = 'in_stock'
                         AND dealership_id = (SELECT id FROM dealerships WHERE code = 'MSK') ORDER BY id LIMIT 1)
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price, sale_price,
                total_amount, amount_due, customer_part, contracted_at, updated_by)
            SELECT 'MSK-2026-000042', car.dealership_id, 'ivanova', \(customer), car.id, 'contracted',
                2450000, 2450000, 2450000, 2450000, 2450000, now(), 'test' FROM car
            """)

        // The demo's own confirmed cash in MSK today, to which the 500 000 adds.
        let demoCash = try #require(try connection.fetchOne(Int64.self, """
            SELECT coalesce(sum(amount), 0)::bigint FROM payments
            WHERE method = 'cash' AND state = 'confirmed' AND dealership_id = (SELECT id FROM dealerships WHERE code = 'MSK')
            """))
        let closing = Self.grouped(demoCash + 500_000)

        // The operator enters a cash prepayment of 500 000 for the deal.
        let operator_ = try open(conninfo, user: "sidorova")
        try operator_.waitFor(text: "● в сети")
        try operator_.waitFor(text: "Сидорова А. В.")   // the database login's employee, not $USER
        try operator_.send(":")
        try operator_.type("платёж")
        try operator_.send("Enter")
        try operator_.waitFor(text: "Платёж · новый")
        try operator_.waitFor("the amount field") { $0.contains("Сумма, ₽*") }
        try operator_.type("500 000")
        try operator_.send("Tab")   // date
        try operator_.send("Tab")   // deal
        try operator_.type("Ёлкин")
        try operator_.send("F3")
        try operator_.waitFor(text: "MSK-2026-000042 · Ёлкин А. С.")
        try operator_.send("Enter")
        try operator_.waitFor("the deal's balance") { $0.contains("Сделка MSK-2026-000042 · Ёлкин А. С.") && $0.contains("не оплачена") }
        try operator_.send("F2")
        try operator_.waitFor(text: "ожидает подтверждения")
        let id = try #require(try connection.fetchOne(Int64.self, """
            SELECT p.id FROM payments p JOIN deals d ON d.id = p.deal_id
            WHERE p.state = 'pending' AND d.number = 'MSK-2026-000042'
            """))
        try operator_.send("F10")
        try operator_.waitFor("the program to exit") { !$0.contains("КАЙТ АВТО") }

        // Finance confirms it; the card shows the new balance.
        let finance = try open(conninfo, user: "kuznetsov")
        try finance.waitFor(text: "● в сети")
        try finance.send(":")
        try finance.type("платежи")
        try finance.send("Enter")
        try finance.waitFor("the pending payment in the list") { $0.contains("MSK-2026-000042") && $0.contains("ожидает") }
        try finance.send("Enter")
        try finance.waitFor(text: "Платёж №\(id)")
        try finance.send("F9")
        try finance.waitFor(text: "Подтвердить платёж №\(id)")
        try finance.send("y")
        try finance.waitFor(text: "Подтверждён платёж №\(id)")
        try finance.waitFor("the new balance") { screen in
            let plain = screen.replacingOccurrences(of: "\u{00A0}", with: " ")
            return plain.contains("оплачено 500 000 ₽") && plain.contains("остаток 1 950 000 ₽") && plain.contains("частично")
        }

        // The cash day shows it: cash in 500 000, closing balance 500 000.
        try finance.send("Escape")
        // Wait for the list, so the next key is not read as Alt-: after Esc.
        try finance.waitFor("the payments list again") { $0.contains("Платежи") && !$0.contains("Платёж №") }
        try finance.send(":")
        try finance.type("касса")
        try finance.send("Enter")
        try finance.waitFor("the cash day with the prepayment") { screen in
            let plain = screen.replacingOccurrences(of: "\u{00A0}", with: " ")
            return plain.contains("Кассовый день") && plain.contains("на конец \(closing) ₽") && plain.contains("MSK-2026-000042")
        }

        // The deal itself shows what is paid and what is left.
        try finance.send("Escape")
        try finance.waitFor("the payments list again") { $0.contains("Платежи") && !$0.contains("Кассовый день") }
        try finance.send(":")
        try finance.type("deal MSK-2026-000042")
        try finance.send("Enter")
        try finance.waitFor("the deal's balance line") { screen in
            screen.replacingOccurrences(of: "\u{00A0}", with: " ")
                .contains("Оплачено 500 000 ₽ из 2 450 000 ₽, остаток 1 950 000 ₽")
        }
        try finance.send("F10")
        let verify = try Subprocess.run([Self.kiteBinary, "finance", "verify", "--database", conninfo])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("no discrepancies"))
    }
}
