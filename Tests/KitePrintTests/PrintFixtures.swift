import Foundation
import KiteDomain
import KitePrint
import KiteStore

func money(_ text: String) -> Money { try! Money.parse(text) }

enum PrintFixtures {
    /// The checkout this test file is in.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var shippedTemplates: URL { repositoryRoot.appendingPathComponent("config/templates", isDirectory: true) }

    static func template(_ form: PrintForm) throws -> FormTemplate {
        try FormTemplateLoader.load(form, directories: [shippedTemplates])
    }

    /// Thirty extra lines: enough for every form to need a second page.
    static let extraLines: [DealExtraLine] = (1...30).map { index in
        DealExtraLine(kind: index % 3 == 0 ? .service : .accessory,
                      description: "Дополнительное оборудование № \(index): защита картера, коврики, сетка в багажник",
                      quantity: index % 4 + 1, unitPrice: money("1 234,56"),
                      vatRate: index == 30 ? .withoutVAT : .standard)
    }

    static func personDeal(lines: [DealExtraLine] = extraLines) -> PrintableDeal {
        PrintableDeal(
            number: "MSK-2026-000123", date: CivilDate(year: 2026, month: 3, day: 5)!,
            managerName: "Петров Пётр Ильич",
            dealership: .init(code: "MSK", name: "ООО «Кайт Авто Москва»", city: "Москва"),
            customer: .person(.init(fullName: "Иванова Анна Сергеевна", birthDate: CivilDate(year: 1990, month: 7, day: 14),
                                    passportSeries: "4510", passportNumber: "123456",
                                    passportIssueDate: CivilDate(year: 2015, month: 2, day: 1),
                                    passportIssuerCode: "770-001", inn: "",
                                    address: "г. Москва, ул. Тверская, д. 7, кв. 15", phone: "+79161234567")),
            vehicle: .init(vin: "XW8AN2NE3PH000123", make: "Haval", model: "Jolion", trim: "Elite", year: 2025,
                           colour: "белый перламутр", mileageKm: 12, stockNumber: "MSK-000042"),
            pricing: DealPricingInput(
                listPrice: money("2 500 000"), salePrice: money("2 400 000"),
                discount: DealDiscount(amount: money("100 000"), reasonCode: "promo"),
                extraLines: lines, tradeInCredit: money("500 000"), loanAmount: money("1 000 000")),
            discountReason: "Акция", tradeInDescription: "Лада Гранта 2018 г. в., VIN XTA219070J0123456",
            loanBank: "ПАО Сбербанк", plannedHandover: CivilDate(year: 2026, month: 3, day: 20))
    }

    static func companyDeal(lines: [DealExtraLine] = extraLines) -> PrintableDeal {
        PrintableDeal(
            number: "KZN-2026-000007", date: CivilDate(year: 2026, month: 4, day: 1)!,
            managerName: "Сафина Алсу Ринатовна",
            dealership: .init(code: "KZN", name: "ООО «Кайт Авто Казань»", city: "Казань"),
            customer: .company(.init(name: "ООО «Ромашка-Логистик»", inn: "7707083893", kpp: "770701001",
                                     ogrn: "1027700132195", address: "г. Казань, ул. Баумана, д. 1",
                                     contactPerson: "Зайцев Олег Петрович", phone: "+78432000000")),
            vehicle: .init(vin: "Z94CB41AAGR323020", make: "Geely", model: "Monjaro", trim: "Flagship", year: 2026,
                           colour: "серый", mileageKm: 25_400, stockNumber: "KZN-000101"),
            pricing: DealPricingInput(listPrice: money("4 200 000"), salePrice: money("4 200 000"), extraLines: lines,
                                      boughtFromPrivatePerson: true, purchaseCost: money("3 700 000")))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-print-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What poppler-utils reads back from a PDF, as a user checking it would.
enum PDFText {
    /// The text of each page (split at form feeds), no-break spaces as spaces
    /// and every run of white space as one space, so a phrase wrapped over two
    /// lines is still found. In reading order by default; `layout` keeps the
    /// physical lines, so a label and its value far to the right
    /// (`Итого: … 2 400 000,00`) read as one line.
    static func pages(_ pdf: URL, layout: Bool = false) throws -> [String] {
        let textFile = pdf.deletingPathExtension().appendingPathExtension(layout ? "layout.txt" : "txt")
        let result = try Subprocess.run(["/usr/bin/pdftotext", "-enc", "UTF-8"] + (layout ? ["-layout"] : [])
                                        + [pdf.path, textFile.path])
        guard result.status == 0 else { throw PDFToolError(output: result.output) }
        let text = try String(contentsOf: textFile, encoding: .utf8)
        var pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { page in
            page.replacingOccurrences(of: "\u{00A0}", with: " ")
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        if pages.last?.isEmpty == true { pages.removeLast() }
        return pages
    }

    /// `pdffonts` rows: font name and whether it is embedded.
    static func fonts(_ pdf: URL) throws -> [(name: String, embedded: Bool)] {
        // stderr dropped: libharu 2.3.0's ToUnicode CMap makes poppler warn ("Syntax Warning: …").
        let result = try Subprocess.run(["/bin/sh", "-c", "/usr/bin/pdffonts \"$1\" 2>/dev/null", "sh", pdf.path])
        guard result.status == 0 else { throw PDFToolError(output: result.output) }
        let rows = result.output.split(separator: "\n").drop { !$0.hasPrefix("-----") }.dropFirst()
        return rows.compactMap { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            // name type… encoding emb sub uni object ID: "emb" is the 5th field from the end.
            guard columns.count >= 7 else { return nil }
            return (String(columns[0]), columns[columns.count - 5] == "yes")
        }
    }

    struct PDFToolError: Error, CustomStringConvertible {
        var output: String
        var description: String { "poppler tool failed: \(output)" }
    }
}
