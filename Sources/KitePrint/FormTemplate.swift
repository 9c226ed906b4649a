/// The print forms of a deal; each has its template `config/templates/<form>.toml`.
public enum PrintForm: String, Sendable, Hashable, CaseIterable, TemplateForm {
    /// Договор купли-продажи (ДКП).
    case contract
    /// Счёт на оплату.
    case invoice
    /// Акт приёма-передачи.
    case handover

    public var templateFileName: String { rawValue + ".toml" }
    public var vocabulary: FormVocabulary { DealPlaceholders.vocabulary }
}

/// A print form as data: blocks laid out top to bottom on A4 pages. Texts
/// carry `{{placeholders}}` (see `DealPlaceholders`); the loader has checked
/// every key, placeholder and condition.
public struct FormTemplate: Sendable, Hashable {
    public enum Alignment: String, Sendable, Hashable, CaseIterable {
        case left, center, right
    }

    /// `when = "loan"` shows a block only for a deal with a bank loan; `"!loan"` only without.
    public struct Condition: Sendable, Hashable {
        public var name: String
        public var negated: Bool
    }

    /// One row of a `fields` or `totals` block: a label and its value.
    public struct Row: Sendable, Hashable {
        public var label: String
        public var value: String
        public var bold: Bool
        public var when: Condition?
    }

    /// A column of the lines table: a field of the document's vocabulary.
    public struct Column: Sendable, Hashable {
        public var field: String
        public var title: String
        /// A relative width: the columns share the text width in proportion.
        public var width: Double
        public var align: Alignment
    }

    /// What a column of a deal's lines table shows.
    public enum LineField: String, Sendable, Hashable, CaseIterable {
        case position, description, quantity
        case unitPrice = "unit_price"
        case amount
        case vatRate = "vat_rate"
        case vat

        /// Numbers right-aligned, the position centred, text on the left.
        var defaultAlignment: Alignment {
            switch self {
            case .position: .center
            case .description: .left
            case .quantity, .unitPrice, .amount, .vatRate, .vat: .right
            }
        }
    }

    public enum Content: Sendable, Hashable {
        /// Bold, centred, a little larger.
        case heading(String)
        /// Wrapped text; a line break in the text starts a new line.
        case paragraph(String, align: Alignment, bold: Bool, size: Double?)
        /// Label and value in two columns (the vehicle's data, say).
        case fields([Row], labelWidth: Double)
        /// The document's table: a deal's priced lines, a trip's cars, a car's damages.
        case lines([Column])
        /// Label and amount, right-aligned under the table.
        case totals([Row])
        /// Two columns of lines side by side, kept on one page.
        case signatures(left: [String], right: [String])
        /// Vertical space in points.
        case space(Double)
        case pageBreak
    }

    public struct Block: Sendable, Hashable {
        public var content: Content
        public var when: Condition?
    }

    /// `config/templates/contract.toml`, for messages.
    public var file: String
    /// The PDF's title (shown by viewers) and the first heading unless the blocks have their own.
    public var title: String
    /// Body text size in points.
    public var fontSize: Double
    /// Printed at the bottom of every page; may use `{{page}}` and `{{pages}}`.
    public var footer: String
    public var blocks: [Block]
}
