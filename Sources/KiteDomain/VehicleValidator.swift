import Foundation

/// The rules a vehicle row must satisfy before it is saved. Fields are named by
/// their bind names; errors block the save, warnings are shown.
public enum VehicleValidator {
    /// A new vehicle with more mileage than this gets a warning.
    public static let newVehicleMileageWarningKm = 1_000
    public static let earliestYear = 1950

    public static func validate(_ v: Vehicle, today: Date,
                                calendar: Calendar = Calendar(identifier: .gregorian)) -> [FieldIssue] {
        var issues: [FieldIssue] = textIssues(v)

        // VIN
        let vinText = v.vin.trimmingWhitespace()
        var report: VINReport?
        if vinText.isEmpty {
            issues.append(.error("vin", ru: "Укажите VIN: 17 символов", en: "Enter the VIN: 17 characters"))
        } else {
            let decoded = VINDecoder.decode(vinText)
            report = decoded
            issues += decoded.issues
        }

        // Make and model
        let make = v.make.trimmingWhitespace()
        if make.isEmpty {
            issues.append(.error("make", ru: "Укажите марку", en: "Enter the make"))
        }
        if v.model.trimmingWhitespace().isEmpty {
            issues.append(.error("model", ru: "Укажите модель", en: "Enter the model"))
        }
        if !make.isEmpty, let entry = report?.wmiEntry, !entry.matches(make: make) {
            let brands = entry.makes.joined(separator: ", ")
            issues.append(.warning(
                "make",
                ru: "По VIN (\(entry.code)) производитель — \(entry.manufacturer) (\(brands)), а указана марка «\(make)»",
                en: "The VIN's WMI \(entry.code) belongs to \(entry.manufacturer) (\(brands)), but the make is “\(make)”"))
        }

        // Year
        let latestYear = calendar.component(.year, from: today) + 1
        if v.year < earliestYear || v.year > latestYear {
            issues.append(.error(
                "year",
                ru: "Год выпуска должен быть от \(earliestYear) до \(latestYear)",
                en: "The year must be between \(earliestYear) and \(latestYear)"))
        }

        // Mileage
        if v.mileageKm < 0 {
            issues.append(.error("mileage_km", ru: "Пробег не может быть отрицательным",
                                 en: "Mileage cannot be negative"))
        } else if v.condition == .new && v.mileageKm > newVehicleMileageWarningKm {
            issues.append(.warning(
                "mileage_km",
                ru: "У нового автомобиля пробег \(v.mileageKm) км — больше \(newVehicleMileageWarningKm) км; возможно, это автомобиль с пробегом",
                en: "A new vehicle with \(v.mileageKm) km, more than \(newVehicleMileageWarningKm) km; perhaps it is used"))
        }

        // Money
        for (field, amount, ru, en) in [("purchase_cost", v.purchaseCost, "Закупочная цена", "The purchase cost"),
                                        ("list_price", v.listPrice, "Цена продажи", "The list price")] {
            if amount.isNegative {
                issues.append(.error(field, ru: "\(ru) не может быть отрицательной", en: "\(en) cannot be negative"))
            } else if amount > Money.databaseMaximum {
                issues.append(.error(field, ru: "\(ru) больше допустимого: не более \(Money.databaseMaximum.formatted(.ru))",
                                     en: "\(en) is too large: at most \(Money.databaseMaximum.formatted(.en))"))
            }
        }
        if v.listPrice.kopecks > 0 && v.listPrice < v.purchaseCost {
            issues.append(.warning(
                "list_price",
                ru: "Цена продажи \(v.listPrice.formatted(.ru)) ниже закупочной \(v.purchaseCost.formatted(.ru))",
                en: "The list price \(v.listPrice.formatted(.en)) is below the purchase cost \(v.purchaseCost.formatted(.en))"))
        }
        return issues
    }

    /// Control characters and lengths of the free-text fields (`TextLimits.vehicles`).
    public static func textIssues(_ v: Vehicle) -> [FieldIssue] {
        var issues = TextRules.issues(table: "vehicles", [
            ("stock_number", v.stockNumber), ("make", v.make), ("model", v.model), ("trim", v.trim),
            ("colour", v.colour), ("body", v.body), ("fuel", v.fuel), ("transmission", v.transmission),
        ])
        for (key, value) in v.attributes.sorted(by: { $0.key < $1.key }) {
            issues += TextRules.issues(value, field: key, maxLength: TextLimits.attributeValue)
        }
        return issues
    }
}

