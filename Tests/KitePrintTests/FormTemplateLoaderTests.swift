import Foundation
import Testing
@testable import KitePrint

@Suite struct FormTemplateLoaderTests {
    func problems(_ text: String) -> [String] {
        FormTemplateLoader.parse(text, file: "config/templates/contract.toml").1.map(\.description)
    }

    @Test func shippedTemplatesHaveNoProblems() {
        #expect(FormTemplateLoader.checkAll(directories: [PrintFixtures.shippedTemplates]).isEmpty)
    }

    @Test func everyShippedFormLoads() throws {
        for form in PrintForm.allCases {
            let template = try PrintFixtures.template(form)
            #expect(!template.blocks.isEmpty)
            #expect(template.blocks.contains { if case .lines = $0.content { true } else { false } })
        }
    }

    @Test func unknownPlaceholderNamesFileAndKey() {
        let found = problems("""
            title = "Договор"
            [[blocks]]
            type = "paragraph"
            text = "Покупатель: {{customer.nmae}}"
            """)
        #expect(found == ["config/templates/contract.toml: blocks[0].text: unknown placeholder {{customer.nmae}}"])
    }

    @Test func unknownKeysTypesFieldsAndConditions() {
        let found = problems("""
            title = "Договор"
            colour = "red"
            [[blocks]]
            type = "paragraf"
            [[blocks]]
            type = "paragraph"
            text = "x"
            bold = "yes"
            when = "rich"
            [[blocks]]
            type = "lines"
            columns = [{ field = "price", title = "Цена", width = 10 }, { field = "amount", title = "Сумма" }]
            [[blocks]]
            type = "totals"
            rows = [{ label = "Итого", value = "{{price.total}}", colour = "red" }]
            """)
        #expect(found.contains("config/templates/contract.toml: colour: unknown key"))
        #expect(found.contains { $0.hasPrefix("config/templates/contract.toml: blocks[0].type: unknown block type \"paragraf\"") })
        #expect(found.contains("config/templates/contract.toml: blocks[1].bold: expected true or false, found string"))
        #expect(found.contains { $0.hasPrefix("config/templates/contract.toml: blocks[1].when: unknown condition \"rich\"") })
        #expect(found.contains { $0.hasPrefix("config/templates/contract.toml: blocks[2].columns[0].field: unknown field \"price\"") })
        #expect(found.contains("config/templates/contract.toml: blocks[2].columns[1].width: missing (a relative width, 1 to 100)"))
        #expect(found.contains("config/templates/contract.toml: blocks[3].rows[0].colour: unknown key"))
    }

    @Test func pageNumbersOnlyInTheFooterAndBracesMustClose() {
        let found = problems("""
            title = "Договор"
            footer = "{{page}} из {{pages}}"
            [[blocks]]
            type = "paragraph"
            text = "страница {{page}}"
            [[blocks]]
            type = "heading"
            text = "№ {{deal.number"
            """)
        #expect(found == [
            "config/templates/contract.toml: blocks[0].text: {{page}} is only allowed in footer",
            "config/templates/contract.toml: blocks[1].text: \"{{\" without its closing \"}}\"",
        ])
    }

    @Test func syntaxErrorNamesTheLine() {
        let found = problems("title = \"Договор\"\n[[blocks]\n")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("config/templates/contract.toml:2: syntax error"))
    }

    @Test func theUsersCopyWinsAndAMissingFileIsNamed() throws {
        let userDirectory = try PrintFixtures.temporaryDirectory()
        try """
            title = "Мой счёт"
            [[blocks]]
            type = "heading"
            text = "СЧЁТ {{deal.number}}"
            """.write(to: userDirectory.appendingPathComponent("invoice.toml"), atomically: true, encoding: .utf8)
        let template = try FormTemplateLoader.load(.invoice, directories: [userDirectory, PrintFixtures.shippedTemplates])
        #expect(template.title == "Мой счёт")
        #expect(throws: TemplateProblem.self) {
            try FormTemplateLoader.load(.contract, directories: [userDirectory])
        }
        let problem = FormTemplateLoader.check(.contract, directories: [userDirectory]).1.first
        #expect(problem?.description.hasPrefix("config/templates/contract.toml: missing (looked in: \(userDirectory.path)") == true)
    }
}

@Suite struct LineBreakerTests {
    /// Every character 5 points wide.
    struct FixedWidth: TextMeasuring {
        func width(_ text: String, style: FontStyle, size: Double) -> Double { Double(text.count) * 5 }
    }

    let breaker = LineBreaker(measurer: FixedWidth())

    @Test func wrapsAtSpacesAndKeepsNoBreakSpaceGroups() {
        // 50 points = 10 characters a line.
        #expect(breaker.lines("раз два три четыре", style: .regular, size: 10, width: 50) == ["раз два", "три четыре"])
        // 60 points = 12 characters: the amount moves to the next line whole.
        #expect(breaker.lines("итого 1\u{00A0}250\u{00A0}000,00", style: .regular, size: 10, width: 60)
                == ["итого", "1\u{00A0}250\u{00A0}000,00"])
    }

    @Test func lineBreaksAndLongWords() {
        #expect(breaker.lines("а\nб", style: .regular, size: 10, width: 50) == ["а", "б"])
        #expect(breaker.lines("XW8AN2NE3PH000123", style: .regular, size: 10, width: 50) == ["XW8AN2NE3P", "H000123"])
        #expect(breaker.lines("", style: .regular, size: 10, width: 50) == [""])
    }
}
