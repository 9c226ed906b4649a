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
        row("WMI", report.wmi)
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
}
