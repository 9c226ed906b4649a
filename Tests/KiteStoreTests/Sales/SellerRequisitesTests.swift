import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite struct SellerRequisitesTests {
    private let moscow = SellerRequisites(
        legalName: "ООО «Кайт Авто Москва»", inn: "7701123451", kpp: "770101001", ogrn: "1027700123450",
        address: "г. Москва, Ленинградское шоссе, д. 63", bankName: "ПАО Сбербанк", bik: "044525225",
        settlementAccount: "40702810200000012345", correspondentAccount: "30101810400000000225")

    @Test func setWritesEveryFieldWithAnAuditRow() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        try ReferenceRepository(connection: connection).insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
        let repository = SellerRequisitesRepository(connection: connection)
        #expect(try repository.requisites(dealershipCode: "MSK") == SellerRequisites())
        try repository.set(dealershipCode: "MSK", moscow, actor: "anna")
        #expect(try repository.requisites(dealershipCode: "MSK") == moscow)
        #expect(try connection.fetchOne(String.self,
            "SELECT actor FROM audit_log WHERE entity = 'dealership' AND action = 'requisites'") == "anna")
    }

    @Test func aBadAccountIsRefusedNamingTheFieldAndNothingIsWritten() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        try ReferenceRepository(connection: connection).insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
        let repository = SellerRequisitesRepository(connection: connection)
        var wrong = moscow
        wrong.settlementAccount = "40702810200000012346"
        #expect(throws: SellerRequisitesError.self) { try repository.set(dealershipCode: "MSK", wrong, actor: "anna") }
        do {
            try repository.set(dealershipCode: "MSK", wrong, actor: "anna")
        } catch let error as SellerRequisitesError {
            #expect(error.issues.map(\.field) == ["account"])
        }
        #expect(try repository.requisites(dealershipCode: "MSK") == SellerRequisites())
        #expect(throws: UnknownDealershipError.self) { try repository.set(dealershipCode: "XXX", moscow, actor: "anna") }
        // The database keeps the shapes even when Swift is bypassed.
        #expect(throws: DatabaseError.self) { try connection.execute("UPDATE dealerships SET bik = '12345'") }
    }
}
