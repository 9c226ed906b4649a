import Foundation

/// One payment document of a `1CClientBankExchange` file.
public struct BankStatementDocument: Sendable, Hashable {
    /// The section's kind: `Платежное поручение`, `Банковский ордер`, …
    public var kind: String
    public var number: String
    /// The document's own date (`Дата`): the payer's date, used in the idempotency key.
    public var date: CivilDate
    /// When the money reached the account (`ДатаПоступило`), for incoming documents.
    public var creditedDate: CivilDate?
    /// When the money left the account (`ДатаСписано`), for outgoing documents.
    public var debitedDate: CivilDate?
    public var amount: Money
    public var payerName: String
    public var payerINN: String
    public var payerKPP: String
    public var payerAccount: String
    public var payeeName: String
    public var payeeINN: String
    public var payeeKPP: String
    public var payeeAccount: String
    /// `НазначениеПлатежа`, or its numbered lines joined with spaces.
    public var purpose: String
    /// Every `Ключ=Значение` of the section as read (the last value wins).
    public var fields: [String: String]
    /// 1-based lines of `СекцияДокумент=` and `КонецДокумента`.
    public var firstLine: Int
    public var lastLine: Int

    /// `1c|2026-03-10|123|150000.00|7707083893`: date, number without
    /// leading zeros, amount, payer's INN. Two imports of the same document
    /// give the same key, so the store can skip duplicates.
    public var idempotencyKey: String {
        ClientBankExchange.idempotencyKey(date: date, number: number, amount: amount, payerINN: payerINN)
    }

    /// The kind as the document names itself (`Платежное поручение`, `Банковский ордер`,
    /// `Мемориальный ордер`); `Документ` when the section has none.
    public var kindName: String {
        let trimmed = kind.trimmingWhitespace()
        return trimmed.isEmpty ? "Документ" : trimmed
    }

    /// Deal numbers named in the purpose text.
    public var dealNumbers: [DealNumber] { DealNumber.all(in: purpose) }

    /// The one deal number in the purpose, if exactly one is named.
    public var dealNumber: DealNumber? { DealNumber.unique(in: purpose) }

    /// Incoming when the payee's account is ours, outgoing when the payer's
    /// is; `nil` when neither (or both) is one of `ourAccounts`.
    public func direction(ourAccounts: Set<String>) -> PaymentDirection? {
        let incoming = ourAccounts.contains(payeeAccount)
        let outgoing = ourAccounts.contains(payerAccount)
        if incoming == outgoing { return nil }
        return incoming ? .incoming : .outgoing
    }
}

public struct BankStatementProblem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The first line is not `1CClientBankExchange`.
        case missingHeader
        /// A line that is neither `Ключ=Значение` nor a section marker.
        case garbageLine
        /// A document without its `КонецДокумента` (a new section or the end came first).
        case unterminatedSection
        /// A document whose number, date or amount is missing or unreadable.
        case unrecognisedDocument
        /// The file has no `КонецФайла` (it may be cut short).
        case missingEndOfFile
    }

    public var kind: Kind
    /// 1-based line where the problem starts, and where it ends (a section).
    public var line: Int
    public var lastLine: Int
    /// The offending line, or the section's first line.
    public var text: String
    public var message: LocalizedText
}

public struct ClientBankExchangeFile: Sendable, Hashable {
    public enum Encoding: String, Sendable, Hashable {
        case utf8
        case windows1251
        case cp866
    }

    public var encoding: Encoding
    /// Header keys before the first section (`ВерсияФормата`, `Кодировка`, `ДатаНачала`, …).
    public var header: [String: String]
    /// `РасчСчет` values of the header: the accounts the statement is for.
    public var accounts: [String]
    /// Recognised documents, in file order, duplicates included.
    public var documents: [BankStatementDocument]
    public var problems: [BankStatementProblem]

    /// Splits documents into those to import and those whose key is already
    /// in `knownKeys` or appeared earlier in this file.
    public func partitioned(knownKeys: Set<String> = []) -> (new: [BankStatementDocument], duplicates: [BankStatementDocument]) {
        var seen = knownKeys
        var new: [BankStatementDocument] = []
        var duplicates: [BankStatementDocument] = []
        for document in documents {
            if seen.insert(document.idempotencyKey).inserted {
                new.append(document)
            } else {
                duplicates.append(document)
            }
        }
        return (new, duplicates)
    }
}

/// Reader of the 1C "Client bank exchange" text format (`1CClientBankExchange`),
/// the file every Russian bank exports statements in.
public enum ClientBankExchange {
    public static func idempotencyKey(date: CivilDate, number: String, amount: Money, payerINN: String) -> String {
        let trimmed = number.trimmingWhitespace()
        let withoutZeros = trimmed.drop { $0 == "0" }
        let normalizedNumber = withoutZeros.isEmpty && !trimmed.isEmpty ? "0" : String(withoutZeros)
        return "1c|\(date.isoText)|\(normalizedNumber)|\(amount.decimalString)|\(payerINN.removingTypedSpaces())"
    }

