import KiteDomain
import Testing

/// БИК and account keys, on published bank numbers and made-up accounts.
@Suite struct BankDetailsTests {
    @Test("published correspondent accounts of three banks match their BIK", arguments: [
        ("044525225", "30101810400000000225"),   // ПАО Сбербанк, Москва
        ("044525187", "30101810700000000187"),   // Банк ВТБ
        ("044525593", "30101810200000000593"),   // АО «Альфа-Банк»
    ])
    func correspondentAccounts(bik: String, account: String) {
        #expect(BankDetails.validateBIK(bik).isEmpty)
        #expect(BankDetails.validateCorrespondentAccount(account, bik: bik).isEmpty)
    }

    @Test func oneWrongDigitBreaksTheKey() {
        let issues = BankDetails.validateCorrespondentAccount("30101810400000000226", bik: "044525225")
        #expect(issues.map(\.message.ru) == ["Корреспондентский счёт не сходится с БИК 044525225: неверный контрольный ключ"])
        #expect(!BankDetails.validateSettlementAccount("40702810200000012346", bik: "044525225").isEmpty)
        #expect(BankDetails.validateSettlementAccount("4070 2810 2000 0001 2345", bik: "044525225").isEmpty)
    }

    @Test func shapesAreNamed() {
        #expect(BankDetails.validateBIK("04452522").map(\.message.en) == ["BIK: 9 digits needed"])
        #expect(BankDetails.validateBIK("144525225").map(\.message.en) == ["A Russian bank's BIK starts with 04"])
        #expect(BankDetails.validateSettlementAccount("4070281020000001234", bik: "044525225").map(\.message.en)
                == ["Settlement account: 20 digits needed"])
        #expect(BankDetails.validateCorrespondentAccount("40702810200000012345", bik: "044525225").map(\.message.en)
                == ["A correspondent account starts with 30101"])
        #expect(BankDetails.validateSettlementAccount("40702810200000012345", bik: "").map(\.field) == ["account"])
    }

    @Test func sellerRequisitesCheckEveryFilledFieldAndAllowBlanks() {
        #expect(SellerRequisites().validate().isEmpty)
        let good = SellerRequisites(legalName: " ООО «Кайт Авто Москва» ", inn: "7701 123451", kpp: "770101001",
                                    ogrn: "1027700123450", bik: "044525225", settlementAccount: "40702810200000012345",
                                    correspondentAccount: "30101810400000000225")
        #expect(good.validate().isEmpty)
        #expect(good.normalized.inn == "7701123451")
        #expect(good.normalized.legalName == "ООО «Кайт Авто Москва»")
        let bad = SellerRequisites(inn: "770112345", kpp: "77010100", ogrn: "1027700123451", bik: "044525225",
                                   settlementAccount: "40702810200000012346")
        #expect(bad.validate().map(\.field) == ["inn", "kpp", "ogrn", "account"])
    }
}
