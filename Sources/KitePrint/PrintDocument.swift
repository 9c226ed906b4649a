import KiteDomain

/// The names a kind of document lets its templates use: the placeholders, the conditions
/// of `when`, and the fields of its `lines` table. The loader accepts exactly these; the
/// document fills exactly these.
public struct FormVocabulary: Sendable {
    /// A field of the `lines` table: how it is aligned unless the template says, and the
    /// widest figure it can show (nil for text, which wraps).
    public struct Column: Sendable, Hashable {
        public var align: FormTemplate.Alignment
        public var widest: String?

        public init(align: FormTemplate.Alignment, widest: String? = nil) {
            self.align = align
            self.widest = widest
        }
    }

    public var placeholders: Set<String>
    public var conditions: Set<String>
    public var columns: [String: Column]
    /// What the `lines` table lists, for the loader's messages ("the deal's priced lines").
    public var linesName: String

    public init(placeholders: Set<String>, conditions: Set<String>, columns: [String: Column], linesName: String) {
        self.placeholders = placeholders
        self.conditions = conditions
        self.columns = columns
        self.linesName = linesName
    }

    /// Only in `footer`: the page number and the page count.
    public static let pageNames: Set<String> = ["page", "pages"]
}

/// A print form that has a template file and a vocabulary: a deal's forms, a trip's forms.
public protocol TemplateForm: Sendable {
    var templateFileName: String { get }
    var vocabulary: FormVocabulary { get }
}

/// One document ready to be laid out: its placeholders' values, the conditions that hold,
/// and the rows of its `lines` table (cells by field name).
public struct FilledDocument: Sendable, Hashable {
    public var values: [String: String]
    /// Placeholders whose line breaks are kept (a party's requisites, several lines by design).
    public var multiLine: Set<String>
    public var conditions: Set<String>
    public var rows: [[String: String]]

    public init(values: [String: String], multiLine: Set<String> = [], conditions: Set<String> = [],
                rows: [[String: String]] = []) {
        self.values = values
        self.multiLine = multiLine
        self.conditions = conditions
        self.rows = rows
    }

    func holds(_ condition: FormTemplate.Condition?) -> Bool {
        guard let condition else { return true }
        return conditions.contains(condition.name) != condition.negated
    }
}
