import KiteDomain

/// Lays a template out for one document (a deal, a trip, a car's handover): blocks top to bottom, a new page when
/// the next line, table row or signature block does not fit, the table header
/// repeated on each page, and the footer (`{{page}}` of `{{pages}}`) last.
struct FormLayout {
    let template: FormTemplate
    let document: FilledDocument
    let values: [String: String]
    let measurer: any TextMeasuring
    let geometry: PageGeometry

    private var pages: [LaidOutPage] = []
    private var page = LaidOutPage()
    /// The top of the free space on the current page.
    private var cursor: Double
    private let breaker: LineBreaker

    init(template: FormTemplate, deal: PrintableDeal, measurer: any TextMeasuring, geometry: PageGeometry = .a4) {
        self.init(template: template, document: DealPlaceholders.document(for: deal), vocabulary: DealPlaceholders.vocabulary,
                  measurer: measurer, geometry: geometry)
    }

    let vocabulary: FormVocabulary

    init(template: FormTemplate, document: FilledDocument, vocabulary: FormVocabulary, measurer: any TextMeasuring,
         geometry: PageGeometry = .a4) {
        self.template = template
        self.document = document
        self.vocabulary = vocabulary
        // Data never carries layout: a line break typed into a name prints as a space.
        // Only the blocks the document marks (requisites) are several lines by design.
        var values = document.values
        for (name, value) in values {
            // Font coverage first: an emoji with its joiners becomes one mark before the joiners go.
            values[name] = PrintableText.clean(measurer.coverage.map { $0.printable(value) } ?? value,
                                               keepLineBreaks: document.multiLine.contains(name))
        }
        self.values = values
        self.measurer = measurer
        self.geometry = geometry
        self.cursor = geometry.height - geometry.top
        self.breaker = LineBreaker(measurer: measurer)
    }

    private var size: Double { template.fontSize }
    private func leading(_ size: Double) -> Double { size * 1.3 }
    private var cellPadding: Double { 3 }

    /// Every page, footers included.
    mutating func layout() -> [LaidOutPage] {
        let visible = template.blocks.filter { document.holds($0.when) }.map(\.content)
        for (index, content) in visible.enumerated() {
            // A heading never ends a page: it moves on with the start of what it heads.
            if let own = headingHeight(content), index + 1 < visible.count {
                ensure(own + minimumHeight(visible[index + 1]))
            }
            place(content)
        }
        pages.append(page)
        addFooters()
        return pages
    }

    // MARK: - Pages

    private mutating func newPage() {
        pages.append(page)
        page = LaidOutPage()
        cursor = geometry.height - geometry.top
    }

    /// Starts a new page unless `height` fits below the cursor (or the page is still empty).
    private mutating func ensure(_ height: Double) {
        let pageIsEmpty = page.texts.isEmpty && page.lines.isEmpty
        if cursor - height < geometry.bottom && !pageIsEmpty { newPage() }
    }

    private func fill(_ text: String, keepLineBreaks: Bool = true) -> String {
        printable(TemplateText.fill(text, values), keepLineBreaks: keepLineBreaks)
    }

    /// Clean text the fonts can draw: a character they lack becomes a visible mark.
    private func printable(_ text: String, keepLineBreaks: Bool) -> String {
        PrintableText.clean(measurer.coverage.map { $0.printable(text) } ?? text, keepLineBreaks: keepLineBreaks)
    }

    private mutating func text(_ text: String, x: Double, baselineBelow top: Double, style: FontStyle, size: Double) {
        guard !text.isEmpty else { return }
        page.texts.append(PlacedText(text: text, x: x, y: top - size * 0.95, style: style, size: size))
    }

    private func x(for line: String, left: Double, width: Double, align: FormTemplate.Alignment,
                   style: FontStyle, size: Double) -> Double {
        switch align {
        case .left: return left
        case .center: return left + max(0, (width - measurer.width(line, style: style, size: size)) / 2)
        case .right: return left + max(0, width - measurer.width(line, style: style, size: size))
        }
    }

