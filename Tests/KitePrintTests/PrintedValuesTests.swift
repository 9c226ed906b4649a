import Foundation
import KiteDomain
import KiteStore
import Testing
@testable import KitePrint

/// Issue 10, print forms: sole traders, figures that never wrap, declined names, blanks to
/// fill in by hand, characters the font lacks. Read back from the PDF as a reader sees it.
@Suite struct PrintedValuesTests {
    func render(_ deal: PrintableDeal, _ form: PrintForm) throws -> (text: String, layout: String) {
        let url = try PrintFixtures.temporaryDirectory().appendingPathComponent("\(deal.number)-\(form.rawValue).pdf")
        try FormRenderer.render(deal, template: PrintFixtures.template(form), fonts: FontFiles.dejaVu(), to: url)
        return (try PDFText.pages(url).joined(separator: " "), try PDFText.pages(url, layout: true).joined(separator: " "))
    }

    static func soleTraderDeal() -> PrintableDeal {
        var deal = PrintFixtures.personDeal(lines: [])
        deal.customer = .soleTrader(.init(fullName: "Петров Пётр Петрович", inn: "500100732259", ogrnip: "304500116000157",
                                          address: "г. Москва, ул. Льва Толстого, д. 16", phone: "+79161112233"))
        return deal
    }

    @Test func aSoleTraderIsPrintedAsOne() throws {
        let contract = try render(Self.soleTraderDeal(), .contract).text
        #expect(contract.contains("и индивидуальный предприниматель Петров Пётр Петрович (ИНН 500100732259, ОГРНИП 304500116000157, адрес: г. Москва, ул. Льва Толстого, д. 16), именуемый в дальнейшем «Покупатель»"))
        #expect(contract.contains("Индивидуальный предприниматель Петров Пётр Петрович"))
        #expect(contract.contains("/ Петров П. П. /"))
        #expect(!contract.contains("гражданин") && !contract.contains("в лице представителя"))
        let invoice = try render(Self.soleTraderDeal(), .invoice).text
        #expect(invoice.contains("ИП Петров Пётр Петрович, ИНН 500100732259, ОГРНИП 304500116000157"))
        let handover = try render(Self.soleTraderDeal(), .handover).text
        #expect(handover.contains("индивидуальный предприниматель Петров Пётр Петрович (ИНН 500100732259, ОГРНИП 304500116000157)"))
    }

    @Test func namesAreDeclined() throws {
        var deal = PrintFixtures.personDeal(lines: [])
        deal.managerName = "Иванова Мария Сергеевна"
        let contract = try render(deal, .contract).text
        #expect(contract.contains("в лице менеджера Ивановой Марии Сергеевны, с одной стороны, и гражданка Иванова Анна Сергеевна"))
        #expect(contract.contains("именуемая в дальнейшем «Покупатель»"))
        let handover = try render(deal, .handover).text
        #expect(handover.contains("в лице менеджера Ивановой Марии Сергеевны, и гражданка Иванова Анна Сергеевна"))
    }

    @Test func anUnfilledValuePrintsAsALineToFillIn() throws {
        var deal = PrintFixtures.personDeal(lines: [])
        deal.customer = .person(.init(fullName: "Орлов Кирилл Андреевич", phone: "+79260000000"))
        let contract = try render(deal, .contract).text
        #expect(!contract.contains("дата рождения ,"))
        #expect(!contract.contains("паспорт ,"))
        #expect(!contract.contains("регистрации: ,"))
        #expect(contract.contains("гражданин Орлов Кирилл Андреевич, дата рождения ____________, паспорт ______________________________, адрес регистрации: ______________________________, именуемый"))
        // The buyer's requisites at the foot: the lines a contract needs stay, to be written in.
        #expect(contract.contains("Паспорт: ______________________________"))
    }

