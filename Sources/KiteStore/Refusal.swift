import Foundation
import KiteDomain

/// "The database said no, because …": a refusal the person reads as it is,
/// in their language, with a stable machine code for callers and tests.
/// Every refusal of the store (and of the domain rules it enforces) conforms,
/// so the app describes any of them in one place.
public protocol Refusal: Error, Sendable, CustomStringConvertible {
    /// Stable and language-free (`vehicle_held`, `stale_write`, `cash_day_closed`).
    var code: String { get }
    /// Why, in Russian and English.
    var localizedReason: LocalizedText { get }
}

extension Refusal {
    public var description: String { localizedReason.en }
}

/// A save was refused because someone else changed the row first.
public struct StaleWriteError: Refusal, Hashable {
    public var entity: String
    public var id: Int64
    public var changedBy: String
    public var changedAt: Date
    public var currentVersion: Int
    public var expectedVersion: Int

    public init(entity: String, id: Int64, changedBy: String, changedAt: Date, currentVersion: Int, expectedVersion: Int) {
        self.entity = entity
        self.id = id
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.currentVersion = currentVersion
        self.expectedVersion = expectedVersion
    }

    public var code: String { "stale_write" }

    public var localizedReason: LocalizedText {
        let when = RefusalTime.text(changedAt)
        return LocalizedText(
            ru: "Не сохранено: запись уже изменил \(changedBy) \(when) (версия \(currentVersion)).",
            en: "Not saved: \(changedBy) changed this record at \(when) (version \(currentVersion)).")
    }

    public var description: String {
        "\(entity) \(id) was changed by \(changedBy) at \(PGDateText.format(changedAt)) (version \(currentVersion), you edited version \(expectedVersion))"
    }
}

/// The row asked for does not exist.
public struct NotFoundError: Refusal, Hashable {
    public var entity: String
    public var id: Int64
    public var code: String { "not_found" }
    public var localizedReason: LocalizedText {
        LocalizedText(ru: "Запись не найдена: возможно, её удалили.", en: "The record was not found.")
    }
    public var description: String { "\(entity) \(id) not found" }
}

extension DealDocumentError: Refusal {
    public var code: String {
        switch self {
        case .noCustomer: "no_customer"
        case .noVehicle: "no_vehicle"
        }
    }
    public var localizedReason: LocalizedText { message }
}

extension SellerRequisitesError: Refusal {
    public var code: String { "invalid_requisites" }
    public var localizedReason: LocalizedText {
        LocalizedText(ru: issues.map { "\($0.field): \($0.message.ru)" }.joined(separator: "; "),
                      en: issues.map { "\($0.field): \($0.message.en)" }.joined(separator: "; "))
    }
}

extension UnknownDealershipError: Refusal {
    public var code: String { "unknown_dealership" }
    public var localizedReason: LocalizedText {
        LocalizedText(ru: "Нет дилерского центра с кодом \(dealershipCode)", en: "no dealership with the code \(dealershipCode)")
    }
}

extension StatusTransitionRefusal: Refusal {
    public var code: String { "status_\(from.rawValue)_to_\(to.rawValue)" }
    public var localizedReason: LocalizedText { reason }
    public var description: String { reason.en }
}

extension DealTransitionRefusal: Refusal {
    public var code: String { "stage_" + reason.rawValue }
    public var localizedReason: LocalizedText { message }
    public var description: String { message.en }
}

extension PaymentRefusal: Refusal {
    public var code: String { reason.rawValue }
    public var localizedReason: LocalizedText { message }
    public var description: String { message.en }
}

/// The moment of a refusal as a person reads it: the day (`24.11.2026`) and
/// the time of day (`15:04`), both in the dealership's time zone (`DisplayTime`).
enum RefusalTime {
    static func text(_ date: Date) -> String { DisplayTime.text(date) }
}
