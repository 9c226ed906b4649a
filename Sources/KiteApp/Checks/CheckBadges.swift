import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The verification results of one subject (a vehicle, a customer) as a
/// one-line row of badges — `✓ passed`, `! warning`, `✗ failed`, `? error` —
/// and, on `form.checks`, an overlay with each check's status, details,
/// provider and time. The symbols carry the meaning, so the row reads the
/// same without colour (NO_COLOR, the mono theme). Loads through the
/// `DatabaseClient` (never SQL on the UI thread).
///
/// Use from a card: create it once the record is stored, call `reload()` when
/// the record is (re)loaded, `draw(on:row:column:width:)` in the card's
/// `draw`, and `showDetails()` for the `form.checks` command.
@MainActor
public final class CheckBadges {
    public let subject: CheckSubject
    public let subjectID: Int64
    /// Shown in the overlay's title (`MSK-000004`, a customer's name).
    public var subjectName: String
    unowned let app: KiteApplication
    /// The latest result per check, in catalogue order; nil until loaded.
    public private(set) var results: [CheckResult]?
    public private(set) var loadError: String?

    public init(app: KiteApplication, subject: CheckSubject, subjectID: Int64, subjectName: String) {
        self.app = app
        self.subject = subject
        self.subjectID = subjectID
        self.subjectName = subjectName
    }