    /// UTF-8 when the bytes are valid UTF-8 (a BOM is dropped); otherwise
    /// Windows-1251, or CP866 when that reading finds the format's markers
    /// and the Windows one does not.
    public static func decode(_ data: Data) -> (text: String, encoding: ClientBankExchangeFile.Encoding) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        let windows = CyrillicCodePage.windows1251.decode(bytes)
        if markerScore(windows) > 0 { return (windows, .windows1251) }
        let dos = CyrillicCodePage.cp866.decode(bytes)
        if markerScore(dos) > 0 { return (dos, .cp866) }
        return (windows, .windows1251)
    }

    private static func markerScore(_ text: String) -> Int {
        ["СекцияДокумент=", "КонецДокумента", "Кодировка=", "КонецФайла"].reduce(0) { $0 + (text.contains($1) ? 1 : 0) }
    }

    public static func parse(data: Data) -> ClientBankExchangeFile {
        let (text, encoding) = decode(data)
        var file = parse(text: text)
        file.encoding = encoding
        return file
    }

    public static func parse(text: String) -> ClientBankExchangeFile {
        var header: [String: String] = [:]
        var accounts: [String] = []
        var documents: [BankStatementDocument] = []
        var problems: [BankStatementProblem] = []

        enum Place { case header, accountSection, document(kind: String, start: Int, startText: String, fields: [(String, String)]), afterEnd }
        var place = Place.header
        var sawEndOfFile = false
        var sawAnySection = false
        var sawFirstLine = false

        // Split on \r\n, \n or \r; Swift treats \r\n as one Character.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var lastLineNumber = 0

        func problem(_ kind: BankStatementProblem.Kind, _ line: Int, _ lastLine: Int, _ text: String, ru: String, en: String) {
            problems.append(BankStatementProblem(kind: kind, line: line, lastLine: lastLine, text: text,
                                                 message: LocalizedText(ru: ru, en: en)))
        }

        func garbage(_ number: Int, _ line: String) {
            problem(.garbageLine, number, number, line, ru: "Строка \(number): не распознана: «\(line)»",
                    en: "Line \(number): not recognised: '\(line)'")
        }

        func finishDocument(kind: String, start: Int, startText: String, fields: [(String, String)], end: Int) {
            switch makeDocument(kind: kind, fields: fields, firstLine: start, lastLine: end) {
            case .success(let document):
                documents.append(document)
            case .failure(let list):
                let reasons = list.reasons
                problem(.unrecognisedDocument, start, end, startText,
                        ru: "Строки \(start)–\(end): документ «\(kind)» не распознан: " + reasons.map(\.ru).joined(separator: "; "),
                        en: "Lines \(start)–\(end): document '\(kind)' not recognised: " + reasons.map(\.en).joined(separator: "; "))
            }
        }

        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = String(rawLine).trimmingWhitespace()
            if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty { continue }
            lastLineNumber = number

            if !sawFirstLine {
                sawFirstLine = true
                if line == "1CClientBankExchange" { continue }
                problem(.missingHeader, number, number, line,
                        ru: "Строка \(number): нет заголовка 1CClientBankExchange — это не файл обмена с банком?",
                        en: "Line \(number): no 1CClientBankExchange header — not a bank exchange file?")
            }

            let separator = line.firstIndex(of: "=")
            let key = separator.map { String(line[..<$0]).trimmingWhitespace() } ?? line
            let value = separator.map { String(line[line.index(after: $0)...]).trimmingWhitespace() } ?? ""

            if case .afterEnd = place {
                garbage(number, line)
                continue
            }

            switch key {
            case "СекцияДокумент" where separator != nil:
                sawAnySection = true
                if case .document(let kind, let start, let startText, _) = place {
                    problem(.unterminatedSection, start, number - 1, startText,
                            ru: "Строки \(start)–\(number - 1): документ «\(kind)» без КонецДокумента, пропущен",
                            en: "Lines \(start)–\(number - 1): document '\(kind)' has no КонецДокумента, skipped")
                }
                place = .document(kind: value, start: number, startText: line, fields: [])
            case "КонецДокумента" where separator == nil:
                if case .document(let kind, let start, let startText, let fields) = place {
                    finishDocument(kind: kind, start: start, startText: startText, fields: fields, end: number)
                    place = .header
                } else {
                    garbage(number, line)
                }
            case "СекцияРасчСчет" where separator == nil:
                sawAnySection = true
                if case .document(let kind, let start, let startText, _) = place {
                    problem(.unterminatedSection, start, number - 1, startText,
                            ru: "Строки \(start)–\(number - 1): документ «\(kind)» без КонецДокумента, пропущен",
                            en: "Lines \(start)–\(number - 1): document '\(kind)' has no КонецДокумента, skipped")
                }
                place = .accountSection
            case "КонецРасчСчет" where separator == nil:
                if case .accountSection = place { place = .header } else { garbage(number, line) }
            case "КонецФайла" where separator == nil:
                if case .document(let kind, let start, let startText, _) = place {
                    problem(.unterminatedSection, start, number - 1, startText,
                            ru: "Строки \(start)–\(number - 1): документ «\(kind)» без КонецДокумента, пропущен",
                            en: "Lines \(start)–\(number - 1): document '\(kind)' has no КонецДокумента, skipped")
                }
                sawEndOfFile = true
                place = .afterEnd
            default:
                guard separator != nil, !key.isEmpty, !key.contains(" ") else {
                    garbage(number, line)
                    continue
                }
                switch place {
                case .header:
                    if sawAnySection {
                        // Key=value between sections belongs to nothing.
                        garbage(number, line)
                    } else {
                        header[key] = value
                        if key == "РасчСчет" && !value.isEmpty { accounts.append(value) }
                    }
                case .accountSection:
                    break // balances of the account: not needed for payments
                case .document(let kind, let start, let startText, var fields):
                    fields.append((key, value))
                    place = .document(kind: kind, start: start, startText: startText, fields: fields)
                case .afterEnd:
                    break
                }
            }
        }

        if case .document(let kind, let start, let startText, _) = place {
            problem(.unterminatedSection, start, lastLineNumber, startText,
                    ru: "Строки \(start)–\(lastLineNumber): документ «\(kind)» без КонецДокумента, пропущен",
                    en: "Lines \(start)–\(lastLineNumber): document '\(kind)' has no КонецДокумента, skipped")
        }
        if !sawFirstLine {
            problem(.missingHeader, 1, 1, "", ru: "Файл пуст", en: "The file is empty")
        }
        if !sawEndOfFile {
            problem(.missingEndOfFile, max(1, lastLineNumber), max(1, lastLineNumber), "",
                    ru: "Нет строки КонецФайла: файл, возможно, обрезан", en: "No КонецФайла line: the file may be cut short")
        }
        problems.sort { ($0.line, $0.lastLine) < ($1.line, $1.lastLine) }
        return ClientBankExchangeFile(encoding: .utf8, header: header, accounts: accounts, documents: documents, problems: problems)
    }

    private static func makeDocument(kind: String, fields list: [(String, String)], firstLine: Int,
                                     lastLine: Int) -> Result<BankStatementDocument, ReasonList> {
        var fields: [String: String] = [:]
        for (key, value) in list { fields[key] = value }
        var reasons: [LocalizedText] = []
        let number = fields["Номер"] ?? ""
        if number.isEmpty { reasons.append(LocalizedText(ru: "нет номера (Номер)", en: "no number (Номер)")) }
        let date = CivilDate.parseRussian(fields["Дата"] ?? "")
        if date == nil {
            reasons.append(LocalizedText(ru: "неверная дата (Дата=\(fields["Дата"] ?? ""))", en: "invalid date (Дата=\(fields["Дата"] ?? ""))"))
        }
        var amount: Money?
        if let text = fields["Сумма"], let parsed = try? Money(databaseText: text), parsed > .zero, parsed <= .databaseMaximum {
            amount = parsed
        } else {
            reasons.append(LocalizedText(ru: "неверная сумма (Сумма=\(fields["Сумма"] ?? ""))", en: "invalid amount (Сумма=\(fields["Сумма"] ?? ""))"))
        }
        guard let date, let amount, reasons.isEmpty else { return .failure(ReasonList(reasons: reasons)) }

        func first(_ keys: String...) -> String {
            for key in keys { if let value = fields[key], !value.isEmpty { return value } }
            return ""
        }
        var purpose = fields["НазначениеПлатежа"] ?? ""
        if purpose.isEmpty {
            purpose = (1...6).compactMap { fields["НазначениеПлатежа\($0)"] }.filter { !$0.isEmpty }.joined(separator: " ")
        }
        return .success(BankStatementDocument(
            kind: kind, number: number, date: date,
            creditedDate: CivilDate.parseRussian(fields["ДатаПоступило"] ?? ""),
            debitedDate: CivilDate.parseRussian(fields["ДатаСписано"] ?? ""), amount: amount,
            payerName: first("Плательщик", "Плательщик1"), payerINN: first("ПлательщикИНН"),
            payerKPP: first("ПлательщикКПП"), payerAccount: first("ПлательщикСчет", "ПлательщикРасчСчет"),
            payeeName: first("Получатель", "Получатель1"), payeeINN: first("ПолучательИНН"),
            payeeKPP: first("ПолучательКПП"), payeeAccount: first("ПолучательСчет", "ПолучательРасчСчет"),
            purpose: purpose, fields: fields, firstLine: firstLine, lastLine: lastLine))
    }

    struct ReasonList: Error {
        var reasons: [LocalizedText]
    }
}
