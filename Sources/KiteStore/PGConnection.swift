import CLibpq
import Foundation
import Logging

/// One libpq connection, confined to one thread (libpq's rule: no two threads
/// use a `PGconn` at once). Deliberately not Sendable: create it on the thread
/// that uses it. Only `cancelToken` may be handed to other threads.
public final class PGConnection {
    private var handle: OpaquePointer
    public let conninfo: String
    public var logger: Logger {
        get { noticeSink.logger }
        set { noticeSink.logger = newValue }
    }
    /// Also called with every notice and warning the server sends (after it is logged);
    /// a screen can show them. Runs on the connection's thread.
    public var onNotice: ((DatabaseNotice) -> Void)? {
        get { noticeSink.handler }
        set { noticeSink.handler = newValue }
    }
    private let noticeSink: NoticeSink
    private var cancelTokenStorage: CancelToken?

    /// Connects with a libpq conninfo string (`host=/tmp port=5432 dbname=kite`
    /// or a `postgresql://` URI). `""` uses the libpq environment: `PGHOST`,
    /// `PGPORT`, `PGDATABASE`, `PGUSER`, `~/.pgpass`, `PGSERVICE`.
    /// Sessions run with `TimeZone=UTC` and `DateStyle=ISO`.
    public init(_ conninfo: String = "", logger: Logger = Logger(label: "kite.store")) throws {
        self.conninfo = conninfo
        noticeSink = NoticeSink(logger: logger)
        guard let connection = PQconnectdb(conninfo) else {
            throw DatabaseError.connectionFailed("libpq could not allocate a connection")
        }
        // libpq's default receiver prints notices on stderr, which under the TUI is the
        // terminal behind ncurses' back; ours logs them. PQreset keeps the receiver.
        PQsetNoticeReceiver(connection, pgNoticeReceiver, Unmanaged.passUnretained(noticeSink).toOpaque())
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw DatabaseError.connectionFailed(message)
        }
        handle = connection
        try configureSession()
    }

    deinit {
        PQfinish(handle)
    }

    /// Where the notices of one connection go; the connection keeps it alive
    /// for as long as libpq may call back with it.
    final class NoticeSink {
        var logger: Logger
        var handler: ((DatabaseNotice) -> Void)?

        init(logger: Logger) {
            self.logger = logger
        }

        func receive(_ notice: DatabaseNotice) {
            let level: Logger.Level = switch notice.severity {
            case "WARNING": .warning
            case "NOTICE": .notice
            case "DEBUG": .debug
            default: .info
            }
            var metadata: Logger.Metadata = ["severity": "\(notice.severity)"]
            if let sqlstate = notice.sqlstate { metadata["sqlstate"] = "\(sqlstate)" }
            logger.log(level: level, "\(notice.message)", metadata: metadata)
            handler?(notice)
        }
    }

    private func configureSession() throws {
        let result = PQexec(handle, "SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET client_encoding = 'UTF8'; SET client_min_messages = 'warning'")
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw DatabaseError.from(result: result, connection: handle)
        }
    }

    // MARK: - State

    /// True while a transaction is open (including a failed one awaiting ROLLBACK).
    public var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// How often the connection was lost and opened again (`reset()`), for the daemon's metrics.
    public private(set) var resets = 0

    /// The server process ID of this session (`pg_backend_pid()`).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// The connection's socket, for `poll()` beside other descriptors
    /// (LISTEN/NOTIFY). Changes after a reconnect; re-read it.
    public var socketDescriptor: Int32 { PQsocket(handle) }

    /// A token other threads can use to cancel the running statement.
    public var cancelToken: CancelToken {
        if let token = cancelTokenStorage { return token }
        let token = CancelToken(connection: handle)
        cancelTokenStorage = token
        return token
    }

    // MARK: - Executing

    /// Runs one statement with its binds (`PQexecParams`).
    ///
    /// When the connection turns out to be lost (server restart, a terminated
    /// backend: CONNECTION_BAD or SQLSTATE class 08/57P0x), it is reset with
    /// `PQreset`. Outside a transaction a statement that `mayRunAgain` (a read,
    /// a session statement, or one marked `idempotent()`) is retried once; any
    /// other statement is not run again, because it may already have been
    /// applied: `.connectionLost` says so and the caller checks. Inside a
    /// transaction nothing is retried (the server rolled it back).
    @discardableResult
    public func execute(_ sql: SQL) throws -> QueryResult {
        try withReconnect(mayRunAgain: sql.mayRunAgain) { try executeOnce(sql) }
    }

    /// Runs trusted SQL text that may hold several statements (`PQexec`, the
    /// simple protocol): migration files. Takes no binds; never run twice.
    public func executeScript(_ text: String) throws {
        _ = try withReconnect(mayRunAgain: false) {
            let result = PQexec(handle, text)
            defer { PQclear(result) }
            try check(result)
            return 0
        }
    }

    private func withReconnect<T>(mayRunAgain: Bool, _ body: () throws -> T) throws -> T {
        // Known lost before anything is sent (an earlier failure): reconnect first.
        if PQstatus(handle) == CONNECTION_BAD { try reset() }
        let wasInTransaction = inTransaction
        do {
            return try body()
        } catch let error as DatabaseError where error.isConnectionLost || PQstatus(handle) == CONNECTION_BAD {
            logger.warning("database connection lost, reconnecting", metadata: ["error": "\(error)"])
            try reset()
            if wasInTransaction {
                throw DatabaseError.connectionLost(
                    "connection to the database was lost inside a transaction; the transaction was rolled back (\(error.message))")
            }
            guard mayRunAgain else {
                throw DatabaseError.connectionLost(
                    "connection to the database was lost while a statement that changes data ran; it was NOT run again, "
                    + "because it may or may not have been applied: check before repeating it (\(error.message))")
            }
            return try body()
        }
    }

    /// Re-establishes the connection (`PQreset`), keeping the cancel token valid.
    public func reset() throws {
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw DatabaseError.connectionLost("cannot reconnect to the database: "
                + String(cString: PQerrorMessage(handle)))
        }
        cancelTokenStorage?.refresh(connection: handle)
        resets += 1
        try configureSession()
    }

    private func executeOnce(_ sql: SQL) throws -> QueryResult {
        let text = sql.text
        let bindings = sql.bindings
        // libpq takes C strings: a NUL would silently cut the value there. Refuse instead.
        if let position = bindings.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw DatabaseError.usage("bind $\(position + 1) holds a NUL character (U+0000), which PostgreSQL text cannot "
                + "store; the value was refused rather than cut short")
        }
        // C copies of the values live until the call has returned.
        let values: [UnsafePointer<CChar>?] = bindings.map { value in
            value.map { UnsafePointer(strdup($0)!) }
        }
        defer {
            for value in values { if let value { free(UnsafeMutablePointer(mutating: value)) } }
        }
        let types: [Oid] = sql.bindTypes.map { Oid($0.oid) }
        let result = values.withUnsafeBufferPointer { buffer in
            types.withUnsafeBufferPointer { typeBuffer in
                PQexecParams(handle, text, Int32(buffer.count), typeBuffer.baseAddress, buffer.baseAddress, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result)
        return QueryResult(copying: result!)
    }

    private func check(_ result: OpaquePointer?) throws {
        guard let result else { throw DatabaseError.from(result: nil, connection: handle) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw DatabaseError.from(result: result, connection: handle)
        }
    }

    // MARK: - Decoding

    /// Every row decoded as `T` (columns matched to properties by name,
    /// `snake_case` columns to `camelCase` properties).
    public func fetch<T: Decodable>(_ type: T.Type, _ sql: SQL,
                                    keys: RowDecoder.KeyStrategy = .convertFromSnakeCase) throws -> [T] {
        let result = try execute(sql)
        return try (0..<result.rowCount).map { row in
            try RowDecoder.decode(type, result: result, row: row, keys: keys)
        }
    }

    /// The first row decoded as `T`, or nil when there is none.
    public func fetchOne<T: Decodable>(_ type: T.Type, _ sql: SQL,
                                       keys: RowDecoder.KeyStrategy = .convertFromSnakeCase) throws -> T? {
        let result = try execute(sql)
        guard result.rowCount > 0 else { return nil }
        return try RowDecoder.decode(type, result: result, row: 0, keys: keys)
    }

    // MARK: - Transactions

    /// Runs `body` inside BEGIN … COMMIT; any throw rolls back and rethrows.
    /// Nested calls use a savepoint.
    public func transaction<T>(_ body: (PGConnection) throws -> T) throws -> T {
        if inTransaction {
            savepointCounter += 1
            let name = "kite_sp_\(savepointCounter)"
            try execute("SAVEPOINT \(raw: name)")
            do {
                let value = try body(self)
                try execute("RELEASE SAVEPOINT \(raw: name)")
                return value
            } catch {
                if inTransaction { _ = try? execute("ROLLBACK TO SAVEPOINT \(raw: name)") }
                throw error
            }
        }
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if inTransaction { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    private var savepointCounter = 0

    // MARK: - LISTEN / NOTIFY

    /// A message received on a channel this connection listens to.
    public struct Notification: Sendable, Hashable {
        public var channel: String
        public var payload: String
        /// The server process that sent it.
        public var senderPID: Int32
    }

    public func listen(_ channel: String) throws {
        try execute(("LISTEN \(identifier: channel)" as SQL).idempotent())
    }

    public func unlisten(_ channel: String) throws {
        try execute(("UNLISTEN \(identifier: channel)" as SQL).idempotent())
    }

    /// `pg_notify(channel, payload)` with both as binds. Not run twice after a
    /// lost connection (a listener would get it twice).
    public func notify(_ channel: String, payload: String = "") throws {
        try execute("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Reads what the socket has (`PQconsumeInput`) and returns the queued
    /// notifications without blocking. Call it when `poll()` reports
    /// `socketDescriptor` readable, and after each statement.
    public func drainNotifications() throws -> [Notification] {
        if PQconsumeInput(handle) == 0 {
            let message = String(cString: PQerrorMessage(handle))
            if PQstatus(handle) == CONNECTION_BAD {
                try reset()
                throw DatabaseError.connectionLost("connection lost while waiting for notifications (\(message.trimmedLibpqMessage)); reconnected, LISTEN again")
            }
            throw DatabaseError.usage(message.trimmedLibpqMessage)
        }
        var notifications: [Notification] = []
        while let pointer = PQnotifies(handle) {
            let notify = pointer.pointee
            notifications.append(Notification(channel: String(cString: notify.relname),
                                              payload: String(cString: notify.extra),
                                              senderPID: notify.be_pid))
            PQfreemem(pointer)
        }
        return notifications
    }

    // MARK: - COPY FROM STDIN

    /// Runs `COPY … FROM STDIN` (text format) and streams `lines` (each one
    /// row, without the newline, fields tab-separated and escaped with
    /// `CopyText.field`) in ~1 MB chunks. Returns the number of rows copied.
    @discardableResult
    public func copyIn(_ sql: SQL, lines: some Sequence<String>) throws -> Int {
        guard sql.bindings.isEmpty else { throw DatabaseError.usage("COPY takes no bind parameters") }
        let start = PQexec(handle, sql.text)
        defer { PQclear(start) }
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start)
            throw DatabaseError.usage("statement is not COPY … FROM STDIN: \(sql.text)")
        }
        let chunkSize = 1 << 20
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkSize + 4096)
        var failure: DatabaseError?
        func flush() {
            guard !buffer.isEmpty, failure == nil else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    PQputCopyData(handle, chars.baseAddress, Int32(chars.count))
                }
            }
            if sent != 1 { failure = .connectionLost(String(cString: PQerrorMessage(handle))) }
            buffer.removeAll(keepingCapacity: true)
        }
        for line in lines {
            buffer.append(contentsOf: line.utf8)
            buffer.append(10)
            if buffer.count >= chunkSize { flush() }
            if failure != nil { break }
        }
        flush()
        PQputCopyEnd(handle, failure == nil ? nil : "client error")
        var final: DatabaseError? = failure
        var copied = 0
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if final == nil {
                final = DatabaseError.from(result: result, connection: handle)
            }
        }
        if let final { throw final }
        return copied
    }
}

