import Foundation
import KiteApp
import KiteDomain
import KitePrint
import KiteStore
import KiteTestSupport
import Testing

/// `kite print appraisal NUMBER --form contract` against the demo database: the purchase
/// contract (ДКП) between the seller — a private person with passport and address — and the
/// dealership with its requisites, the car with its ПТС, the price in figures and words;
/// refused in a sentence while the seller has not accepted.
@Suite(.serialized) struct AppraisalPrinterTests {
    static let kite = DealPrinterTests.kite

    struct Seeded {
        let conninfo: String
        let connection: PGConnection
        let accepted: Appraisal
        let draft: Appraisal
    }

    /// The demo, with the accepted appraisal's seller given a passport and an address, and
    /// the dealership's requisites filled in.
    static func seeded() throws -> Seeded {
        let conninfo = try TestDatabase.makeMigrated()
        let seed = try Subprocess.run([kite, "seed", "--demo", "--database", conninfo])
        try #require(seed.status == 0, "kite seed --demo failed: \(seed.output)")
        let connection = try PGConnection(conninfo)
        let appraisals = AppraisalRepository(connection: connection)
        let accepted = try #require(try appraisals.list(AppraisalFilter(states: [.accepted])).first)
        let draft = try #require(try appraisals.list(AppraisalFilter(states: [.draft])).first)
        let stored = try #require(try appraisals.get(id: accepted.id))
        try connection.execute("""
            UPDATE customers SET passport_series = '9204', passport_number = '556677', passport_issue_date = '2015-03-12',
                   passport_issuer_code = '160-004', birth_date = '1985-07-21',
                   address = 'г. Казань, ул. Баумана, д. 12, кв. 5', updated_by = 'seed'
             WHERE id = \(stored.sellerID)
            """)
        let code = try #require(try connection.fetchOne(String.self, "SELECT code FROM dealerships WHERE id = \(stored.dealershipID)"))
        if try SellerRequisitesRepository(connection: connection).requisites(dealershipCode: code)?.legalName.isEmpty ?? true {
            try connection.execute("""
                UPDATE dealerships SET legal_name = 'ООО «Кайт Авто Казань»', inn = '1655000000', ogrn = '1021600000000'
                 WHERE id = \(stored.dealershipID)
                """)
        }
        return Seeded(conninfo: conninfo, connection: connection, accepted: stored,
                      draft: try #require(try appraisals.get(id: draft.id)))
    }

    @Test func theContractNamesTheSellerTheDealershipTheCarAndThePriceInWords() throws {
        let s = try Self.seeded()
        let a = s.accepted
        let dataHome = try PrintFixtures.temporaryDirectory()
        let url = try AppraisalPrinter.print(number: a.number.lowercased(), connection: s.connection,
                                             environment: ["XDG_DATA_HOME": dataHome.path, "HOME": "/nonexistent"])
        #expect(url.lastPathComponent == "\(a.number)-contract.pdf")
        let text = try PDFText.pages(url).joined(separator: " ")
        #expect(text.contains("ДОГОВОР КУПЛИ-ПРОДАЖИ ТРАНСПОРТНОГО СРЕДСТВА № \(a.number)"), "\(text)")
        let seller = try #require(try CustomerRepository(connection: s.connection).get(id: a.sellerID))
        #expect(text.contains(seller.name) && text.contains("«Продавец»") && text.contains("«Покупатель»"), "\(text)")
        #expect(text.contains("серия 92 04 № 556677, выдан 12.03.2015, код подразделения 160-004"), "\(text)")
        #expect(text.contains("г. Казань, ул. Баумана, д. 12, кв. 5"))
        let requisites = try #require(try s.connection.fetchOne(String.self, "SELECT legal_name FROM dealerships WHERE id = \(a.dealershipID)"))
        #expect(text.contains(requisites), "\(requisites) in \(text)")
        #expect(text.contains(a.vin) && text.contains("\(a.make) \(a.model)") && text.contains(String(a.modelYear)))
        #expect(text.contains(a.ptsNumber) && text.contains(a.colour), "\(text)")
        let price = try #require(a.offerAmount)
        #expect(text.contains(DealPlaceholders.money(price).replacingOccurrences(of: "\u{00A0}", with: " ") + " руб. ("
                              + AmountInWords.russian(price) + ")"), "\(text)")
        let words = seller.name.split(separator: " ")
        let short = ([String(words[0])] + words.dropFirst().map { "\($0.first!)." }).joined(separator: " ")
        #expect(text.contains("__________________ / \(short) /"), "\(short) in \(text)")
    }

    @Test func anAppraisalNotAcceptedIsRefusedInASentenceAndUnknownNumbersToo() throws {
        let s = try Self.seeded()
        #expect(throws: PrintError.notPrintable(AppraisalDocumentError.notAgreed(number: s.draft.number, state: .draft).message)) {
            try AppraisalPrinter.print(number: s.draft.number, connection: s.connection)
        }
        #expect(throws: PrintError.appraisalNotFound(number: "KZN-AP-2026-999999")) {
            try AppraisalPrinter.print(number: "KZN-AP-2026-999999", connection: s.connection)
        }
        #expect(throws: PrintError.invalidAppraisalNumber("KZN-2026-000001")) {
            try AppraisalPrinter.print(number: "KZN-2026-000001", connection: s.connection)
        }
        // The command line: the path on success, the refusal in words otherwise.
        let dataHome = try PrintFixtures.temporaryDirectory()
        let printed = try Subprocess.run(["/usr/bin/env", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "XDG_DATA_HOME=\(dataHome.path)",
                                          Self.kite, "print", "appraisal", s.accepted.number, "--form", "contract", "--database", s.conninfo])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.output.trimmingCharacters(in: .whitespacesAndNewlines) == dataHome.path + "/kite/print/\(s.accepted.number)-contract.pdf")
        let refused = try Subprocess.run(["/usr/bin/env", "LANG=ru_RU.UTF-8", "LC_ALL=", "LC_MESSAGES=", Self.kite, "print", "appraisal",
                                          s.draft.number, "--database", s.conninfo])
        #expect(refused.status == 1 && refused.output.contains("когда продавец принял предложение"), "\(refused.output)")
    }
}
