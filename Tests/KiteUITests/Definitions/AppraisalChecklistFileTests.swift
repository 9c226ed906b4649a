import Foundation
import KiteDomain
import KiteUI
import Testing

/// `config/checklists/appraisal.toml`: the shipped checklist has the issue's sections, the
/// panels of each body and the paint thresholds; a broken file names its file, line and key.
@Suite struct AppraisalChecklistFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedChecklistHasTheIssuesSectionsAndThresholds() throws {
        let paths = DataPaths(dataRoot: Self.root, origin: .sourceCheckout, userRoot: nil)
        let checklist = try AppraisalChecklistFile.load(paths: paths)
        #expect(checklist.sections.map(\.code) == ["documents", "body", "paint", "glass", "interior", "engine", "suspension",
                                                   "tyres", "electrics", "warning_lights", "test_drive"])
        #expect(checklist.sections[1].title.ru == "Кузов" && checklist.sections[1].items.allSatisfy { $0.code.hasPrefix("body.") })
        #expect(checklist.item("body.dents")?.cost(.severe) == Money(roubles: 45_000))
        #expect(checklist.item("documents.pts_matches")?.costs == nil)
        #expect(checklist.paint == PaintThresholds(factoryMax: 200, repaintMax: 300))
        #expect(checklist.thresholds(make: "Lexus") == PaintThresholds(factoryMax: 250, repaintMax: 350))
        #expect(checklist.panels(body: "sedan").map(\.code).contains("trunk"))
        #expect(!checklist.panels(body: "coupe").map(\.code).contains("door_rl"))
        #expect(checklist.panels(body: "suv").map(\.code).contains("tailgate"))
    }

    static let good = """
        [paint]
        factory_max = 200
        repaint_max = 300

        [[panels]]
        code = "hood"
        title = { ru = "Капот", en = "Hood" }

        [[sections]]
        code = "body"
        title = { ru = "Кузов", en = "Body" }
        [[sections.items]]
        code = "dents"
        title = { ru = "Вмятины", en = "Dents" }
        costs = [5000, 15000, 45000]
        [[sections.items]]
        code = "rust"
        title = { ru = "Коррозия", en = "Rust" }
        costs = [8000, 25000]
        """

    @Test func aBrokenFileIsReportedWithFileLineAndField() throws {
        do {
            _ = try AppraisalChecklistFile.parse(Self.good)
            Issue.record("a file with two costs was accepted")
        } catch let error as DefinitionError {
            #expect(error.description == "config/checklists/appraisal.toml:19: sections[0].items[1].costs: expected three whole rouble amounts not below zero (minor, moderate, severe), e.g. [5000, 15000, 45000]")
        }
        let typo = Self.good.replacingOccurrences(of: "costs = [8000, 25000]", with: "cost = [8000, 25000, 1]")
        do {
            _ = try AppraisalChecklistFile.parse(typo)
            Issue.record("an unknown key was accepted")
        } catch let error as DefinitionError {
            #expect(error.description == "config/checklists/appraisal.toml:19: sections[0].items[1].cost: unknown key")
        }
        let thresholds = Self.good.replacingOccurrences(of: "repaint_max = 300", with: "repaint_max = 150")
            .replacingOccurrences(of: "costs = [8000, 25000]", with: "costs = [8000, 25000, 1]")
        do {
            _ = try AppraisalChecklistFile.parse(thresholds)
            Issue.record("repaint below factory was accepted")
        } catch let error as DefinitionError {
            #expect(error.description == "config/checklists/appraisal.toml:3: paint.repaint_max: must be above factory_max (200), found 150")
        }
        let twice = Self.good.replacingOccurrences(of: "code = \"rust\"", with: "code = \"dents\"")
            .replacingOccurrences(of: "costs = [8000, 25000]", with: "costs = [8000, 25000, 1]")
        do {
            _ = try AppraisalChecklistFile.parse(twice)
            Issue.record("an item used twice was accepted")
        } catch let error as DefinitionError {
            #expect(error.description == #"config/checklists/appraisal.toml:17: sections[0].items[1].code: "dents" is used twice"#)
        }
        #expect(try AppraisalChecklistFile.parse(thresholds.replacingOccurrences(of: "repaint_max = 150", with: "repaint_max = 300")).items.count == 2)
    }
}