/// Text-format COPY escaping.
public enum CopyText {
    /// One field: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    public static func field(_ value: String?) -> String {
        guard let value else { return "\\N" }
        var needsEscape = false
        for byte in value.utf8 where byte == 92 || byte == 9 || byte == 10 || byte == 13 {
            needsEscape = true
            break
        }
        guard needsEscape else { return value }
        var text = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            default: text.unicodeScalars.append(character)
            }
        }
        return text
    }

    /// A row of fields, escaped and tab-separated.
    public static func line(_ fields: [String?]) -> String {
        fields.map(field).joined(separator: "\t")
    }
}

/// A message the server sent beside a result (RAISE NOTICE, a WARNING, a FATAL
/// notice before it closes the connection): never an error of the statement.
public struct DatabaseNotice: Sendable, Hashable {
    /// Untranslated: `WARNING`, `NOTICE`, `INFO`, `LOG`, `DEBUG`, `FATAL`…
    public var severity: String
    public var sqlstate: String?
    public var message: String

    public init(severity: String, sqlstate: String? = nil, message: String) {
        self.severity = severity
        self.sqlstate = sqlstate
        self.message = message
    }
}

/// libpq's notice callback: the argument is the connection's `NoticeSink`.
private func pgNoticeReceiver(_ argument: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let argument, let result else { return }
    func field(_ code: Unicode.Scalar) -> String? {
        guard let pointer = PQresultErrorField(result, Int32(code.value)) else { return nil }
        return String(cString: pointer)
    }
    let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
    let notice = DatabaseNotice(severity: field("V") ?? field("S") ?? "NOTICE", sqlstate: field("C"), message: message)
    Unmanaged<PGConnection.NoticeSink>.fromOpaque(argument).takeUnretainedValue().receive(notice)
}
