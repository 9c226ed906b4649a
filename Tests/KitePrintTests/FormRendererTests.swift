import Foundation
import KiteDomain
import KiteStore
import Testing
@testable import KitePrint

/// Each form rendered for a person and a company, read back with pdftotext
/// and pdffonts: what a manager checks on the printed paper is there.
@Suite struct FormRendererTests {
    /// The whole text with physical lines kept (see `PDFText.pages(_:layout:)`).
    func layoutText(_ url: URL) throws -> String { try PDFText.pages(url, layout: true).joined(separator: " ") }

    /// An amount as the read-back text shows it (no-break spaces read as spaces).
    func amount(_ money: Money) -> String { DealPlaceholders.money(money).replacingOccurrences(of: "\u{00A0}", with: " ") }

    func render(_ deal: PrintableDeal, _ form: PrintForm) throws -> (url: URL, pages: [String]) {
        let directory = try PrintFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("\(deal.number)-\(form.rawValue).pdf")
        let pageCount = try FormRenderer.render(deal, template: PrintFixtures.template(form), fonts: FontFiles.dejaVu(), to: url)
        let pages = try PDFText.pages(url)
        #expect(pages.count == pageCount)
        return (url, pages)
    }

    @Test func contractForAPerson() throws {
        let (url, pages) = try render(PrintFixtures.personDeal(), .contract)
        let text = pages.joined(separator: " ")
        #expect(pages.count >= 2, "thirty extra lines need a second page")
        #expect(text.contains("ДОГОВОР КУПЛИ-ПРОДАЖИ АВТОМОБИЛЯ № MSK-2026-000123"))
        #expect(text.contains("г. Москва, 05.03.2026"))
        #expect(text.contains("Иванова Анна Сергеевна"))
        #expect(text.contains("паспорт серия 45 10 № 123456, выдан 01.02.2015, код подразделения 770-001"))
        #expect(text.contains("XW8AN2NE3PH000123"))
        #expect(text.contains("Haval Jolion Elite"))
        // Vehicle 2 400 000 with VAT 22 % = 432 786,89.
        #expect(text.contains("Цена Автомобиля составляет 2 400 000,00 руб. (два миллиона четыреста тысяч рублей 00 копеек), в том числе НДС 22 % — 432 786,89 руб."))
        // Discount paragraph, trade-in, loan, handover date.
        #expect(text.contains("скидки 100 000,00 руб. от цены по прайс-листу 2 500 000,00 руб. (основание: Акция)"))
        #expect(text.contains("Лада Гранта 2018 г. в."))
        #expect(text.contains("банком ПАО Сбербанк"))
        #expect(text.contains("в срок до 20.03.2026"))
        // Totals and the amount due in words.
        let deal = PrintFixtures.personDeal()
        let total = amount(deal.sheet.total)
        #expect(text.contains("Общая сумма договора составляет \(total) руб. (\(AmountInWords.russian(deal.sheet.total)))"))
        #expect(text.contains("(\(AmountInWords.russian(deal.sheet.amountDue)))"))
        // The VAT of one accessory line: 2 × 1 234,56 = 2 469,12; VAT 445,25.
        #expect(text.contains("2 469,12"))
        #expect(text.contains("445,25"))
        #expect(text.contains("без НДС"))
        // Signatures on the last page, the footer on every page.
        #expect(pages.last!.contains("/ Петров П. И. /"))
        #expect(pages.last!.contains("/ Иванова А. С. /"))
        #expect(pages.last!.contains("6. Реквизиты и подписи сторон"), "a section title stays with what it heads")
        let layout = try layoutText(url)
        #expect(layout.contains("Итого: \(total)"))
        #expect(layout.contains("Зачёт автомобиля в трейд-ин: −500 000,00"))
        #expect(layout.contains("в том числе за счёт кредита: 1 000 000,00"))
        #expect(layout.contains("VIN XW8AN2NE3PH000123"))
        for (index, page) in pages.enumerated() {
            #expect(page.contains("страница \(index + 1) из \(pages.count)"))
        }
        // Only the person's paragraph: no company words.
        #expect(!text.contains("в лице представителя"))
        let fonts = try PDFText.fonts(url)
        #expect(!fonts.isEmpty)
        #expect(fonts.allSatisfy { $0.embedded }, "fonts: \(fonts)")
        #expect(fonts.contains { $0.name.contains("DejaVuSans-Bold") })
    }

