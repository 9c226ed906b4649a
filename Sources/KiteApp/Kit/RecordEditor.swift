import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// A record as a card shows it: the record and the labels of its looked-up ids
/// (`customer_id` → `Иванов И. И. · +7…`).
struct CardRecord<Record: Sendable>: Sendable {
    var record: Record
    var labels: [String: String] = [:]
    /// What a save has to add (a discount that now needs approval), shown as a warning.
    var notice: LocalizedText?
}

/// A line a card draws above or below its form.
struct CardLine {
    var text: String
    var role: StyleRole
    var bold = false
    /// Long text continues on the next line (history); otherwise it is cut (totals).
    var wraps = false
}

/// A save refused for one field (a VIN already in stock, a deal number that does not
/// exist): the card shows it under that field and keeps everything typed.
struct FieldRefusal: Error, Sendable {
    var issue: FieldIssue
}

/// The part of a card that differs from card to card: how its record is read, shown,
/// parsed, checked and written, and the commands and panels of its own. Loading,
/// focus, `required` from the TOML, warnings acknowledged by a second F2, the version
/// check, unsaved-changes questions, sections picked by a variant field, check badges
/// and detail tables are `CardScreen`'s.
@MainActor
protocol RecordEditor: AnyObject {
    associatedtype Record: Sendable

    /// `vehicle`, `customer`: for "not found" messages.
    var entity: String { get }
    /// The field whose value picks the sections that apply (`vehicle_type`, `kind`); nil: all.
    var variantField: String? { get }

    /// Reads the stored record (on the database thread); nil when there is none.
    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<Record>?
    /// A new record, as the card opens for it.
    func newRecord() -> CardRecord<Record>
    /// The stored id; nil for a record not saved yet.
    func id(of record: Record) -> Int64?
    /// The form's texts, by bind name.
    func values(of record: Record, isNew: Bool) -> [String: String]
    /// The value of the variant field.
    func variant(of record: Record) -> String
    /// The card is about to show `loaded` in a fresh form (keep what the editor derives from it).
    func willShow(_ loaded: CardRecord<Record>, card: CardScreen<Self>)
    /// The form for the record is on screen (sections to show by state, a field to focus).
    func didShow(card: CardScreen<Self>)
    /// The card is on top again (back from a screen it opened).
    func reappeared(card: CardScreen<Self>)
    /// Whether its records have verification checks (badges and `form.checks`).
    var hasChecks: Bool { get }
    /// The typed values applied to `base`; bad values become issues (the text stays).
    func apply(_ values: [String: String], to base: Record) -> (Record, [FieldIssue])
    /// The domain's rules for what is about to be saved (errors, and warnings that a
    /// second F2 accepts).
    func validate(_ candidate: Record) -> [FieldIssue]
    /// Inserts or updates (with the version check) on the database thread.
    func writer(_ candidate: Record, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<Record>
    /// After a save: the message, the events, whether the card closes.
    func saved(_ stored: CardRecord<Record>, isNew: Bool, card: CardScreen<Self>)

    // Optional parts (defaults below).
    func title(_ record: Record, isNew: Bool, base: String) -> String
    /// The fields that may be edited now; nil: all the TOML allows (a contracted deal: none).
    func editableFields(_ record: Record) -> Set<String>?
    func firstFocus(_ record: Record, isNew: Bool) -> String?
    /// Problems a stored record already has, shown when it opens (they do not block a save).
    func knownIssues(_ record: Record) -> [FieldIssue]
    /// What the check badges are about; nil: no badges.
    func checkSubject(_ record: Record) -> (subject: CheckSubject, id: Int64, name: String)?
    /// Runs before the write (a duplicate search); call `proceed` to write.
    func beforeSave(_ candidate: Record, card: CardScreen<Self>, proceed: @escaping @MainActor () -> Void)
    /// A refusal of the database that belongs to one field.
    func fieldIssue(for error: any Error) -> FieldIssue?
    /// Commands the card offers besides the TOML's (`form.reload`, `form.checks`).
    func extraCommands(card: CardScreen<Self>) -> [String]
    /// Whether a command belongs on the card in the record's state at all (a cancelled
    /// payment has nothing to confirm): offered ones that cannot run just now are
    /// `unavailableReason`'s.
    func offers(_ command: String, card: CardScreen<Self>) -> Bool
    func unavailableReason(_ command: String, card: CardScreen<Self>) -> LocalizedText?
    func perform(_ command: String, card: CardScreen<Self>) -> Bool
    /// Sees keys before the form (a lookup field opening its picker).
    func interceptKey(_ key: Key, card: CardScreen<Self>) -> Bool
    /// After a key changed the form: keep dependent fields in step.
    func valuesChanged(card: CardScreen<Self>)
    /// The focus moved off the field `bind` (by any key): derive what follows from it
    /// (a VIN decoded into the make and the model year).
    func fieldLeft(_ bind: String, card: CardScreen<Self>)
    /// Lines drawn above the form (a deal's state) and below it (totals, history).
    func headerLines(card: CardScreen<Self>) -> [CardLine]
    func footerLines(card: CardScreen<Self>) -> [CardLine]
    func receive(_ event: any ChangeEvent, card: CardScreen<Self>)
    /// The rows of a detail table (`[[details]]` named `name`).
    func detailRows(_ name: String, card: CardScreen<Self>) -> [any ListRow]
    /// A row edited in its dialog: parse `values` and store it at `index` (nil: a new row),
    /// or return the problems by field.
    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<Self>) -> [FieldIssue]
    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<Self>) -> [String: String]
    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<Self>)
    /// Edits of the detail tables not saved yet.
    func detailsDirty(card: CardScreen<Self>) -> Bool
    /// A table whose rows change at once in the database (a trip's cars, by its commands),
    /// not in a row dialog saved with F2: the editor adds (`index` nil) or removes the row
    /// itself. False: the card's row dialog.
    func changesDetailAtOnce(_ name: String) -> Bool
    func addDetailRowAtOnce(_ name: String, card: CardScreen<Self>)
    func removeDetailRowAtOnce(_ name: String, at index: Int, card: CardScreen<Self>)
    /// Enter on a row of such a table (a trip's car: its inspection).
    func openDetailRowAtOnce(_ name: String, at index: Int, card: CardScreen<Self>)
    /// A line the row dialog shows under its fields, kept in step as they are typed (what
    /// a damage code means).
    func detailRowNote(_ name: String, values: [String: String], card: CardScreen<Self>) -> CardLine?
}

