import Foundation
import Testing
@testable import KiteDomain

private func day(_ text: String) -> CivilDate { CivilDate.parseRussian(text)! }

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+7 (916) 123-45-67", "+79161234567"),
        ("89161234567", "+79161234567"),
        ("8 916 123 45 67", "+79161234567"),
        ("79161234567", "+79161234567"),
        ("+74951234567", "+74951234567"),
        (" 8(495)123-45-67 ", "+74951234567"),
    ])
    func accepted(input: String, expected: String) {
        let result = PhoneNumber.normalize(input)
        #expect(result.phone == expected)
        #expect(result.issues.isEmpty)
    }

    @Test(arguments: ["", "9161234567", "+8 916 123 45 67", "+380441234567", "8916123456", "891612345678",
                      "8-916-ABC-45-67", "+1 212 555 0100", "1234"])
    func refused(input: String) {
        let result = PhoneNumber.normalize(input)
        #expect(result.phone == nil)
        #expect(result.issues.count == 1)
        #expect(result.issues.first?.field == "phone")
        #expect(result.issues.first?.message.ru.hasPrefix("Телефон:") == true)
    }
}

@Suite struct EmailTests {
    @Test(arguments: ["ivanov@example.ru", "i.ivanov+deal@mail.example.com", "отдел@пример.рф"])
    func valid(input: String) { #expect(EmailAddress.validate(input).isEmpty) }

    @Test(arguments: ["", "ivanov", "ivanov@", "@example.ru", "a@b@c.ru", "ivanov@example", "iva nov@example.ru",
                      "ivanov@example.r", "ivanov@-example.ru", "ivanov@example..ru", ".ivanov@example.ru"])
    func invalid(input: String) {
        let issues = EmailAddress.validate(input, field: "email")
        #expect(issues.count == 1)
        #expect(issues.first?.field == "email")
    }
}

@Suite struct PassportTests {
    let today = day("24.11.2026")

    @Test func valid() {
        #expect(RussianPassport.validate(series: "45 08", number: "123456", issueDate: day("15.03.2010"),
                                         issuerCode: "770-001", birthDate: day("01.02.1990"), today: today).isEmpty)
    }

    @Test func issuedExactlyOnThe14thBirthdayIsAccepted() {
        #expect(RussianPassport.validate(series: "4508", number: "123456", issueDate: day("01.02.2004"),
                                         issuerCode: "770-001", birthDate: day("01.02.1990"), today: today).isEmpty)
    }

    @Test func issuedTheDayBeforeThe14thBirthdayIsRefused() {
        let issues = RussianPassport.validate(series: "4508", number: "123456", issueDate: day("31.01.2004"),
                                              issuerCode: "770-001", birthDate: day("01.02.1990"), today: today)
        #expect(issues.map(\.field) == ["passport_issue_date"])
        #expect(issues[0].message.ru.contains("01.02.2004"))
    }

    @Test func bornOn29FebruaryTurns14On28February() {
        // 29.02.2012 + 14 years = 28.02.2026 (2026 is a common year).
        #expect(RussianPassport.validate(series: "4508", number: "123456", issueDate: day("28.02.2026"),
                                         issuerCode: "770-001", birthDate: day("29.02.2012"), today: today).isEmpty)
        #expect(!RussianPassport.validate(series: "4508", number: "123456", issueDate: day("27.02.2026"),
                                          issuerCode: "770-001", birthDate: day("29.02.2012"), today: today).isEmpty)
    }

    @Test func everyFieldWrong() {
        let issues = RussianPassport.validate(series: "45A8", number: "12345", issueDate: day("25.11.2026"),
                                              issuerCode: "770001", birthDate: nil, today: today)
        #expect(issues.map(\.field) == ["passport_series", "passport_number", "passport_issue_date", "passport_issuer_code"])
        #expect(issues[2].message == LocalizedText(ru: "Дата выдачи паспорта: в будущем", en: "Passport issue date: in the future"))
    }

    @Test func missingIssueDate() {
        let issues = RussianPassport.validate(series: "4508", number: "123456", issueDate: nil, issuerCode: "770-001",
                                              birthDate: nil, today: today)
        #expect(issues.map(\.field) == ["passport_issue_date"])
    }
}

