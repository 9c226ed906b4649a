import KiteDomain

/// The human-readable form of `kite vin VIN`.
public enum VINReportText {
    public static func render(_ report: VINReport, language: Language) -> String {
        var lines: [String] = []
        let verdict = (report.valid ? StockText.vinValid : StockText.vinInvalid)(language)
        lines.append("VIN \(report.vin): \(verdict)")
        func row(_ label: String, _ value: String?) {
            lines.append("  " + label.padding(toLength: 18, withPad: " ", startingAt: 0) + (value ?? "—"))
        }
        row("WMI", report.wmiEntry?.code ?? report.wmi)
        row(StockText.vinManufacturer(language), report.manufacturer)
        row(StockText.vinCountry(language), report.countryLabel?.text(language) ?? report.country)
        row(StockText.vinRegion(language), report.regionLabel?.text(language) ?? report.region)
        let check = report.checkDigit
        let checkText = check.valid
            ? StockText.vinCheckDigitCorrect(language, ["digit": check.actual ?? "—"])
            : StockText.vinCheckDigitExpected(language, ["digit": check.actual ?? "—", "expected": check.expected ?? "—"])
        row(StockText.vinCheckDigit(language), checkText)
        row(StockText.vinModelYear(language), report.modelYears.isEmpty ? nil : report.modelYears.map(String.init).joined(separator: ", "))
        for issue in report.issues {
            let mark = (issue.severity == .error ? StockText.vinIssueError : StockText.vinIssueWarning)(language)
            lines.append("  \(mark): \(issue.message.text(language))")
        }
        return lines.joined(separator: "\n")
    }

    /// The same report as labelled lines for the TUI's detail box (`:vin`): one line
    /// per fact, each problem on its own line, never one run-on paragraph.
    public static func entries(_ report: VINReport, language: Language) -> (title: String, entries: [(label: String, text: String)]) {
        let verdict = (report.valid ? StockText.vinValid : StockText.vinInvalid)(language)
        var entries: [(String, String)] = []
        entries.append(("WMI", report.wmiEntry?.code ?? report.wmi ?? "—"))
        entries.append((StockText.vinManufacturer(language), report.manufacturer ?? "—"))
        entries.append((StockText.vinCountry(language), report.countryLabel?.text(language) ?? report.country ?? "—"))
        entries.append((StockText.vinRegion(language), report.regionLabel?.text(language) ?? report.region ?? "—"))
        let check = report.checkDigit
        entries.append((StockText.vinCheckDigit(language), check.valid
            ? StockText.vinCheckDigitCorrect(language, ["digit": check.actual ?? "—"])
            : StockText.vinCheckDigitExpected(language, ["digit": check.actual ?? "—", "expected": check.expected ?? "—"])))
        entries.append((StockText.vinModelYear(language),
                        report.modelYears.isEmpty ? "—" : report.modelYears.map(String.init).joined(separator: ", ")))
        for issue in report.issues {
            let mark = (issue.severity == .error ? StockText.vinIssueError : StockText.vinIssueWarning)(language)
            entries.append((mark, issue.message.text(language)))
        }
        return ("VIN \(report.vin): \(verdict)", entries)
    }
}