    @Test func figuresNeverWrapUpToTheLargestAmountTheDatabaseHolds() throws {
        let measurer = try HaruTestMeasurer()
        for price in [money("5 545 454,55"), money("99 999 999,99"), Money.databaseMaximum] {
            var deal = PrintFixtures.personDeal(lines: [])
            deal = PrintableDeal(number: deal.number, date: deal.date, managerName: deal.managerName, dealership: deal.dealership,
                                 customer: deal.customer, vehicle: deal.vehicle,
                                 pricing: DealPricingInput(listPrice: price, salePrice: price))
            let line = deal.lines[0]
            for form in PrintForm.allCases {
                let template = try PrintFixtures.template(form)
                var figures: [String] = []
                for block in template.blocks {
                    guard case .lines(let columns) = block.content else { continue }
                    for column in columns {
                        switch FormTemplate.LineField(rawValue: column.field) {
                        case .unitPrice: figures.append(DealPlaceholders.money(line.unitPrice))
                        case .amount: figures.append(DealPlaceholders.money(line.amount))
                        case .vat: figures.append(DealPlaceholders.money(line.vat))
                        default: break
                        }
                    }
                }
                #expect(!figures.isEmpty)
                var layout = FormLayout(template: template, deal: deal, measurer: measurer.measurer)
                let texts = layout.layout().flatMap(\.texts).map(\.text)
                if price == Money.databaseMaximum {
                    // And on paper: the figures read back whole from the PDF.
                    let layoutText = try render(deal, form).layout
                    for figure in figures {
                        #expect(layoutText.contains(figure.replacingOccurrences(of: "\u{00A0}", with: " ")))
                    }
                }
                for figure in figures {
                    #expect(texts.contains(figure), "\(form): \(figure) is printed")
                    // A figure broken over two lines leaves a piece that starts or ends it.
                    let pieces = texts.filter { $0 != figure && $0.count >= 2 && (figure.hasPrefix($0) || figure.hasSuffix($0)) }
                    #expect(pieces.isEmpty, "\(form): \(figure) wrapped into \(pieces)")
                }
            }
        }
    }

    @Test func charactersTheFontLacksAreReplacedVisibly() throws {
        var deal = PrintFixtures.personDeal(lines: [])
        deal.customer = .person(.init(fullName: "Иванова Анна 🙂 Сергеевна", address: "Москва 👨‍👩‍👧 дом"))
        let text = try render(deal, .contract).text
        #expect(text.contains("Иванова Анна \u{FFFD} Сергеевна"))
        #expect(text.contains("Москва \u{FFFD} дом"), "a family emoji is one mark")
        #expect(!text.contains("?"))
        let coverage = try #require(FontCoverage.drawable(by: FontFiles.dejaVu()))
        #expect(coverage.contains("Ж") && coverage.contains("₽") && coverage.contains("№") && !coverage.contains("🙂"))
    }

    @Test func checkConfigWarnsAboutCharactersTheFontLacksInATemplate() throws {
        let (template, problems) = FormTemplateLoader.parse("""
            title = "Счёт"
            [[blocks]]
            type = "paragraph"
            text = "Спасибо за покупку 🚗!"
            """, file: "config/templates/invoice.toml")
        #expect(problems.isEmpty)
        let coverage = try #require(FontCoverage.drawable(by: FontFiles.dejaVu()))
        let warnings = FormTemplateLoader.glyphWarnings(try #require(template), coverage: coverage)
        #expect(warnings.map(\.description) == [
            "config/templates/invoice.toml: blocks[0].text: the form's font has no glyph for «🚗» (U+1F697): it prints as \u{FFFD}",
        ])
        for form in PrintForm.allCases {
            #expect(FormTemplateLoader.glyphWarnings(try PrintFixtures.template(form), coverage: coverage).isEmpty)
        }
    }
}

/// The real DejaVu metrics, for laying out without writing a file.
struct HaruTestMeasurer {
    let document: HaruDocument
    let measurer: HaruMeasurer

    init() throws {
        document = try HaruDocument()
        let fonts = try FontFiles.dejaVu()
        measurer = HaruMeasurer(regular: try document.loadFont(path: fonts.regular), bold: try document.loadFont(path: fonts.bold),
                                coverage: FontCoverage.drawable(by: fonts))
    }
}
