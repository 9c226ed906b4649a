import Foundation
import KiteDomain

/// The per-dealership rules an admin sets with `kite dealership set`: which
/// checks block a contract and how recent their result must be
/// (`ContractGate`), and the discount a manager may give without a senior.
public struct DealershipSettings: Sendable, Hashable {
    public var id: Int64
    public var code: String
    public var name: String
    public var city: String
    /// Hundredths of a percent: 500 is 5 %.
    public var discountLimitBasisPoints: Int
    /// Check names from `CheckCatalog`, in the order they were set.
    public var blockingChecks: [String]
    public var checkMaxAgeDays: Int
    public var vatRateBasisPoints: Int
    public var reservationDays: Int
    /// Its time zone (`Europe/Moscow`): its "today" (cash days) and every time shown.
    public var timeZone: String = "Europe/Moscow"
    /// Minutes without a key before `kite` locks the screen (0: never).
    public var idleLockMinutes: Int = 15
}

/// A change to some of the settings; nil leaves a setting as it is.
public struct DealershipSettingsChange: Sendable, Hashable {
    public var blockingChecks: [String]?
    public var checkMaxAgeDays: Int?
    public var discountLimitBasisPoints: Int?
    public var timeZone: String?
    public var idleLockMinutes: Int?

    public init(blockingChecks: [String]? = nil, checkMaxAgeDays: Int? = nil, discountLimitBasisPoints: Int? = nil,
                timeZone: String? = nil, idleLockMinutes: Int? = nil) {
        self.idleLockMinutes = idleLockMinutes
        self.blockingChecks = blockingChecks
        self.checkMaxAgeDays = checkMaxAgeDays
        self.discountLimitBasisPoints = discountLimitBasisPoints
        self.timeZone = timeZone
    }

    public var isEmpty: Bool {
        blockingChecks == nil && checkMaxAgeDays == nil && discountLimitBasisPoints == nil && timeZone == nil
            && idleLockMinutes == nil
    }

    /// A time zone name PostgreSQL and Foundation both know (`Europe/Moscow`, `Asia/Yekaterinburg`).
    public static func parseTimeZone(_ text: String) -> Result<String, FieldIssue> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64, trimmed.contains("/") || trimmed == "UTC",
              TimeZone(identifier: trimmed) != nil else {
            return .failure(.error("time_zone",
                ru: "часовой пояс: «\(trimmed)» — нужно имя пояса из базы IANA, например Europe/Moscow или Asia/Yekaterinburg",
                en: "time zone: '\(trimmed)' must be an IANA zone name such as Europe/Moscow or Asia/Yekaterinburg"))
        }
        return .success(trimmed)
    }

    // MARK: - Parsing what an admin types

    /// Every check a dealership may make blocking.
    public static var knownChecks: [String] {
        var names: [String] = []
        for name in CheckCatalog.vehicleChecks + CheckCatalog.personChecks + CheckCatalog.companyChecks
        where !names.contains(name) { names.append(name) }
        return names
    }

    public static let maxAgeRange = 1...365
    public static let idleLockRange = 0...480

    /// Minutes before an idle screen locks: 0 (never) to 480.
    public static func parseIdleLockMinutes(_ text: String) -> Result<Int, FieldIssue> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let minutes = Int(trimmed), idleLockRange.contains(minutes) else {
            return .failure(.error("idle_lock_minutes",
                ru: "блокировка при бездействии: «\(trimmed)» — нужно целое число минут от 0 (никогда) до 480",
                en: "idle lock: '\(trimmed)' must be whole minutes from 0 (never) to 480"))
        }
        return .success(minutes)
    }

    /// `pledge,wanted, passport_invalid`: known check names separated by
    /// commas, repeats dropped; `none` (or nothing) for no blocking check.
    public static func parseBlockingChecks(_ text: String) -> Result<[String], FieldIssue> {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        if names == ["none"] { return .success([]) }
        var checks: [String] = []
        for name in names {
            guard knownChecks.contains(name) else {
                let known = knownChecks.joined(separator: ", ")
                return .failure(.error("blocking_checks",
                    ru: "блокирующие проверки: неизвестная проверка «\(name)»; допустимы: \(known) (или none)",
                    en: "blocking checks: unknown check '\(name)'; known checks: \(known) (or none)"))
            }
            if !checks.contains(name) { checks.append(name) }
        }
        return .success(checks)
    }

    /// Whole days from 1 to 365.
    public static func parseMaxAgeDays(_ text: String) -> Result<Int, FieldIssue> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let days = Int(trimmed), maxAgeRange.contains(days) else {
            return .failure(.error("check_max_age_days",
                ru: "срок годности проверки: «\(trimmed)» — нужно целое число дней от \(maxAgeRange.lowerBound) до \(maxAgeRange.upperBound)",
                en: "check max age: '\(trimmed)' must be a whole number of days from \(maxAgeRange.lowerBound) to \(maxAgeRange.upperBound)"))
        }
        return .success(days)
    }

    /// A percentage from 0 to 100 with at most two decimals (`7.5`, `7,25`,
    /// `10%`), as hundredths of a percent. Parsed as digits, never through a
    /// binary floating point.
    public static func parseDiscountLimit(_ text: String) -> Result<Int, FieldIssue> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let refusal = FieldIssue.error("discount_limit_percent",
            ru: "предел скидки: «\(trimmed)» — нужен процент от 0 до 100, не больше двух знаков после запятой",
            en: "discount limit: '\(trimmed)' must be a percentage from 0 to 100 with at most two decimals")
        var body = trimmed
        if body.hasSuffix("%") { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
        let parts = body.replacingOccurrences(of: ",", with: ".").split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 3,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(refusal) }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else {
            return .failure(refusal)
        }
        let basisPoints = Int(whole)! * 100 + Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))!
        guard basisPoints <= 10_000 else { return .failure(refusal) }
        return .success(basisPoints)
    }
}

