import Testing
@testable import KiteTerminal
import CNcursesW

@Suite struct MemorySurfaceTests {
    init() { useUTF8Locale() }

    @Test func putClipsByDisplayWidth() {
        let s = MemorySurface(rows: 2, columns: 6)
        #expect(s.put("漢字漢字", row: 0, column: 0) == 6)
        #expect(s.put("abc漢", row: 1, column: 2) == 3)  // 漢 would straddle the edge
        #expect(s.text() == "漢字漢\n  abc")
    }

    @Test func wideCharOverwriteBlanksTheOtherHalf() {
        let s = MemorySurface(rows: 1, columns: 8)
        s.put("漢字漢", row: 0, column: 0)
        s.put("x", row: 0, column: 1)            // right half of 漢
        #expect(s.text() == " x字漢")
        s.put("y", row: 0, column: 2)            // left half of 字
        #expect(s.text() == " xy 漢")
        s.put("字", row: 0, column: 5)           // straddles 漢 (4–5) and the blank at 6
        #expect(s.text() == " xy  字")
        #expect(s.cell(row: 0, column: 6).isContinuation)
    }

    @Test func sanitisesAndKeepsStyles() {
        let s = MemorySurface(rows: 1, columns: 20)
        s.put("Иван\u{1b}[2J\u{7}ов", row: 0, column: 1, style: Style(.error))
        #expect(s.text() == " Иванов")
        #expect(s.styleAt(row: 0, column: 1).role == .error)
        #expect(s.styleAt(row: 0, column: 7).role == .normal)
    }

    @Test func combiningMarkJoinsPreviousCell() {
        let s = MemorySurface(rows: 1, columns: 5)
        #expect(s.put("e\u{301}x", row: 0, column: 0) == 2)
        #expect(s.cell(row: 0, column: 0).text == "e\u{301}")
        #expect(s.cell(row: 0, column: 1).text == "x")
    }

    @Test func maxWidthFillAndCursor() {
        let s = MemorySurface(rows: 2, columns: 10)
        #expect(s.put("abcdef", row: 0, column: 2, style: .normal, maxWidth: 3) == 3)
        s.fill(row: 1, column: 1, width: 4, character: "─", style: Style(.border))
        s.setCursor(row: 1, column: 3)
        #expect(s.text() == "  abc\n ────")
        #expect(s.cursor == CellPosition(row: 1, column: 3))
        s.hideCursor()
        #expect(s.cursor == nil)
    }
}

@Suite struct KeyDecodingTests {
    @Test func characters() {
        #expect(Terminal.decodeCharacter(0x0416) == .character("Ж"))
        #expect(Terminal.decodeCharacter(13) == .enter)
        #expect(Terminal.decodeCharacter(10) == .enter)
        #expect(Terminal.decodeCharacter(127) == .backspace)
        #expect(Terminal.decodeCharacter(8) == .backspace)
        #expect(Terminal.decodeCharacter(9) == .tab)
        #expect(Terminal.decodeCharacter(19) == .control("s"))
        #expect(Terminal.decodeCharacter(27) == .escape)
    }

    @Test func keyCodes() {
        #expect(Terminal.decodeKeyCode(KEY_F0 + 2) == .function(2))
        #expect(Terminal.decodeKeyCode(KEY_BTAB) == .backTab)
        #expect(Terminal.decodeKeyCode(KEY_RESIZE) == .resize)
        #expect(Terminal.decodeKeyCode(KEY_NPAGE) == .pageDown)
        #expect(Terminal.decodeKeyCode(KEY_DC) == .delete)
        #expect(Terminal.decodeKeyCode(KEY_ENTER) == .enter)
    }

    @Test func themesByName() {
        #expect(Theme.named("dark")?.name == "dark")
        #expect(Theme.named("LIGHT")?.name == "light")
        #expect(Theme.named("mono")?.usesColor == false)
        #expect(Theme.named("solarized") == nil)
    }
}