    /// Loads the latest results (in the background; the row redraws when they arrive).
    public func reload() {
        let subject = self.subject, id = subjectID
        app.database.request(lane: "checks.\(subject.rawValue).\(id)", { connection in
            try CheckResultRepository(connection: connection).latest(subject: subject, subjectID: id)
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let rows):
                self.results = CheckBadges.ordered(rows)
                self.loadError = nil
            case .failure(let error):
                self.loadError = ErrorText.describe(error, language: self.app.language)
            }
        })
    }

    static func ordered(_ rows: [CheckResult]) -> [CheckResult] {
        let order = CheckCatalog.vehicleChecks + CheckCatalog.personChecks + CheckCatalog.companyChecks
        func rank(_ name: String) -> Int { order.firstIndex(of: name) ?? order.count }
        return rows.sorted { (rank($0.checkName), $0.checkName) < (rank($1.checkName), $1.checkName) }
    }

    // MARK: - Badges

    public static func symbol(_ status: CheckStatus) -> String {
        switch status {
        case .passed: "✓"
        case .warning: "!"
        case .failed: "✗"
        case .error: "?"
        }
    }

    public static func role(_ status: CheckStatus) -> StyleRole {
        switch status {
        case .passed: .ok
        case .warning: .warning
        case .failed: .error
        case .error: .accent
        }
    }

    public static func statusText(_ status: CheckStatus) -> LocalizedText {
        switch status {
        case .passed: LocalizedText(ru: "пройдена", en: "passed")
        case .warning: LocalizedText(ru: "предупреждение", en: "warning")
        case .failed: LocalizedText(ru: "не пройдена", en: "failed")
        case .error: LocalizedText(ru: "ошибка проверки", en: "could not check")
        }
    }

    /// A few letters per check, for the one-line row.
    public static func shortName(_ check: String) -> LocalizedText {
        shortNames[check] ?? LocalizedText(ru: Sanitizer.clean(check), en: Sanitizer.clean(check))
    }

    private static let shortNames: [String: LocalizedText] = [
        "vin_structure": .init(ru: "VIN", en: "VIN"),
        "vin_make": .init(ru: "Марка", en: "Make"),
        "model_year": .init(ru: "Год", en: "Year"),
        "duplicate_vin": .init(ru: "Дубль", en: "Dupl."),
        "pledge": .init(ru: "Залог", en: "Pledge"),
        "wanted": .init(ru: "Розыск", en: "Wanted"),
        "restrictions": .init(ru: "Огранич.", en: "Restr."),
        "mileage_rollback": .init(ru: "Пробег", en: "Mileage"),
        "passport_invalid": .init(ru: "Паспорт", en: "Passport"),
        "inn_checksum": .init(ru: "ИНН", en: "INN"),
        "ogrn_checksum": .init(ru: "ОГРН", en: "OGRN"),
        "buyer_age": .init(ru: "Возраст", en: "Age"),
    ]

    /// The key bound to `form.checks` in the form context, for the hint at the row's end.
    private var detailsKey: String? {
        app.keymap.bindings(in: "form").first { $0.command == "form.checks" }?.key.displayName
    }

    /// Draws the row: `Проверки: ✓ VIN ✓ Марка ! Год ✗ Залог …   F3 — подробно`.
    public func draw(on surface: Surface, row: Int, column: Int, width: Int) {
        let language = app.language
        var x = column
        let end = column + width
        x += surface.put(AppText.checksLabel(language) + " ", row: row, column: x, style: Style(.label), maxWidth: max(0, end - x))
        let hint = detailsKey.map { "  " + AppText.checksDetailsHint(language, ["key": $0]) } ?? ""
        let hintWidth = DisplayWidth.of(hint)
        if let loadError {
            surface.put(loadError, row: row, column: x, style: Style(.error), maxWidth: max(0, end - x))
            return
        }
        guard let results else {
            surface.put(UIText.loading(language), row: row, column: x, style: Style(.dim), maxWidth: max(0, end - x))
            return
        }
        if results.isEmpty {
            x += surface.put(AppText.checksNoneYet(language), row: row, column: x, style: Style(.dim),
                             maxWidth: max(0, end - x))
        }
        for (index, result) in results.enumerated() {
            let badge = Self.symbol(result.status) + " " + Self.shortName(result.checkName).text(app.language)
            let needed = DisplayWidth.of(badge) + (index > 0 ? 1 : 0)
            let remaining = results.count - index - 1
            // Keep room for the hint, and for "+N" when the rest does not fit.
            let reserve = hintWidth + (remaining > 0 ? 4 : 0)
            if x + needed + reserve > end {
                surface.put(" +\(results.count - index)", row: row, column: x, style: Style(.dim), maxWidth: max(0, end - x))
                x += DisplayWidth.of(" +\(results.count - index)")
                break
            }
            if index > 0 { x += surface.put(" ", row: row, column: x, style: .normal, maxWidth: 1) }
            x += surface.put(badge, row: row, column: x, style: Style(Self.role(result.status), bold: result.status == .failed),
                             maxWidth: max(0, end - x))
        }
        if !hint.isEmpty, x + hintWidth <= end {
            surface.put(hint, row: row, column: x, style: Style(.dim), maxWidth: end - x)
        }
    }

    // MARK: - Details

    /// Opens the overlay listing every check (status, details, provider, time).
    public func showDetails() {
        app.overlay = .help(HelpOverlay(groups: detailGroups(), title: detailTitle, language: app.language))
        reload()
    }

    var detailTitle: String {
        AppText.checksTitle(app.language, ["subject": Sanitizer.clean(subjectName)])
    }

    func detailGroups() -> [HelpGroup] {
        let language = app.language
        guard let results, !results.isEmpty else {
            let text = loadError ?? (results == nil ? UIText.loading(language) : AppText.noChecksYet(language))
            return [HelpGroup("", [HelpEntry("", text)])]
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = AppText.checkTimestampFormat(language)
        formatter.timeZone = DisplayTime.timeZone
        return results.map { result in
            let title = Self.symbol(result.status) + " " + CheckCatalog.title(result.checkName).text(language)
                + " — " + Self.statusText(result.status).text(language)
            var entries: [HelpEntry] = []
            let details = result.details(in: language)
            if !details.isEmpty {
                entries.append(HelpEntry(AppText.checkDetails(language), Sanitizer.clean(details)))
            }
            entries.append(HelpEntry(AppText.checkProvider(language), Sanitizer.clean(result.provider)))
            entries.append(HelpEntry(AppText.checkTime(language), formatter.string(from: result.checkedAt)))
            return HelpGroup(title, entries)
        }
    }
}