extension DealershipSettings {
    /// `5.00`, `7.50`: the discount limit as the database keeps it.
    public var discountLimitText: String { Self.percentText(discountLimitBasisPoints) }
    public var vatRateText: String { Self.percentText(vatRateBasisPoints) }

    static func percentText(_ basisPoints: Int) -> String {
        "\(basisPoints / 100)." + String(format: "%02d", basisPoints % 100)
    }
}

/// Reads and changes `DealershipSettings`; each change is one transaction
/// with an `audit_log` row (`dealership`, `settings`) holding before and after.
public struct DealershipSettingsRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private struct Row: Decodable {
        var id: Int64, code: String, name: String, city: String
        var discountLimitBasisPoints: Int, blockingChecks: String, checkMaxAgeDays: Int
        var vatRateBasisPoints: Int, reservationDays: Int, timeZone: String, idleLockMinutes: Int

        func settings() throws -> DealershipSettings {
            DealershipSettings(id: id, code: code, name: name, city: city, discountLimitBasisPoints: discountLimitBasisPoints,
                               blockingChecks: try JSONDecoder().decode([String].self, from: Data(blockingChecks.utf8)),
                               checkMaxAgeDays: checkMaxAgeDays, vatRateBasisPoints: vatRateBasisPoints,
                               reservationDays: reservationDays, timeZone: timeZone, idleLockMinutes: idleLockMinutes)
        }
    }

    private static let columns: SQL = """
        id, code, name, city, round(discount_limit_percent * 100)::int AS discount_limit_basis_points,
        array_to_json(blocking_checks)::text AS blocking_checks, check_max_age_days,
        round(vat_rate_percent * 100)::int AS vat_rate_basis_points, reservation_days, time_zone, idle_lock_minutes
        """

    public func all() throws -> [DealershipSettings] {
        try connection.fetch(Row.self, "SELECT \(fragment: Self.columns) FROM dealerships ORDER BY code").map { try $0.settings() }
    }

    public func settings(code: String) throws -> DealershipSettings? {
        try connection.fetchOne(Row.self, "SELECT \(fragment: Self.columns) FROM dealerships WHERE code = \(code)")?.settings()
    }

    /// Applies `change` to the dealership `code` and returns the settings
    /// before and after; nil when there is no such dealership. The values
    /// must come from the `DealershipSettingsChange` parsers (the database
    /// constraints refuse the rest).
    public func update(code: String, change: DealershipSettingsChange,
                       actor: String) throws -> (before: DealershipSettings, after: DealershipSettings)? {
        try connection.transaction { connection in
            guard let before = try connection.fetchOne(Row.self, """
                SELECT \(fragment: Self.columns) FROM dealerships WHERE code = \(code)
                """)?.settings() else { return nil }
            guard !change.isEmpty else { return (before, before) }
            // An admin's command (0037): the database checks the role and changes only
            // what is given, under its own row lock.
            try StateCommand.run(role: .adminRole, action: "change_settings") {
                try connection.execute("""
                    SELECT kite_dealership_settings_set(\(code)::text, new_blocking_checks => \(change.blockingChecks)::text[],
                        new_check_max_age_days => \(change.checkMaxAgeDays)::int,
                        new_discount_limit_percent => \(change.discountLimitBasisPoints)::numeric / 100,
                        new_time_zone => \(change.timeZone)::text,
                        new_idle_lock_minutes => \(change.idleLockMinutes)::int)
                    """)
            }
            guard let after = try connection.fetchOne(Row.self, """
                SELECT \(fragment: Self.columns) FROM dealerships WHERE code = \(code)
                """)?.settings() else { return nil }
            guard after != before else { return (before, after) }
            try AuditLog.append(connection, entity: "dealership", id: before.id, action: "settings", actor: actor, data: """
                jsonb_build_object(
                    'before', jsonb_build_object('blocking_checks', \(before.blockingChecks),
                                                 'check_max_age_days', \(before.checkMaxAgeDays)::int,
                                                 'discount_limit_percent', round(\(before.discountLimitBasisPoints)::numeric / 100, 2),
                                                 'time_zone', \(before.timeZone)::text,
                                                 'idle_lock_minutes', \(before.idleLockMinutes)::int),
                    'after', jsonb_build_object('blocking_checks', \(after.blockingChecks),
                                                'check_max_age_days', \(after.checkMaxAgeDays)::int,
                                                'discount_limit_percent', round(\(after.discountLimitBasisPoints)::numeric / 100, 2),
                                                'time_zone', \(after.timeZone)::text,
                                                'idle_lock_minutes', \(after.idleLockMinutes)::int))
                """)
            return (before, after)
        }
    }
}
