import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// Issue 15: typed work survives a killed terminal.
@Suite("Drafts end to end (issue 15)", .serialized)
struct DraftEndToEndTests {
    private func open(_ conninfo: String) throws -> TmuxSession {
        try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database", StockEndToEndTests.conninfo(conninfo, as: "ivanova")],
                        environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                      "KITE_HOME": StockEndToEndTests.packageRoot.path],
                        columns: 120, rows: 36)
    }

    private func tmux(_ arguments: [String]) throws -> String {
        let result = try Subprocess.run(["/usr/bin/env", "tmux"] + arguments)
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("Type into a deal (a field and an extra line), kill -9 the terminal's kite, start kite again, restore, F2: the deal has what was typed")
    func typedDealSurvivesSIGKILL() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        let connection = try PGConnection(conninfo)
        let number = try #require(try connection.fetchOne(String.self, """
            SELECT number FROM deals WHERE stage = 'reserved' AND manager_login = 'ivanova' ORDER BY number LIMIT 1
            """))
        let first = try open(conninfo)
        try first.waitFor(text: "АРЦ")
        try first.send("M-x")
        try first.type("deal \(number)")
        try first.send("Enter")
        try first.waitFor(text: "Кредит")
        // From the first field down to the loan's bank.
        for _ in 0..<5 { try first.send("Tab") }
        try first.type("Банк Тестовый")
        try first.waitFor(text: "Банк Тестовый")
        // An extra line (F3: the row dialog; kind, description, quantity, unit price), kept in
        // the card until F2 — and in the draft meanwhile.
        try first.send("F3")
        try first.waitFor(text: "Новая строка")
        try first.send("Tab")
        try first.type("Фаркоп тестовый")
        try first.send("Tab")
        try first.send("Tab")
        try first.type("15000")
        try first.send("F2")
        try first.waitFor(text: "Фаркоп тестовый")
        try first.send("Escape")
        // The draft is written within a second of the last key, the line with the fields.
        let deadline = Date().addingTimeInterval(5)
        var stored = false
        while !stored && Date() < deadline {
            stored = (try connection.fetchOne(Int64.self, """
                SELECT count(*) FROM drafts WHERE login = 'ivanova' AND fields->>'loan_bank' = 'Банк Тестовый'
                   AND details::text LIKE '%Фаркоп тестовый%'
                """) ?? 0) > 0
            if !stored { usleep(100_000) }
        }
        #expect(stored, "no draft with the field and the line within 5 s of the last key: \((try? first.screen()) ?? "")")
        // kill -9 the program in the pane: nothing gets a chance to close.
        let pid = try tmux(["display", "-p", "-t", first.name, "#{pane_pid}"])
        _ = try Subprocess.run(["/bin/kill", "-KILL", pid])

        let second = try open(conninfo)
        try second.waitFor(text: "Несохранённый ввод")
        try second.send("Enter")
        try second.waitFor(text: "Восстановить")
        // The question shows the line the draft adds beside the field it changes.
        try second.waitFor(text: "«Фаркоп")
        try second.send("Enter")
        try second.waitFor(text: "Ввод восстановлен")
        try second.send("F2")
        try second.send("F2")
        let saveDeadline = Date().addingTimeInterval(15)
        var bank: String?
        while Date() < saveDeadline {
            bank = try connection.fetchOne(String.self, "SELECT loan_bank FROM deals WHERE number = \(number)")
            if bank == "Банк Тестовый" { break }
            usleep(200_000)
        }
        let screen = (try? second.screen()) ?? ""
        #expect(bank == "Банк Тестовый", "screen: \(screen)")
        let lines = try connection.fetch(String.self, """
            SELECT l.description FROM deal_lines l JOIN deals d ON d.id = l.deal_id
             WHERE d.number = \(number) AND l.description = 'Фаркоп тестовый'
            """)
        #expect(lines.count == 1, "screen: \(screen)")
        #expect(try connection.fetchOne(Int64.self, "SELECT count(*) FROM drafts") == 0)
    }
}
