import Foundation
import KiteDomain

/// What the phones' API reads and writes of an appraisal beyond the TUI's card: its UUID,
/// the phone's and the server's times per record, the offer's version, check results,
/// photos and the sync cursor (migration 0046). Row-level security applies as for the TUI:
/// the API runs these as the person.
extension AppraisalRepository {
    /// A checklist answer with the phone's and the server's time.
    public struct TimedAnswer: Sendable, Hashable, Decodable {
        public var itemCode: String
        public var answer: ChecklistAnswer
        public var severity: Int?
        public var note: String
        public var happenedAt: Date?
        public var receivedAt: Date
    }

    public struct TimedPaint: Sendable, Hashable, Decodable {
        public var panel: String
        public var microns: Int
        public var happenedAt: Date?
        public var receivedAt: Date
    }

    /// The latest result of each check on the appraisal.
    public struct CheckRow: Sendable, Hashable, Decodable {
        public var checkName: String
        public var status: String
        public var details: String
        public var checkedAt: Date
    }

    /// Complete photos: how many, of which kinds.
    public struct PhotoSummary: Sendable, Hashable, Decodable {
        public var count: Int
        public var kinds: [String]
    }

    public struct Seller: Sendable, Hashable, Decodable {
        public var id: Int64
        public var name: String
        public var phone: String
    }

    /// Everything the phone shows of an appraisal.
    public struct PhoneView: Sendable, Hashable {
        public var appraisal: Appraisal
        public var seller: Seller
        public var offerVersion: Int
        public var answers: [TimedAnswer]
        public var paint: [TimedPaint]
        public var checks: [CheckRow]
        public var photos: PhotoSummary
    }

    public func get(clientID: String) throws -> Appraisal? {
        try connection.fetchOne(Appraisal.self, "SELECT \(fragment: Appraisal.selectList) FROM appraisals WHERE client_id = \(clientID)::uuid")
    }

    /// How many times the offer was made or changed (the phone's answer names this number).
    public func offerVersion(appraisalID: Int64) throws -> Int {
        try connection.fetchOne(Int.self, """
            SELECT count(*)::int FROM appraisal_events WHERE appraisal_id = \(appraisalID) AND event IN ('offered', 'approval_requested')
            """) ?? 0
    }

    public func phoneView(_ appraisal: Appraisal) throws -> PhoneView {
        let id = appraisal.id
        let seller = try connection.fetchOne(Seller.self, "SELECT id, name, phone FROM customers WHERE id = \(appraisal.sellerID)")
            ?? Seller(id: appraisal.sellerID, name: "", phone: "")
        let answers = try connection.fetch(TimedAnswer.self, """
            SELECT item_code, answer, severity, note, happened_at, received_at FROM appraisal_answers
             WHERE appraisal_id = \(id) ORDER BY item_code
            """)
        let paint = try connection.fetch(TimedPaint.self, """
            SELECT panel, microns, happened_at, received_at FROM appraisal_paint WHERE appraisal_id = \(id) ORDER BY panel
            """)
        let checks = try connection.fetch(CheckRow.self, """
            SELECT DISTINCT ON (check_name) check_name, status, details, checked_at FROM check_results
             WHERE subject_kind = 'appraisal' AND subject_id = \(id)
             ORDER BY check_name, checked_at DESC, id DESC
            """)
        return PhoneView(appraisal: appraisal, seller: seller, offerVersion: try offerVersion(appraisalID: id),
                         answers: answers, paint: paint, checks: checks, photos: try photoSummary(appraisalID: id))
    }

    public func photoSummary(appraisalID: Int64) throws -> PhotoSummary {
        struct Row: Decodable { var count: Int; var kinds: String }
        let row = try connection.fetchOne(Row.self, """
            SELECT count(*)::int AS count, coalesce(array_to_json(array_agg(DISTINCT kind ORDER BY kind))::text, '[]') AS kinds
              FROM appraisal_photos WHERE appraisal_id = \(appraisalID) AND complete
            """)
        let kinds = (try? JSONDecoder().decode([String].self, from: Data((row?.kinds ?? "[]").utf8))) ?? []
        return PhotoSummary(count: row?.count ?? 0, kinds: kinds)
    }

