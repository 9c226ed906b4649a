import Foundation
import KiteDomain

/// What `kite import bank-statement` did with a 1C statement.
public struct BankStatementImportReport: Sendable {
    public struct Imported: Sendable, Hashable {
        public var document: BankStatementDocument
        public var paymentID: Int64
        /// The deal matched by the number in the purpose text, if any.
        public var dealNumber: String?
        public var direction: PaymentDirection = .incoming
        /// Without a deal, whether the money is a customer's and so needs one before it is
        /// confirmed: every incoming payment, and an outgoing one to a customer's INN (a
        /// refund). An outgoing tax, bank fee or supplier payment needs none.
        public var needsDeal: Bool = false
    }

    public struct Skipped: Sendable, Hashable {
        public var document: BankStatementDocument
        public var reason: LocalizedText
    }

    public var encoding: ClientBankExchangeFile.Encoding
    /// New pending payments, in file order.
    public var imported: [Imported] = []
    /// Documents whose idempotency key was already in the journal (or earlier in the file).
    public var duplicates: [BankStatementDocument] = []
    /// Recognised documents that were not imported, with the reason.
    public var skipped: [Skipped] = []
    /// Lines and sections the parser could not read.
    public var problems: [BankStatementProblem] = []

    public var matched: [Imported] { imported.filter { $0.dealNumber != nil } }
    /// Imported without a deal although they need one.
    public var unmatched: [Imported] { imported.filter { $0.dealNumber == nil && $0.needsDeal } }
    /// Imported without a deal, needing none (taxes, bank fees, suppliers).
    public var withoutDealNeeded: [Imported] { imported.filter { $0.dealNumber == nil && !$0.needsDeal } }
}

/// Loads a parsed 1C statement into the journal as pending bank transfers.
public struct BankStatementImporter {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Each document becomes a pending `bank_transfer` payment: incoming when
    /// the payee's account is one of ours, outgoing when the payer's is.
    /// A deal number named in the purpose links it to that deal (its
    /// dealership, kind `payment`/`refund`); otherwise it stays unassigned
    /// (`other_in`/`other_out`) in `dealershipID` with the payer/payee as the
    /// counterparty. Duplicates by idempotency key are skipped and counted.
    /// One transaction: a failure imports nothing.
    public func importStatement(_ file: ClientBankExchangeFile, dealershipID: Int64, actor: String,
                                extraAccounts: Set<String> = []) throws -> BankStatementImportReport {
        var report = BankStatementImportReport(encoding: file.encoding, problems: file.problems)
        let ourAccounts = Set(file.accounts).union(extraAccounts)
        try connection.transaction { connection in
            let payments = PaymentRepository(connection: connection)
            for document in file.documents {
                guard let direction = document.direction(ourAccounts: ourAccounts) else {
                    report.skipped.append(.init(document: document, reason: Self.refusal(document, ourAccounts: ourAccounts)))
                    continue
                }
                // A cancelled or closed deal takes only a refund (payments_deal_open): money coming
                // in for it waits unassigned, for finance to decide.
                let deal = try document.dealNumber.flatMap { try payments.deal(number: $0.formatted) }.flatMap { pick in
                    DealStage(rawValue: pick.stage)?.takesPayment(direction == .incoming ? .payment : .refund) == false ? nil : pick
                }
                let kind: PaymentKind = deal == nil
                    ? (direction == .incoming ? .otherIncoming : .otherOutgoing)
                    : (direction == .incoming ? .payment : .refund)
                let partyName = direction == .incoming ? document.payerName : document.payeeName
                let partyINN = direction == .incoming ? document.payerINN : document.payeeINN
                var party = partyName.trimmingCharacters(in: .whitespaces)
                if party.isEmpty { party = partyINN.isEmpty ? "не указан" : "ИНН \(partyINN)" }
                let date = (direction == .incoming ? document.creditedDate : document.debitedDate) ?? document.date
                // The document's own kind, as the bank wrote it (Платежное поручение, Банковский ордер, …).
                let reference = "\(document.kindName) №\(document.number) от \(document.date.russianText)"
                var needsDeal = direction == .incoming
                if direction == .outgoing, deal == nil, !document.payeeINN.isEmpty {
                    needsDeal = try connection.fetchOne(Bool.self,
                        "SELECT EXISTS (SELECT 1 FROM customers WHERE inn = \(document.payeeINN.filter { !$0.isWhitespace }))") ?? false
                }
                let id = try connection.fetchOne(Int64.self, """
                    INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id,
                        counterparty, purpose, document_ref, idempotency_key, created_by, updated_by)
                    VALUES (\(deal?.dealershipID ?? dealershipID), \(direction), \(kind), 'bank_transfer', \(document.amount),
                        \(date), \(deal?.id), \(party), \(document.purpose), \(reference), \(document.idempotencyKey),
                        \(actor), \(actor))
                    ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                    RETURNING id
                    """)
                guard let id else {
                    report.duplicates.append(document)
                    continue
                }
                try connection.execute("""
                    INSERT INTO audit_log (entity, entity_id, action, actor, data)
                    VALUES ('payment', \(id), 'import', \(actor), jsonb_build_object('idempotency_key', \(document.idempotencyKey)::text))
                    """)
                report.imported.append(.init(document: document, paymentID: id, dealNumber: deal?.number, direction: direction,
                                             needsDeal: needsDeal))
            }
        }
        return report
    }

    /// Why a document is not ours to import, naming the accounts compared.
    static func refusal(_ document: BankStatementDocument, ourAccounts: Set<String>) -> LocalizedText {
        func shown(_ account: String) -> String { account.isEmpty ? "—" : account }
        let payer = shown(document.payerAccount), payee = shown(document.payeeAccount)
        let ours = ourAccounts.sorted().joined(separator: ", ")
        if ourAccounts.isEmpty {
            return LocalizedText(
                ru: "в выписке нет нашего счёта (РасчСчет в заголовке или --account): сравнить счета плательщика \(payer) и получателя \(payee) не с чем",
                en: "the statement names no account of ours (РасчСчет in the header, or --account): nothing to compare the payer's account \(payer) and the payee's \(payee) with")
        }
        if ourAccounts.contains(document.payerAccount) && ourAccounts.contains(document.payeeAccount) {
            return LocalizedText(
                ru: "перевод между нашими счетами \(payer) → \(payee): внутренний перевод не приход и не расход, в журнал платежей не вносится",
                en: "a transfer between our own accounts \(payer) → \(payee): an internal transfer is neither income nor expense and is not entered in the payment journal")
        }
        return LocalizedText(
            ru: "ни счёт плательщика \(payer), ни счёт получателя \(payee) не наш (наши: \(ours))",
            en: "neither the payer's account \(payer) nor the payee's \(payee) is ours (ours: \(ours))")
    }
}