    @Test func contractForACompanyWithMarginVAT() throws {
        let (url, pages) = try render(PrintFixtures.companyDeal(), .contract)
        let text = pages.joined(separator: " ")
        #expect(pages.count >= 2)
        #expect(text.contains("ООО «Ромашка-Логистик» (ИНН 7707083893, КПП 770701001, ОГРН 1027700132195"))
        #expect(text.contains("в лице менеджера Сафиной Алсу Ринатовны"))
        #expect(text.contains("в лице представителя Зайцева Олега Петровича"))
        #expect(text.contains("Z94CB41AAGR323020"))
        #expect(try layoutText(url).contains("Пробег 25 400 км"))
        // Margin: (4 200 000 − 3 700 000) × 22 / 122 = 90 163,93.
        #expect(text.contains("в том числе НДС 22 % с разницы — 90 163,93 руб."))
        #expect(text.contains("п. 5.1 ст. 154 НК РФ"))
        #expect(text.contains("четыре миллиона двести тысяч рублей 00 копеек"))
        #expect(!text.contains("скидки"), "no discount, no discount paragraph")
        #expect(!text.contains("трейд-ин"))
        #expect(pages.last!.contains("/ Зайцев О. П. /"))
        #expect(pages.last!.contains("6. Реквизиты и подписи сторон"), "a section title stays with what it heads")
        #expect(try PDFText.fonts(url).allSatisfy { $0.embedded })
    }

    @Test func invoiceForAPerson() throws {
        let deal = PrintFixtures.personDeal()
        let (url, pages) = try render(deal, .invoice)
        let text = pages.joined(separator: " ")
        #expect(pages.count >= 2)
        #expect(text.contains("СЧЁТ НА ОПЛАТУ № MSK-2026-000123 от 05.03.2026"))
        #expect(text.contains("Иванова Анна Сергеевна"))
        #expect(text.contains("Автомобиль Haval Jolion Elite, 2025 г. в., VIN XW8AN2NE3PH000123"))
        #expect(text.contains("1 234,56"))
        let layout = try layoutText(url)
        #expect(layout.contains("Итого: \(amount(deal.sheet.total))"))
        #expect(layout.contains("В том числе НДС: \(amount(deal.sheet.totalVAT))"))
        #expect(layout.contains("Оплачивается за счёт кредита (ПАО Сбербанк): −1 000 000,00"))
        #expect(layout.contains("Всего к оплате: \(amount(deal.sheet.customerOwnPart))"))
        #expect(text.contains("К оплате: \(AmountInWords.russian(deal.sheet.customerOwnPart))"))
        #expect(text.contains("Всего наименований 31"))
        // The table header repeats on the second page.
        #expect(pages[1].contains("Товары (работы, услуги)"))
        #expect(try PDFText.fonts(url).allSatisfy { $0.embedded })
    }

    @Test func theSellersRequisitesPrintAndBlanksStayToFillByHand() throws {
        var deal = PrintFixtures.personDeal()
        deal.dealership.requisites = SellerRequisites(
            legalName: "ООО «Кайт Авто Москва»", inn: "7701123451", kpp: "770101001", ogrn: "1027700123450",
            address: "г. Москва, Ленинградское шоссе, д. 63", bankName: "ПАО Сбербанк", bik: "044525225",
            settlementAccount: "40702810200000012345", correspondentAccount: "30101810400000000225")
        let invoice = try layoutText(try render(deal, .invoice).url)
        #expect(invoice.contains("7701123451 / 770101001"))
        #expect(invoice.contains("044525225"))
        #expect(invoice.contains("40702810200000012345"))
        #expect(invoice.contains("30101810400000000225"))
        let contract = try render(deal, .contract).pages.joined(separator: " ")
        #expect(contract.contains("ОГРН 1027700123450"))
        #expect(contract.contains("БИК 044525225"))

        deal.dealership.requisites = SellerRequisites()
        let blank = try layoutText(try render(deal, .invoice).url)
        #expect(blank.contains("____________ / ____________"))
    }

    @Test func invoiceForACompany() throws {
        let deal = PrintFixtures.companyDeal()
        let (url, pages) = try render(deal, .invoice)
        let text = pages.joined(separator: " ")
        #expect(text.contains("ООО «Ромашка-Логистик», ИНН 7707083893, КПП 770701001"))
        #expect(text.contains("22 % с разницы"))
        #expect(text.contains("90 163,93"))
        #expect(try layoutText(url).contains("Всего к оплате: \(amount(deal.sheet.total))"))
        #expect(!text.contains("кредита"))
    }

