import ArgumentParser
import Foundation
import KiteApp

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate config/kite.toml, every keymap, every screen and the print templates; exit non-zero on any problem.")

    func run() throws {
        let (paths, definitionProblems) = AppEnvironment.check()
        let problems = definitionProblems.map(\.detailedDescription)
            + DealPrinter.checkTemplates(paths: paths).map(\.detailedDescription)
        // Warnings do not fail the check: a character the fonts lack prints as a visible mark.
        for warning in DealPrinter.templateWarnings(paths: paths) {
            FileHandle.standardError.write(Data(("warning: " + warning.detailedDescription + "\n").utf8))
        }
        if problems.isEmpty {
            say("kite check-config: all good (data: \(paths.dataRoot?.path ?? "—"), user overrides: \(paths.userRoot?.path ?? "—"))")
            return
        }
        for problem in problems {
            warn(problem)
        }
        warn("kite check-config: \(problems.count) problem(s)")
        throw ExitCode(1)
    }
}
