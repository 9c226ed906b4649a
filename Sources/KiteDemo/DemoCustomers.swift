import Foundation
import KiteDomain

/// Believable customers for the demo: Russian persons with valid passports
/// and INNs, and companies with valid INN, KPP and OGRN. Deterministic.
public enum DemoCustomers {
    static let maleSurnames = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
                               "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов"]
    static let maleNames = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил"]
    static let femaleNames = ["Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Марина", "Ольга", "Татьяна", "Юлия"]
    static let patronymicRoots = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Игорев", "Олегов", "Викторов"]
    static let streets = ["ул. Тверская", "Ленинский пр-т", "ул. Гагарина", "ул. Мира", "Невский пр-т", "ул. Баумана",
                          "ул. Садовая", "пр-т Победы"]
    static let cities = ["Москва", "Санкт-Петербург", "Казань"]
    static let companies = ["ООО «Северный ветер»", "АО «Техноснаб»", "ООО «Логистик-Плюс»", "ООО «Городские перевозки»",
                            "ООО «Альфа Строй»", "АО «Волга Агро»"]

    /// `count` persons then the companies, the same every time for a seed.
    public static func make(persons count: Int, seed: UInt64 = 152) -> [Customer] {
        var random = SeededRandom(seed: seed)
        var customers: [Customer] = []
        for index in 0..<count {
            let female = random.below(2) == 0
            let surname = maleSurnames[random.below(maleSurnames.count)] + (female ? "а" : "")
            let name = (female ? femaleNames : maleNames)[random.below(10)]
            let patronymic = patronymicRoots[random.below(patronymicRoots.count)] + (female ? "на" : "ич")
            let birth = CivilDate(year: random.between(1960, 2004), month: random.between(1, 12), day: random.between(1, 28))!
            // The passport in use: issued at 14, replaced at 20 and at 45.
            let lastChange = [45, 20, 14].first { birth.adding(years: $0) < CivilDate(year: 2025, month: 6, day: 1)! } ?? 14
            let issued = birth.adding(years: lastChange).adding(days: random.between(10, 200))
            let city = cities[index % cities.count]
            let phone = "+79" + String(format: "%09d", random.between(0, 999_999_999))
            let complete = index % 5 != 4   // every fifth lacks a passport: the contract says what is missing
            customers.append(Customer(
                kind: .person, name: "\(surname) \(name) \(patronymic)", birthDate: birth, phone: phone,
                email: complete ? "client\(index + 1)@example.ru" : "",
                passportSeries: complete ? String(format: "%02d%02d", random.between(10, 99), issued.year % 100) : "",
                passportNumber: complete ? String(format: "%06d", random.between(100_000, 999_999)) : "",
                passportIssueDate: complete ? issued : nil,
                passportIssuerCode: complete ? String(format: "%03d-%03d", random.between(100, 799), random.between(1, 99)) : "",
                inn: personINN(&random), address: "\(city), \(streets[random.below(streets.count)]), д. \(random.between(1, 120)), кв. \(random.between(1, 300))",
                consentGiven: complete, consentDate: complete ? CivilDate(year: 2026, month: random.between(1, 10), day: random.between(1, 28)) : nil))
        }
        for (index, company) in companies.enumerated() {
            let inn = companyINN(&random)
            customers.append(Customer(
                kind: .company, name: company, phone: "+7495" + String(format: "%07d", random.between(0, 9_999_999)),
                email: "office\(index + 1)@example.ru", inn: inn, kpp: String(inn.prefix(4)) + "01001",
                ogrn: companyOGRN(&random), address: "Москва, \(streets[index % streets.count]), д. \(index + 3)",
                contactPerson: "\(maleSurnames[index]) \(maleNames[index]) \(patronymicRoots[index % 8])ич"))
        }
        return customers
    }

    static func personINN(_ random: inout SeededRandom) -> String {
        var digits = [7, 7] + (0..<8).map { _ in random.below(10) }
        digits.append(INN.checkDigit(digits, weights: INN.personWeights11))
        digits.append(INN.checkDigit(digits, weights: INN.personWeights12))
        return digits.map(String.init).joined()
    }

    static func companyINN(_ random: inout SeededRandom) -> String {
        var digits = [7, 7] + (0..<7).map { _ in random.below(10) }
        digits.append(INN.checkDigit(digits, weights: INN.companyWeights))
        return digits.map(String.init).joined()
    }

    static func companyOGRN(_ random: inout SeededRandom) -> String {
        let leading = "1" + "0" + "5" + "77" + String(format: "%07d", random.between(0, 9_999_999))
        return leading + String(OGRN.checkDigit(leading: leading, modulus: 11))
    }
}
