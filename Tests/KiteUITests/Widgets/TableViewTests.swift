import Testing
import KiteDomain
import KiteTerminal
@testable import KiteUI

/// Counts which rows the table asks for (virtualisation).
final class CountingSource: TableDataSource {
    let rowCount: Int
    var asked: Set<Int> = []
    init(rowCount: Int) { self.rowCount = rowCount }
    func cells(row: Int) -> [String] {
        asked.insert(row)
        return ["VIN\(row)", "Модель \(row)", "Клиент \(row)", Money(roubles: Int64(row) * 1000).formatted(.ru)]
    }
}

@Suite struct TableViewTests {
    init() { useUTF8Locale() }

    static let stockColumns = [
        TableColumn("VIN", width: .fixed(17)),
        TableColumn("Модель", width: .flexible(2)),
        TableColumn("Клиент", width: .flexible(2)),
        TableColumn("Цена", width: .fixed(14), alignment: .right),
    ]

    static let stockRows: [[String]] = [
        ["XTA21700080012345", "Lada Vesta SW Cross", "Иванов Иван Иванович", Money(roubles: 1_650_000).formatted(.ru)],
        ["LGWEF6A59NH123456", "Haval Jolion 1.5T 4WD Premium", "王伟", Money(roubles: 2_349_000).formatted(.ru)],
        ["LB37624S7NL012345", "Geely Coolray 比亚迪", "ООО «Ромашка» 😀", Money(kopecks: 189_990_050).formatted(.ru)],
        ["Z94C251BBLR123456", "Hyundai Solaris", "Петрова Анна", Money(roubles: 990_000).formatted(.ru)],
    ]

    func stockTable() -> TableView {
        let table = TableView(columns: Self.stockColumns, dataSource: ArrayTableDataSource(Self.stockRows))
        table.sortColumn = 3
        table.sortDirection = .descending
        return table
    }

    @Test func golden80x24() {
        let surface = MemorySurface(rows: 24, columns: 80)
        let table = stockTable()
        table.moveSelection(by: 1)
        table.draw(on: surface, in: Rect(row: 0, column: 0, height: 22, width: 80))
        StatusBar(user: "Петров А.", dealership: "КАЙТ Север", message: "4 машины", connection: .online)
            .draw(on: surface, row: 22)
        HintBar([Hint("F2", "Сохранить"), Hint("Esc", "Назад")]).draw(on: surface, row: 23)
        expectScreen(surface, screen(rows: 24, """
        VIN               Модель                  Клиент                          Цена ▼
        XTA21700080012345 Lada Vesta SW Cross     Иванов Иван Иванович       1 650 000 ₽
        LGWEF6A59NH123456 Haval Jolion 1.5T 4WD…  王伟                       2 349 000 ₽
        LB37624S7NL012345 Geely Coolray 比亚迪    ООО «Ромашка» 😀        1 899 900,50 ₽
        Z94C251BBLR123456 Hyundai Solaris         Петрова Анна                 990 000 ₽

















         Петров А. · КАЙТ Север                    4 машины                    ● в сети
        F2 Сохранить  Esc Назад
        """))
        #expect(surface.styleAt(row: 0, column: 0).role == .header)
        #expect(surface.styleAt(row: 2, column: 0).role == .selected)
        #expect(surface.styleAt(row: 2, column: 79).role == .selected)
        #expect(surface.styleAt(row: 1, column: 0).role == .normal)
    }

    @Test func golden160x48() {
        let surface = MemorySurface(rows: 48, columns: 160)
        let table = stockTable()
        table.draw(on: surface, in: Rect(row: 0, column: 0, height: 46, width: 160))
        StatusBar(user: "Петров А.", dealership: "КАЙТ Север", message: "", connection: .reconnecting)
            .draw(on: surface, row: 46)
        HintBar([Hint("F2", "Сохранить"), Hint("Esc", "Назад")]).draw(on: surface, row: 47)
        expectScreen(surface, screen(rows: 48, """
        VIN               Модель                                                          Клиент                                                                  Цена ▼
        XTA21700080012345 Lada Vesta SW Cross                                             Иванов Иван Иванович                                               1 650 000 ₽
        LGWEF6A59NH123456 Haval Jolion 1.5T 4WD Premium                                   王伟                                                               2 349 000 ₽
        LB37624S7NL012345 Geely Coolray 比亚迪                                            ООО «Ромашка» 😀                                                1 899 900,50 ₽
        Z94C251BBLR123456 Hyundai Solaris                                                 Петрова Анна                                                         990 000 ₽









































         Петров А. · КАЙТ Север                                                                                                                        переподключение…
        F2 Сохранить  Esc Назад
        """))
    }

    @Test func onlyVisibleRowsAreAsked() {
        let source = CountingSource(rowCount: 1_000_000)
        let table = TableView(columns: Self.stockColumns, dataSource: source)
        let surface = MemorySurface(rows: 24, columns: 80)
        table.draw(on: surface, in: Rect(surface))
        #expect(source.asked == Set(0..<23))
        source.asked = []
        table.selectLast()
        table.draw(on: surface, in: Rect(surface))
        #expect(table.selectedRow == 999_999)
        #expect(table.scrollOffset == 1_000_000 - 23)
        #expect(source.asked == Set((1_000_000 - 23)..<1_000_000))
        #expect(surface.line(23).hasPrefix("VIN999999"))
    }

    @Test func navigationKeys() {
        let table = TableView(columns: Self.stockColumns, dataSource: CountingSource(rowCount: 100))
        let surface = MemorySurface(rows: 11, columns: 80)
        table.draw(on: surface, in: Rect(surface))   // page of 10 rows
        #expect(table.pageSize == 10)
        table.handle(.pageDown)
        #expect(table.selectedRow == 9)
        table.handle(.pageDown)
        #expect(table.selectedRow == 18)
        #expect(table.scrollOffset == 9)
        table.handle(.up)
        #expect(table.selectedRow == 17)
        table.handle(.end)
        #expect(table.selectedRow == 99)
        #expect(table.scrollOffset == 90)
        table.handle(.down)
        #expect(table.selectedRow == 99)
        table.handle(.home)
        #expect(table.selectedRow == 0 && table.scrollOffset == 0)
        table.moveSelection(by: -5)
        #expect(table.selectedRow == 0)
    }

    @Test func emptyState() {
        let table = TableView(columns: Self.stockColumns, dataSource: ArrayTableDataSource(), language: .en)
        let surface = MemorySurface(rows: 5, columns: 40)
        table.draw(on: surface, in: Rect(surface))
        #expect(surface.line(2) == "                No data")
        #expect(table.selection == nil)
    }

    @Test func flexibleWidthsShareTheRest() {
        let widths = stockTable().columnWidths(totalWidth: 80)
        #expect(widths == [17, 23, 23, 14])
        #expect(widths.reduce(0, +) + 3 == 80)
    }

    @Test func controlCharactersInDataNeverReachTheSurface() {
        let table = TableView(columns: [TableColumn("Имя")], dataSource: ArrayTableDataSource([["Иван\u{1b}[2J\u{7}ов\tПётр"]]))
        let surface = MemorySurface(rows: 2, columns: 20)
        table.draw(on: surface, in: Rect(surface))
        #expect(surface.line(1) == "Иванов Пётр")
    }
}