@Suite struct TaxIdentifierTests {
    @Test func sberbankINNIsValid() {
        // 7·2+7·4+0·10+7·3+0·5+8·9+3·4+8·6+9·8 = 267; 267 mod 11 = 3; 3 mod 10 = 3 = last digit.
        #expect(INN.validateCompany("7707083893").isEmpty)
        #expect(INN.validateAny("7707083893").isEmpty)
    }

    @Test func companyINNWhereTheSumModElevenIsTen() {
        // 7·2+7·4+0·10+7·3+0·5+0·9+0·4+0·6+3·8 = 87; 87 mod 11 = 10; 10 mod 10 = 0.
        #expect(INN.validateCompany("7707000030").isEmpty)
    }

    @Test func companyINNWithWrongCheckDigit() {
        let issues = INN.validateCompany("7707083894")
        #expect(issues == [.error("inn", ru: "ИНН: неверная контрольная цифра", en: "INN: wrong check digit")])
    }

    @Test func personINN() {
        // 500100732259: n11 = (5·7+0·2+0·4+1·10+0·3+0·5+7·9+3·4+2·6+2·8) mod 11 mod 10
        //             = 148 mod 11 = 5; n12 = (… + 5·8 with weights 3,7,2,…) = 229 mod 11 = 9.
        #expect(INN.validatePerson("500100732259").isEmpty)
        #expect(INN.validatePerson("5001 0073 2259").isEmpty)
        #expect(INN.validateAny("500100732259").isEmpty)
        #expect(INN.validatePerson("500100732250") == [.error("inn", ru: "ИНН: неверная контрольная цифра", en: "INN: wrong check digit")])
        #expect(INN.validatePerson("500100732249").count == 1) // first check digit wrong
    }

    @Test func wrongLengths() {
        #expect(INN.validatePerson("7707083893").first?.message.ru == "ИНН физического лица: нужно 12 цифр")
        #expect(INN.validateCompany("500100732259").first?.message.ru == "ИНН организации: нужно 10 цифр")
        #expect(INN.validateCompany("77070838a3").count == 1)
        #expect(INN.validateAny("12345").count == 1)
    }

    @Test func kpp() {
        #expect(KPP.validate("773601001").isEmpty)
        #expect(KPP.validate("7736AB001").isEmpty)
        #expect(KPP.validate("77360100").count == 1)
        #expect(KPP.validate("7736ab001").count == 1)
        #expect(KPP.validate("77A601001").count == 1)
        #expect(KPP.validate("7736АБ001").count == 1) // Cyrillic letters
    }

    @Test func sberbankOGRN() {
        // 102770013219 mod 11 = 5 (102770013219 = 11 · 9342728474 + 5); 5 mod 10 = 5.
        #expect(OGRN.validateCompany("1027700132195").isEmpty)
        #expect(OGRN.validateCompany("1027700132196") == [.error("ogrn", ru: "ОГРН: неверная контрольная цифра", en: "OGRN: wrong check digit")])
        #expect(OGRN.validateCompany("102770013219").first?.message.ru == "ОГРН: нужно 13 цифр")
    }

    @Test func ogrnip() {
        // 30450011600015 mod 13 = 7; 7 mod 10 = 7.
        #expect(OGRN.validateSoleProprietor("304500116000157").isEmpty)
        #expect(OGRN.validateSoleProprietor("304500116000158").first?.message.en == "OGRNIP: wrong check digit")
        #expect(OGRN.validateSoleProprietor("1027700132195").first?.field == "ogrnip")
    }

