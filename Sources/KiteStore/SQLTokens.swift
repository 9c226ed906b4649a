/// The words of a statement, outside string literals, quoted identifiers,
/// dollar-quoted bodies and comments, each lower-cased and marked when
/// called (`name(`) or when it names a type (`::numeric(14,2)`).
struct SQLTokens {
    struct Word {
        var name: String
        var isCalled = false
        var isTypeName = false
    }

    private(set) var words: [Word] = []
    /// Statements separated by `;` that hold any word.
    private(set) var statementCount = 0

    /// Words that continue a type name after `::` (`::double precision`).
    private static let multiWordTypes: Set<String> = ["double", "character", "timestamp", "time", "with",
                                                       "without", "varying", "bit", "zone"]

    init(_ text: String) {
        let s = Array(text.unicodeScalars)
        func isWordScalar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c == "_" || c == "$" || ("0"..."9").contains(c)
        }
        var i = 0
        var inType = false
        var wordsInStatement = 0
        var lastWord: Int?
        func skipQuoted(_ quote: Unicode.Scalar, backslash: Bool) {
            i += 1
            while i < s.count {
                if backslash && s[i] == "\\" { i += 2; continue }
                if s[i] == quote {
                    if i + 1 < s.count && s[i + 1] == quote { i += 2; continue }
                    i += 1
                    return
                }
                i += 1
            }
        }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if c.properties.isWhitespace {
                i += 1
            } else if c == "-" && next == "-" {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else if c == "/" && next == "*" {
                var depth = 0
                repeat {
                    if i + 1 < s.count && s[i] == "/" && s[i + 1] == "*" { depth += 1; i += 2 }
                    else if i + 1 < s.count && s[i] == "*" && s[i + 1] == "/" { depth -= 1; i += 2 }
                    else { i += 1 }
                } while depth > 0 && i < s.count
            } else if c == "'" {
                // E'…' (a word `e` right before the quote) takes backslash escapes.
                let escaped = lastWord.map { words[$0].name == "e" } ?? false && i > 0 && isWordScalar(s[i - 1])
                skipQuoted("'", backslash: escaped)
                lastWord = nil
                inType = false
            } else if c == "\"" {
                // A quoted name: a call of it is never known to be read-only.
                skipQuoted("\"", backslash: false)
                words.append(Word(name: "\"quoted\"", isTypeName: inType))
                wordsInStatement += 1
                lastWord = words.count - 1
            } else if c == "$", let next, !("0"..."9").contains(next) {
                // $tag$ … $tag$ (or $$ … $$): a body, skipped whole.
                var end = i + 1
                while end < s.count && s[end] != "$" && isWordScalar(s[end]) { end += 1 }
                guard end < s.count, s[end] == "$" else { i = end; continue }
                let tag = Array(s[i...end])
                var j = end + 1
                while j + tag.count <= s.count && Array(s[j..<(j + tag.count)]) != tag { j += 1 }
                i = min(s.count, j + tag.count)
                lastWord = nil
                inType = false
            } else if isWordScalar(c) && !("0"..."9").contains(c) && c != "$" {
                var end = i
                while end < s.count && isWordScalar(s[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(s[i..<end])).lowercased()
                words.append(Word(name: name, isTypeName: inType))
                wordsInStatement += 1
                lastWord = words.count - 1
                if inType && !Self.multiWordTypes.contains(name) { inType = false }
                i = end
            } else if c == "(" {
                if let lastWord { words[lastWord].isCalled = true }
                lastWord = nil
                inType = false
                i += 1
            } else if c == ":" && next == ":" {
                inType = true
                lastWord = nil
                i += 2
            } else if c == ";" {
                if wordsInStatement > 0 { statementCount += 1 }
                wordsInStatement = 0
                lastWord = nil
                inType = false
                i += 1
            } else {
                // `schema.name(`: the last part is the word that is called.
                if c != "." { lastWord = nil; inType = false }
                i += 1
            }
        }
        if wordsInStatement > 0 { statementCount += 1 }
    }
}