    /// Wrapped text across the text width, breaking pages between lines.
    private mutating func flow(_ content: String, align: FormTemplate.Alignment, style: FontStyle, size: Double) {
        let left = geometry.left
        let width = geometry.textWidth
        for line in breaker.lines(content, style: style, size: size, width: width) {
            ensure(leading(size))
            text(line, x: x(for: line, left: left, width: width, align: align, style: style, size: size),
                 baselineBelow: cursor, style: style, size: size)
            cursor -= leading(size)
        }
    }

    // MARK: - Blocks

    private mutating func place(_ content: FormTemplate.Content) {
        switch content {
        case .heading(let heading):
            let headingSize = size + 2
            cursor -= size * 0.3
            flow(fill(heading), align: .center, style: .bold, size: headingSize)
            cursor -= size * 0.5
        case .paragraph(let paragraph, let align, let bold, let paragraphSize):
            flow(fill(paragraph), align: align, style: bold ? .bold : .regular, size: paragraphSize ?? size)
            cursor -= size * 0.4
        case .fields(let rows, let labelWidth):
            placeFields(rows, labelWidth: labelWidth)
            cursor -= size * 0.4
        case .lines(let columns):
            placeTable(columns)
            cursor -= size * 0.6
        case .totals(let rows):
            placeTotals(rows)
            cursor -= size * 0.4
        case .signatures(let left, let right):
            placeSignatures(left: left, right: right)
        case .space(let height):
            if cursor - height < geometry.bottom { newPage() } else { cursor -= height }
        case .pageBreak:
            newPage()
        }
    }

    /// The height of a heading or a bold paragraph (a section title), nil for other blocks.
    private func headingHeight(_ content: FormTemplate.Content) -> Double? {
        switch content {
        case .heading(let heading):
            let lines = breaker.lines(fill(heading), style: .bold, size: size + 2, width: geometry.textWidth)
            return Double(lines.count) * leading(size + 2) + size * 0.8
        case .paragraph(let paragraph, _, true, let paragraphSize):
            let lines = breaker.lines(fill(paragraph), style: .bold, size: paragraphSize ?? size, width: geometry.textWidth)
            return Double(lines.count) * leading(paragraphSize ?? size)
        default:
            return nil
        }
    }

    /// What must fit under a heading for it to stay on this page: the
    /// signatures whole, two lines of a paragraph, a table's header and a row.
    private func minimumHeight(_ content: FormTemplate.Content) -> Double {
        switch content {
        case .signatures(let left, let right):
            return size + Double(signatureLines(left: left, right: right).count) * leading(size)
        case .paragraph(let paragraph, _, let bold, let paragraphSize):
            let lines = breaker.lines(fill(paragraph), style: bold ? .bold : .regular, size: paragraphSize ?? size,
                                      width: geometry.textWidth)
            return Double(min(lines.count, 2)) * leading(paragraphSize ?? size)
        case .lines:
            return 4 * leading(size) + 4 * cellPadding
        case .fields, .totals, .heading:
            return 2 * leading(size)
        case .space, .pageBreak:
            return 0
        }
    }

    private mutating func placeFields(_ rows: [FormTemplate.Row], labelWidth fraction: Double) {
        let gap = 6.0
        let labelWidth = geometry.textWidth * fraction
        let valueLeft = geometry.left + labelWidth + gap
        let valueWidth = geometry.textWidth - labelWidth - gap
        for row in rows where document.holds(row.when) {
            let style: FontStyle = row.bold ? .bold : .regular
            let labelLines = breaker.lines(fill(row.label), style: style, size: size, width: labelWidth)
            let valueLines = breaker.lines(fill(row.value), style: style, size: size, width: valueWidth)
            let count = max(labelLines.count, valueLines.count)
            ensure(Double(count) * leading(size))
            for (index, line) in labelLines.enumerated() {
                text(line, x: geometry.left, baselineBelow: cursor - Double(index) * leading(size), style: style, size: size)
            }
            for (index, line) in valueLines.enumerated() {
                text(line, x: valueLeft, baselineBelow: cursor - Double(index) * leading(size), style: style, size: size)
            }
            cursor -= Double(count) * leading(size)
        }
    }