extension RecordEditor {
    func willShow(_ loaded: CardRecord<Record>, card: CardScreen<Self>) {}
    func reappeared(card: CardScreen<Self>) {}
    func didShow(card: CardScreen<Self>) {}
    var hasChecks: Bool { false }
    func title(_ record: Record, isNew: Bool, base: String) -> String { base }
    func editableFields(_ record: Record) -> Set<String>? { nil }
    func firstFocus(_ record: Record, isNew: Bool) -> String? { nil }
    func knownIssues(_ record: Record) -> [FieldIssue] { [] }
    func checkSubject(_ record: Record) -> (subject: CheckSubject, id: Int64, name: String)? { nil }
    func beforeSave(_ candidate: Record, card: CardScreen<Self>, proceed: @escaping @MainActor () -> Void) { proceed() }
    func fieldIssue(for error: any Error) -> FieldIssue? { (error as? FieldRefusal)?.issue }
    func extraCommands(card: CardScreen<Self>) -> [String] { [] }
    func offers(_ command: String, card: CardScreen<Self>) -> Bool { true }
    func unavailableReason(_ command: String, card: CardScreen<Self>) -> LocalizedText? { nil }
    func perform(_ command: String, card: CardScreen<Self>) -> Bool { false }
    func interceptKey(_ key: Key, card: CardScreen<Self>) -> Bool { false }
    func valuesChanged(card: CardScreen<Self>) {}
    func fieldLeft(_ bind: String, card: CardScreen<Self>) {}
    func headerLines(card: CardScreen<Self>) -> [CardLine] { [] }
    func footerLines(card: CardScreen<Self>) -> [CardLine] { [] }
    func receive(_ event: any ChangeEvent, card: CardScreen<Self>) {}
    func detailRows(_ name: String, card: CardScreen<Self>) -> [any ListRow] { [] }
    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<Self>) -> [FieldIssue] { [] }
    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<Self>) -> [String: String] { [:] }
    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<Self>) {}
    func detailsDirty(card: CardScreen<Self>) -> Bool { false }
    func changesDetailAtOnce(_ name: String) -> Bool { false }
    func addDetailRowAtOnce(_ name: String, card: CardScreen<Self>) {}
    func removeDetailRowAtOnce(_ name: String, at index: Int, card: CardScreen<Self>) {}
    func openDetailRowAtOnce(_ name: String, at index: Int, card: CardScreen<Self>) {}
    func detailRowNote(_ name: String, values: [String: String], card: CardScreen<Self>) -> CardLine? { nil }
}
