import KiteDomain

/// The human-readable form of `kite vin VIN`.
public enum VINReportText {
    public static func render(_ report: VINReport, language: Language) -> String {
        let ru = language == .ru
        var lines: [String] = []
        let verdict = report.valid ? (ru ? "корректен" : "valid") : (ru ? "ОШИБКА" : "INVALID")
        lines.append("VIN \(report.vin): \(verdict)")
        func row(_ ruLabel: String, _ enLabel: String, _ value: String?) {
            lines.append("  " + (ru ? ruLabel : enLabel).padding(toLength: 18, withPad: " ", startingAt: 0) + (value ?? "—"))
        }
        row("WMI", "WMI", report.wmi)
        row("Изготовитель", "Manufacturer", report.manufacturer)
        row("Страна", "Country", report.countryLabel?.text(language) ?? report.country)
        row("Регион", "Region", report.regionLabel?.text(language) ?? report.region)
        let check = report.checkDigit
        let checkText = check.valid
            ? (check.actual ?? "—") + (ru ? " (верна)" : " (correct)")
            : "\(check.actual ?? "—") " + (ru ? "(ожидалась \(check.expected ?? "—"))" : "(expected \(check.expected ?? "—"))")
        row("Контрольная цифра", "Check digit", checkText)
        row("Модельный год", "Model year", report.modelYears.isEmpty ? nil : report.modelYears.map(String.init).joined(separator: ", "))
        for issue in report.issues {
            let mark = issue.severity == .error ? (ru ? "ошибка" : "error") : (ru ? "предупреждение" : "warning")
            lines.append("  \(mark): \(issue.message.text(language))")
        }
        return lines.joined(separator: "\n")
    }
}