    /// Records answers as the phone gave them, with its time (others stay).
    public func saveAnswers(appraisalID: Int64, _ answers: [AppraisalAnswer], happenedAt: Date?, actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                for a in answers {
                    try connection.execute("""
                        INSERT INTO appraisal_answers (appraisal_id, item_code, answer, severity, note, happened_at)
                        VALUES (\(appraisalID), \(a.itemCode), \(a.answer), \(a.severity?.rawValue), \(a.note.trimmingCharacters(in: .whitespaces)), \(happenedAt))
                        ON CONFLICT (appraisal_id, item_code) DO UPDATE
                           SET answer = EXCLUDED.answer, severity = EXCLUDED.severity, note = EXCLUDED.note,
                               happened_at = EXCLUDED.happened_at
                        """)
                }
                try connection.execute("UPDATE appraisals SET version = version + 1, updated_at = now(), updated_by = \(actor) WHERE id = \(appraisalID)")
            }
        }
    }

    public func savePaint(appraisalID: Int64, _ readings: [PaintReading], happenedAt: Date?, actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                for r in readings {
                    try connection.execute("""
                        INSERT INTO appraisal_paint (appraisal_id, panel, microns, happened_at) VALUES (\(appraisalID), \(r.panel), \(r.microns), \(happenedAt))
                        ON CONFLICT (appraisal_id, panel) DO UPDATE SET microns = EXCLUDED.microns, happened_at = EXCLUDED.happened_at
                        """)
                }
                try connection.execute("UPDATE appraisals SET version = version + 1, updated_at = now(), updated_by = \(actor) WHERE id = \(appraisalID)")
            }
        }
    }

    /// The seller's answer to the offer the phone saw (`offerVersion`): refused with
    /// `offer_changed` when the back office changed the offer since (the conflict rule,
    /// README). The appraisal's row is locked first, so an offer made at the same moment
    /// waits or is waited for.
    public func answer(appraisalID: Int64, accepted: Bool, reason: String, seenOfferVersion: Int, actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                _ = try connection.fetchOne(Int64.self, "SELECT id FROM appraisals WHERE id = \(appraisalID) FOR UPDATE")
                let current = try offerVersion(appraisalID: appraisalID)
                if current != seenOfferVersion {
                    throw AppraisalRefusal(code: "offer_changed", values: ["seen": String(seenOfferVersion), "current": String(current)])
                }
                try connection.execute("SELECT appraisal_answer(\(appraisalID), \(accepted), \(reason), \(actor))")
            }
        }
    }

    /// The conflict rule's refusal, kept in the audit log where the back office sees it.
    public func recordRefusedAnswer(appraisalID: Int64, details: [String: String], actor: String) throws {
        try AuditLog.append(connection, entity: "appraisal", id: appraisalID, action: "answer_refused_offer_changed",
                            actor: actor, data: "\(details)")
    }

    // MARK: sync

    /// The caller's appraisals changed since `cursor` (nil: open ones and those changed in
    /// 30 days), and the cursor to send next time.
    public func changedForMe(since cursor: UInt64?) throws -> (appraisals: [Appraisal], cursor: String) {
        // The cursor is taken first: a later statement's snapshot sees at least as much.
        let next = try connection.fetchOne(String.self, "SELECT kite_sync_cursor()") ?? "0"
        let rows: [Appraisal]
        if let cursor {
            rows = try connection.fetch(Appraisal.self, """
                SELECT \(fragment: Appraisal.selectList) FROM appraisals
                 WHERE appraiser_login = kite_login()
                   AND id IN (SELECT appraisal_id FROM appraisal_changes WHERE changed_xid >= \(String(cursor))::xid8)
                 ORDER BY id
                """)
        } else {
            rows = try connection.fetch(Appraisal.self, """
                SELECT \(fragment: Appraisal.selectList) FROM appraisals
                 WHERE appraiser_login = kite_login()
                   AND (state IN ('draft', 'offered', 'awaiting_approval', 'approved', 'accepted') OR updated_at > now() - interval '30 days')
                 ORDER BY id
                """)
        }
        return (rows, next)
    }
}
