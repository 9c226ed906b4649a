import CLibpq

/// The rows of one statement, copied out of the `PGresult` (which is cleared
/// at once), so a result is a plain Sendable value that can cross threads.
public struct QueryResult: Sendable {
    public let columnNames: [String]
    /// Row-major cell text; `nil` is SQL NULL.
    private let cells: [String?]
    /// Rows changed by INSERT/UPDATE/DELETE/COPY (`PQcmdTuples`), else 0.
    public let affectedRows: Int
    /// The command tag: `INSERT 0 1`, `SELECT 50`.
    public let commandTag: String

    public var rowCount: Int { columnNames.isEmpty ? 0 : cells.count / columnNames.count }
    public var columnCount: Int { columnNames.count }

    init(columnNames: [String], cells: [String?], affectedRows: Int, commandTag: String) {
        self.columnNames = columnNames
        self.cells = cells
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }

    init(copying result: OpaquePointer) {
        let rows = Int(PQntuples(result))
        let columns = Int(PQnfields(result))
        var names: [String] = []
        names.reserveCapacity(columns)
        for column in 0..<columns {
            names.append(String(cString: PQfname(result, Int32(column))))
        }
        var cells: [String?] = []
        cells.reserveCapacity(rows * columns)
        for row in 0..<rows {
            for column in 0..<columns {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    cells.append(nil)
                } else {
                    cells.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
        }
        self.columnNames = names
        self.cells = cells
        self.affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        self.commandTag = String(cString: PQcmdStatus(result))
    }

    /// The index of a column by name, or nil.
    public func columnIndex(_ name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    public func isNull(row: Int, column: Int) -> Bool {
        cells[row * columnNames.count + column] == nil
    }

    /// The text of a cell; nil when NULL.
    public func string(row: Int, column: Int) -> String? {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "cell out of range")
        return cells[row * columnNames.count + column]
    }

    public func string(row: Int, column name: String) -> String? {
        guard let column = columnIndex(name) else { return nil }
        return string(row: row, column: column)
    }
}