    private mutating func placeTotals(_ rows: [FormTemplate.Row]) {
        // The value column holds the largest amount there can be, with a sign, on one line.
        let widest = "−" + DealPlaceholders.money(Money.databaseMaximum)
        let valueWidth = max(geometry.textWidth * 0.25, measurer.width(widest, style: .bold, size: size) + 1)
        let labelWidth = geometry.textWidth * 0.97 - valueWidth
        let labelLeft = geometry.left
        let valueLeft = geometry.textRight - valueWidth
        for row in rows where document.holds(row.when) {
            let style: FontStyle = row.bold ? .bold : .regular
            let labelLines = breaker.lines(fill(row.label), style: style, size: size, width: labelWidth)
            let valueLines = breaker.lines(fill(row.value), style: style, size: size, width: valueWidth)
            let count = max(labelLines.count, valueLines.count)
            ensure(Double(count) * leading(size))
            for (index, line) in labelLines.enumerated() {
                text(line, x: x(for: line, left: labelLeft, width: labelWidth, align: .right, style: style, size: size),
                     baselineBelow: cursor - Double(index) * leading(size), style: style, size: size)
            }
            for (index, line) in valueLines.enumerated() {
                text(line, x: x(for: line, left: valueLeft, width: valueWidth, align: .right, style: style, size: size),
                     baselineBelow: cursor - Double(index) * leading(size), style: style, size: size)
            }
            cursor -= Double(count) * leading(size)
        }
    }

    private var signatureGap: Double { 18 }

    /// Both columns wrapped, the last lines (where the parties sign) on one baseline.
    private func signatureLines(left: [String], right: [String]) -> (left: [String], right: [String], count: Int) {
        let columnWidth = (geometry.textWidth - signatureGap) / 2
        var leftLines = left.flatMap { breaker.lines(fill($0), style: .regular, size: size, width: columnWidth) }
        var rightLines = right.flatMap { breaker.lines(fill($0), style: .regular, size: size, width: columnWidth) }
        let count = max(leftLines.count, rightLines.count)
        // The last lines (where the parties sign) share one baseline.
        func padBeforeLast(_ lines: inout [String]) {
            guard lines.count >= 2, lines.count < count else { return }
            lines.insert(contentsOf: Array(repeating: "", count: count - lines.count), at: lines.count - 1)
        }
        padBeforeLast(&leftLines)
        padBeforeLast(&rightLines)
        return (leftLines, rightLines, count)
    }

    private mutating func placeSignatures(left: [String], right: [String]) {
        let columnWidth = (geometry.textWidth - signatureGap) / 2
        let (leftLines, rightLines, count) = signatureLines(left: left, right: right)
        cursor -= size
        ensure(Double(count) * leading(size))
        for (index, line) in leftLines.enumerated() {
            text(line, x: geometry.left, baselineBelow: cursor - Double(index) * leading(size),
                 style: index == 0 ? .bold : .regular, size: size)
        }
        for (index, line) in rightLines.enumerated() {
            text(line, x: geometry.left + columnWidth + signatureGap, baselineBelow: cursor - Double(index) * leading(size),
                 style: index == 0 ? .bold : .regular, size: size)
        }
        cursor -= Double(count) * leading(size)
    }

    // MARK: - The lines table

    private func cell(_ row: [String: String], _ field: String) -> String {
        printable(row[field] ?? "", keepLineBreaks: false)
    }

    /// The widest figure a column can show (nil for text).
    func widestFigure(_ field: String) -> String? { vocabulary.columns[field]?.widest }

    /// The least width of `field`'s column at `size`, nil for a text column.
    func figureWidth(_ field: String, size: Double) -> Double? {
        // A hair more than the measure: rounding must never push the last digit to a new line.
        widestFigure(field).map { measurer.width($0, style: .regular, size: size) + 2 * cellPadding + 1 }
    }

    func figuresWidth(_ columns: [FormTemplate.Column], size: Double) -> Double {
        columns.compactMap { figureWidth($0.field, size: size) }.reduce(0, +)
    }

    func columnWidths(_ columns: [FormTemplate.Column], size: Double) -> [Double] {
        let total = columns.reduce(0) { $0 + $1.width }
        var widths = columns.map { geometry.textWidth * $0.width / total }
        var fixed = 0.0
        var flexibleShare = 0.0
        for (index, column) in columns.enumerated() {
            if let least = figureWidth(column.field, size: size) {
                widths[index] = max(widths[index], least)
                fixed += widths[index]
            } else {
                flexibleShare += column.width
            }
        }
        guard flexibleShare > 0 else { return widths }
        let left = max(0, geometry.textWidth - fixed)
        for (index, column) in columns.enumerated() where widestFigure(column.field) == nil {
            widths[index] = left * column.width / flexibleShare
        }
        return widths
    }