    @Test func ogrnFirstDigitIsTheRecordType() {
        // Check digits right, record type wrong: refused, naming the digit and what it should be.
        func withCheck(_ leading: String, _ modulus: Int64) -> String { leading + String(OGRN.checkDigit(leading: leading, modulus: modulus)) }
        let zero = withCheck("002770013219", 11)
        #expect(OGRN.validateCompany(zero).first?.message.ru == "ОГРН: первая цифра — признак записи: 1 или 5, а не 0")
        #expect(OGRN.validateCompany(withCheck("502770013219", 11)).isEmpty)
        #expect(OGRN.validateCompany(withCheck("302770013219", 11)).first?.message.en
                == "OGRN: the first digit is the record type: 1 or 5, not 3 (3 is a sole trader's 15-digit OGRNIP)")
        #expect(OGRN.validateSoleProprietor(withCheck("00450011600015", 13)).first?.message.en
                == "OGRNIP: the first digit is the record type: 3, not 0")
        #expect(OGRN.validateSoleProprietor(withCheck("10450011600015", 13)).count == 1)
        #expect(OGRN.validateAny("304500116000157").isEmpty && OGRN.validateAny("1027700132195").isEmpty)
        #expect(OGRN.validateAny("12345").first?.field == "ogrn")
    }
}

@Suite struct AgeTests {
    @Test func fullYears() {
        #expect(PersonAge.years(birthDate: day("25.11.2008"), on: day("24.11.2026")) == 17)
        #expect(PersonAge.years(birthDate: day("24.11.2008"), on: day("24.11.2026")) == 18)
        #expect(PersonAge.years(birthDate: day("29.02.2008"), on: day("27.02.2026")) == 17)
        #expect(PersonAge.years(birthDate: day("29.02.2008"), on: day("28.02.2026")) == 18)
        #expect(PersonAge.years(birthDate: day("01.01.2030"), on: day("28.02.2026")) == 0)
    }

    @Test func buyerMustBe18() {
        #expect(PersonAge.validateBuyer(birthDate: day("24.11.2008"), today: day("24.11.2026")).isEmpty)
        let issues = PersonAge.validateBuyer(birthDate: day("25.11.2008"), today: day("24.11.2026"))
        #expect(issues.map(\.field) == ["birth_date"])
        #expect(issues.first?.message.ru == "Дата рождения: покупателю должно быть не менее 18 лет (сейчас 17)")
        #expect(PersonAge.validateBuyer(birthDate: day("25.11.2026"), today: day("24.11.2026")).count == 1)
    }
}

@Suite struct CivilDateTests {
    @Test func epochArithmetic() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CivilDate(year: 2026, month: 11, day: 24)!.daysSinceEpoch == 20_781)
        #expect(CivilDate(daysSinceEpoch: 20_781) == CivilDate(year: 2026, month: 11, day: 24))
        #expect(CivilDate(daysSinceEpoch: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(day("01.03.2024").adding(days: -1) == day("29.02.2024"))
        #expect(day("01.01.2026").days(until: day("01.01.2027")) == 365)
    }

    @Test func parsing() {
        #expect(CivilDate.parseRussian("31.04.2026") == nil)
        #expect(CivilDate.parseRussian("29.02.2025") == nil)
        #expect(CivilDate.parseRussian("1.2.2026") == nil)
        #expect(CivilDate.parseISO("2026-02-01") == day("01.02.2026"))
        #expect(day("05.03.2026").isoText == "2026-03-05")
        #expect(day("05.03.2026").russianText == "05.03.2026")
    }

    @Test func fromMomentInMoscow() {
        // 2026-11-24T22:30:00Z is 25.11.2026 01:30 in Moscow (UTC+3).
        let moment = Date(timeIntervalSince1970: 1_795_559_400)
        #expect(CivilDate(moment, timeZone: TimeZone(secondsFromGMT: 3 * 3600)!) == day("25.11.2026"))
        #expect(CivilDate(moment, timeZone: TimeZone(secondsFromGMT: 0)!) == day("24.11.2026"))
        #expect(CivilDate(Date(timeIntervalSince1970: -1), timeZone: TimeZone(secondsFromGMT: 0)!) == day("31.12.1969"))
    }
}