/// Parsers the form calls as the user types, each with a message that names the rule.
public enum FieldParsers {
    /// The calendar dates are read in: Gregorian, UTC (a date is a day, not an instant).
    public static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// A whole number; spaces between digit groups are allowed (`15 000`).
    public static func integer(_ text: String, field: String) -> Result<Int, FieldIssue> {
        var body = text.trimmingWhitespace()
        body.removeAll { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" }
        if body.isEmpty {
            return .failure(.error(field, ru: "Введите целое число", en: "Enter a whole number"))
        }
        var digits = Substring(body)
        var negative = false
        if digits.first == "-" || digits.first == "−" {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
            return .failure(.error(field, ru: "Введите целое число цифрами, например 15 000",
                                   en: "Enter a whole number in digits, e.g. 15000"))
        }
        guard digits.count <= 18, let value = Int(digits) else {
            return .failure(.error(field, ru: "Слишком большое число", en: "The number is too large"))
        }
        return .success(negative ? -value : value)
    }

    /// An amount in roubles: `1 250 000`, `1 250 000,50`, `1250000.5`, optional `₽`.
    /// Limited to what the database holds (`numeric(14,2)`).
    public static func money(_ text: String, field: String) -> Result<Money, FieldIssue> {
        let amount: Money
        do {
            amount = try Money.parse(text)
        } catch {
            switch error {
            case .empty:
                return .failure(.error(field, ru: "Введите сумму", en: "Enter an amount"))
            case .notANumber:
                return .failure(.error(
                    field,
                    ru: "Сумма — это цифры, пробелы между разрядами и запятая перед копейками, например 1 250 000,50",
                    en: "An amount is digits, spaces between digit groups and a decimal comma or point, e.g. 1 250 000.50"))
            case .tooManyFractionDigits:
                return .failure(.error(field, ru: "Не более двух знаков после запятой (копейки), например 1 250 000,50",
                                       en: "At most two digits after the decimal separator (kopecks), e.g. 1 250 000.50"))
            case .tooLarge:
                return .failure(tooLarge(field))
            }
        }
        if amount.kopecks.magnitude > Money.databaseMaximum.kopecks.magnitude {
            return .failure(tooLarge(field))
        }
        return .success(amount)
    }

    private static func tooLarge(_ field: String) -> FieldIssue {
        .error(field, ru: "Сумма слишком большая: не более \(Money.databaseMaximum.formatted(.ru))",
               en: "The amount is too large: at most \(Money.databaseMaximum.formatted(.en))")
    }

    /// A date as `ДД.ММ.ГГГГ` (`05.03.2026`, also `5.3.2026`) or ISO `YYYY-MM-DD`;
    /// returns midnight of that day in `calendar` (UTC by default).
    public static func date(_ text: String, field: String, calendar: Calendar = utcCalendar) -> Result<Date, FieldIssue> {
        let body = text.trimmingWhitespace()
        let formatError = FieldIssue.error(
            field, ru: "Дата в формате ДД.ММ.ГГГГ, например 05.03.2026", en: "A date as DD.MM.YYYY or YYYY-MM-DD, e.g. 2026-03-05")
        if body.isEmpty {
            return .failure(.error(field, ru: "Введите дату в формате ДД.ММ.ГГГГ", en: "Enter a date as DD.MM.YYYY or YYYY-MM-DD"))
        }
        let day: Int, month: Int, year: Int
        if body.contains(".") {
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
                  parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return .failure(formatError) }
            day = Int(parts[0])!; month = Int(parts[1])!; year = Int(parts[2])!
        } else if body.contains("-") {
            let parts = body.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                  parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return .failure(formatError) }
            year = Int(parts[0])!; month = Int(parts[1])!; day = Int(parts[2])!
        } else {
            return .failure(formatError)
        }
        guard (1...12).contains(month), day >= 1, year >= 1,
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month else {
            return .failure(.error(field, ru: "Такой даты нет в календаре", en: "There is no such date in the calendar"))
        }
        return .success(date)
    }
}