    /// The table's column edges (x), its text size and each column's alignment.
    private struct TableGeometry {
        var edges: [Double]
        var aligns: [FormTemplate.Alignment]
        var size: Double
    }

    private func wrapRow(_ cells: [String], style: FontStyle, in table: TableGeometry) -> (height: Double, lines: [[String]]) {
        var wrapped: [[String]] = []
        for (index, cell) in cells.enumerated() {
            let width = table.edges[index + 1] - table.edges[index] - 2 * cellPadding
            wrapped.append(breaker.lines(cell, style: style, size: table.size, width: width))
        }
        let lineCount = wrapped.map(\.count).max() ?? 1
        return (Double(lineCount) * leading(table.size) + 2 * cellPadding, wrapped)
    }

    private mutating func drawRow(_ wrapped: [[String]], height: Double, header: Bool, in table: TableGeometry) {
        let top = cursor
        let style: FontStyle = header ? .bold : .regular
        for (index, lines) in wrapped.enumerated() {
            let left = table.edges[index] + cellPadding
            let width = table.edges[index + 1] - table.edges[index] - 2 * cellPadding
            let align: FormTemplate.Alignment = header ? .center : table.aligns[index]
            for (lineIndex, line) in lines.enumerated() {
                let lineX = x(for: line, left: left, width: width, align: align, style: style, size: table.size)
                text(line, x: lineX, baselineBelow: top - cellPadding - Double(lineIndex) * leading(table.size),
                     style: style, size: table.size)
            }
        }
        let bottom = top - height
        let first = table.edges.first!, last = table.edges.last!
        page.lines.append(PlacedLine(x1: first, y1: bottom, x2: last, y2: bottom, width: 0.5))
        if header { page.lines.append(PlacedLine(x1: first, y1: top, x2: last, y2: top, width: 0.5)) }
        for edge in table.edges {
            page.lines.append(PlacedLine(x1: edge, y1: top, x2: edge, y2: bottom, width: 0.5))
        }
        cursor = bottom
    }

    private mutating func placeTable(_ columns: [FormTemplate.Column]) {
        guard !columns.isEmpty else { return }
        // Figures take what they need; when that leaves the text columns too little
        // (a seven-column invoice), the whole table is set a little smaller, down to 7 pt.
        var tableSize = size - 1
        while tableSize > 7, figuresWidth(columns, size: tableSize) > geometry.textWidth * 0.62 { tableSize -= 0.5 }
        var edges = [geometry.left]
        for width in columnWidths(columns, size: tableSize) { edges.append(edges.last! + width) }
        let table = TableGeometry(edges: edges, aligns: columns.map(\.align), size: tableSize)
        let header = wrapRow(columns.map { fill($0.title) }, style: .bold, in: table)
        let rows = document.rows.map { line in wrapRow(columns.map { cell(line, $0.field) }, style: .regular, in: table) }
        // The header never stands alone at the foot of a page.
        ensure(header.height + (rows.first?.height ?? 0))
        drawRow(header.lines, height: header.height, header: true, in: table)
        for row in rows {
            if cursor - row.height < geometry.bottom {
                newPage()
                drawRow(header.lines, height: header.height, header: true, in: table)
            }
            drawRow(row.lines, height: row.height, header: false, in: table)
        }
    }

    // MARK: - Footer

    private mutating func addFooters() {
        guard !template.footer.isEmpty else { return }
        let footerSize = size - 2
        for index in pages.indices {
            var pageValues = values
            pageValues["page"] = String(index + 1)
            pageValues["pages"] = String(pages.count)
            let line = printable(TemplateText.fill(template.footer, pageValues), keepLineBreaks: false)
            let x = x(for: line, left: geometry.left, width: geometry.textWidth, align: .center, style: .regular,
                      size: footerSize)
            pages[index].texts.append(PlacedText(text: line, x: x, y: geometry.footerBaseline, style: .regular,
                                                 size: footerSize))
        }
    }
}