    @Test func handoverActForAPersonAndACompany() throws {
        let (personURL, personPages) = try render(PrintFixtures.personDeal(), .handover)
        let personText = personPages.joined(separator: " ")
        #expect(personPages.count >= 2)
        #expect(personText.contains("АКТ ПРИЁМА-ПЕРЕДАЧИ АВТОМОБИЛЯ"))
        #expect(personText.contains("к договору купли-продажи № MSK-2026-000123 от 05.03.2026"))
        #expect(personText.contains("Иванова Анна Сергеевна, паспорт серия 45 10 № 123456"))
        #expect(personText.contains("VIN XW8AN2NE3PH000123"))
        #expect(personText.contains("2 400 000,00 руб. (два миллиона четыреста тысяч рублей 00 копеек)"))
        #expect(personPages.last!.contains("Принял (Покупатель)"))
        #expect(try PDFText.fonts(personURL).allSatisfy { $0.embedded })

        let (_, companyPages) = try render(PrintFixtures.companyDeal(), .handover)
        let companyText = companyPages.joined(separator: " ")
        #expect(companyText.contains("ООО «Ромашка-Логистик» (ИНН 7707083893, КПП 770701001)"))
        #expect(companyText.contains("Z94CB41AAGR323020"))
        #expect(companyText.contains("в лице менеджера Сафиной Алсу Ринатовны"))
    }

    @Test func aShortDealFitsOnePage() throws {
        let (_, pages) = try render(PrintFixtures.personDeal(lines: []), .invoice)
        #expect(pages.count == 1)
        #expect(pages[0].contains("страница 1 из 1"))
    }

    @Test func controlCharactersInDataNeverReachThePDF() throws {
        var deal = PrintFixtures.personDeal(lines: [])
        deal.customer = .person(.init(fullName: "Иванова\u{1B}[31m Анна\nСергеевна\u{200B}", address: "Москва 🚗"))
        let (_, pages) = try render(deal, .handover)
        let text = pages.joined(separator: " ")
        #expect(text.contains("Иванова [31m Анна Сергеевна"))
        #expect(!text.contains("?") && !text.contains("🚗"))
    }

    @Test func missingFontIsNamed() {
        #expect(throws: PrintError.fontMissing(path: "/nonexistent/DejaVuSans.ttf")) {
            try FontFiles.dejaVu(in: "/nonexistent")
        }
        #expect(PrintError.fontMissing(path: "/x/DejaVuSans.ttf").message.ru.contains("fonts-dejavu-core"))
    }

    @Test func anUnwritableFolderIsAClearError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-folder/deal.pdf")
        #expect(throws: PrintError.self) {
            try FormRenderer.render(PrintFixtures.personDeal(lines: []), template: PrintFixtures.template(.invoice),
                                    fonts: FontFiles.dejaVu(), to: url)
        }
    }
}

/// libharu 2.3.0 dropped the base of composite glyphs from the font subset:
/// `Ё` printed as a lone diaeresis. Checked on the rendered page, as a reader sees it.
@Suite struct CompositeGlyphTests {
    /// Dark pixels of a one-page PDF rendered in grey at 72 dpi.
    func inkedPixels(_ pdf: URL) throws -> Int {
        let base = pdf.deletingPathExtension().path
        let result = try Subprocess.run(["/usr/bin/pdftoppm", "-gray", "-r", "72", "-singlefile", pdf.path, base])
        guard result.status == 0 else { throw PDFText.PDFToolError(output: result.output) }
        let data = try Data(contentsOf: URL(fileURLWithPath: base + ".pgm"))
        // P5 header: magic, width, height, maxval, each followed by white space.
        var fields = 0
        var index = 0
        while fields < 4 && index < data.count {
            while index < data.count && !(data[index] == 0x20 || data[index] == 0x0A) { index += 1 }
            fields += 1
            index += 1
        }
        return data[index...].filter { $0 < 128 }.count
    }

    func render(heading: String) throws -> Int {
        let (template, problems) = FormTemplateLoader.parse("""
            title = "t"
            font_size = 16
            [[blocks]]
            type = "heading"
            text = "\(heading)"
            """, file: "test.toml")
        #expect(problems.isEmpty)
        let url = try PrintFixtures.temporaryDirectory().appendingPathComponent("glyph.pdf")
        try FormRenderer.render(PrintFixtures.personDeal(lines: []), template: #require(template),
                                fonts: FontFiles.dejaVu(), to: url)
        return try inkedPixels(url)
    }

    @Test func yoIsTheLetterEWithItsDiaeresis() throws {
        let withYo = try render(heading: "ЁЁЁЁ ёёёё")
        let withE = try render(heading: "ЕЕЕЕ ееее")
        #expect(withYo > withE, "Ё and ё must print their base letter: \(withYo) vs \(withE) dark pixels")
    }
}
