import Foundation
import Synchronization

/// Which characters a TrueType font has glyphs for, read from its `cmap` table
/// (a Unicode subtable of format 4 or 12). A character the font lacks would print
/// as `?` or as nothing the reader notices; the forms replace it visibly instead.
public struct FontCoverage: Sendable {
    private var ranges: [ClosedRange<UInt32>]

    /// The visible mark for a character the font has no glyph for.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    public init(ranges: [ClosedRange<UInt32>]) {
        self.ranges = ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Reads the font file; nil when it is not a TrueType font with a Unicode cmap.
    public init?(fontFile path: String) {
        guard let data = FileManager.default.contents(atPath: path), let ranges = Self.cmapRanges(Array(data)) else { return nil }
        self.init(ranges: ranges)
    }

    /// What both the regular and the bold font draw (read once per file and cached).
    public static func drawable(by fonts: FontFiles) -> FontCoverage? {
        guard let regular = cached(fonts.regular), let bold = cached(fonts.bold) else { return nil }
        return regular.intersection(bold)
    }

    private static let cache = Mutex<[String: FontCoverage]>([:])

    private static func cached(_ path: String) -> FontCoverage? {
        if let known = cache.withLock({ $0[path] }) { return known }
        guard let read = FontCoverage(fontFile: path) else { return nil }
        cache.withLock { $0[path] = read }
        return read
    }

    /// The characters both cover.
    public func intersection(_ other: FontCoverage) -> FontCoverage {
        var result: [ClosedRange<UInt32>] = []
        var i = 0, j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            let low = max(a.lowerBound, b.lowerBound), high = min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return FontCoverage(ranges: result)
    }

    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        var low = 0, high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if scalar.value < range.lowerBound { high = middle - 1 } else if scalar.value > range.upperBound { low = middle + 1 } else { return true }
        }
        return false
    }

    /// Scalars that never need a glyph of their own: format characters (joiners,
    /// marks of direction), variation selectors, white space and controls (the
    /// forms turn those into spaces first).
    static func needsNoGlyph(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return category == .format || category == .control || scalar.properties.isWhitespace
            || (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// Whether the font can draw `character` (every scalar of the cluster that needs a glyph).
    public func canDraw(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { Self.needsNoGlyph($0) || contains($0) }
    }

    /// `text` with each character the font cannot draw replaced by U+FFFD (one per
    /// character as a reader sees it: an emoji with its joiners is one mark), or left
    /// out when the font lacks U+FFFD as well.
    public func printable(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ Self.needsNoGlyph($0) || contains($0) }) else { return text }
        let mark = contains(Self.replacement) ? String(Self.replacement) : ""
        var result = ""
        for character in text { result += canDraw(character) ? String(character) : mark }
        return result
    }

    /// The characters of `text` the font cannot draw, each once, in order.
    public func missing(in text: String) -> [Character] {
        var seen: [Character] = []
        for character in text where !canDraw(character) && !seen.contains(character) { seen.append(character) }
        return seen
    }

    // MARK: - cmap

    private static func u16(_ b: [UInt8], _ at: Int) -> UInt32? {
        at + 2 <= b.count ? UInt32(b[at]) << 8 | UInt32(b[at + 1]) : nil
    }

    private static func u32(_ b: [UInt8], _ at: Int) -> UInt32? {
        guard let high = u16(b, at), let low = u16(b, at + 2) else { return nil }
        return high << 16 | low
    }

    static func cmapRanges(_ b: [UInt8]) -> [ClosedRange<UInt32>]? {
        guard let tableCount = u16(b, 4) else { return nil }
        var cmap: Int?
        for index in 0..<Int(tableCount) {
            let record = 12 + index * 16
            guard let tag = u32(b, record), let offset = u32(b, record + 8) else { return nil }
            if tag == 0x636D_6170 { cmap = Int(offset) }  // "cmap"
        }
        guard let cmap, let subtableCount = u16(b, cmap + 2) else { return nil }
        var format4: Int?, format12: Int?
        for index in 0..<Int(subtableCount) {
            let record = cmap + 4 + index * 8
            guard let platform = u16(b, record), let encoding = u16(b, record + 2), let offset = u32(b, record + 4),
                  let format = u16(b, cmap + Int(offset)) else { continue }
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            guard unicode else { continue }
            if format == 12 { format12 = cmap + Int(offset) }
            if format == 4 { format4 = cmap + Int(offset) }
        }
        if let start = format12, let groups = u32(b, start + 12) {
            var ranges: [ClosedRange<UInt32>] = []
            for index in 0..<Int(groups) {
                let group = start + 16 + index * 12
                guard let first = u32(b, group), let last = u32(b, group + 4), first <= last else { return nil }
                ranges.append(first...last)
            }
            return ranges
        }
        if let start = format4, let doubled = u16(b, start + 6) {
            let segments = Int(doubled / 2)
            let ends = start + 14, starts = ends + Int(doubled) + 2
            let deltas = starts + Int(doubled), rangeOffsets = deltas + Int(doubled)
            var ranges: [ClosedRange<UInt32>] = []
            for index in 0..<segments {
                guard let last = u16(b, ends + index * 2), let first = u16(b, starts + index * 2),
                      let delta = u16(b, deltas + index * 2), let rangeOffset = u16(b, rangeOffsets + index * 2),
                      first <= last, first != 0xFFFF else { continue }
                if rangeOffset == 0 {
                    // Every code maps to (code + delta) mod 65536; glyph 0 is "no glyph".
                    var runStart: UInt32?
                    for code in first...last {
                        let glyph = (code + delta) & 0xFFFF
                        if glyph != 0 { if runStart == nil { runStart = code } } else if let s = runStart { ranges.append(s...(code - 1)); runStart = nil }
                    }
                    if let s = runStart { ranges.append(s...last) }
                } else {
                    var runStart: UInt32?
                    for code in first...last {
                        let at = rangeOffsets + index * 2 + Int(rangeOffset) + Int(code - first) * 2
                        let glyph = u16(b, at) ?? 0
                        if glyph != 0 { if runStart == nil { runStart = code } } else if let s = runStart { ranges.append(s...(code - 1)); runStart = nil }
                    }
                    if let s = runStart { ranges.append(s...last) }
                }
            }
            return ranges
        }
        return nil
    }
}
