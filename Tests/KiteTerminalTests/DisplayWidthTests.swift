import Testing
@testable import KiteTerminal

/// Tests measure with wcwidth, which needs a UTF-8 LC_CTYPE.
func useUTF8Locale() {
    let ok = TerminalLocale.ensureUTF8()
    #expect(ok, "no UTF-8 locale available (C.UTF-8)")
}

@Suite struct DisplayWidthTests {
    init() { useUTF8Locale() }

    @Test func cyrillicIsOneColumnPerLetter() {
        #expect(DisplayWidth.of("Иванов") == 6)
        #expect(DisplayWidth.of("Ж") == 1)
        #expect("ёЁ".displayWidth == 2)
    }

    @Test func cjkAndEmojiAreTwoColumns() {
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("🚗") == 2)
        #expect(DisplayWidth.of("🇷🇺") == 2)
    }

    /// Issue 10 item 28: a name with a ZWJ sequence, combining marks and an emoji
    /// was counted 2 columns narrower than ncurses draws it, and clipped the next column.
    @Test func clustersAreAsWideAsTheyAreDrawn() {
        // A ZWJ sequence is drawn as its parts (no terminal can fuse them without the joiner).
        #expect(DisplayWidth.drawable("👨‍👩‍👧") == "👨👩👧")
        #expect(DisplayWidth.of("👨‍👩‍👧") == 6)
        #expect(DisplayWidth.of("👩‍💻") == 4)
        // Variation selectors and skin tones are left out: ❤ is 1 column, 👍 is 2.
        #expect(DisplayWidth.drawable("❤️👍🏽") == "❤👍")
        #expect(DisplayWidth.of("❤️") == 1)
        #expect(DisplayWidth.of("👍🏽") == 2)
        #expect(DisplayWidth.of("Zoe\u{308}") == 3)
        // Every cluster is the width of what the surface draws for it.
        let name = "Zoe\u{308} 👩‍💻 Jos\u{301}e ❤️ 👍🏽"
        #expect(DisplayWidth.of(name) == DisplayWidth.of(DisplayWidth.drawable(name)))
        let surface = MemorySurface(rows: 1, columns: 30)
        surface.put(DisplayWidth.fit(name, to: 20) + "person", row: 0, column: 0)
        #expect(surface.line(0).hasSuffix(" person"))
    }

    @Test func combiningMarksAreZero() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("И\u{306}") == 1)  // И + combining breve
        #expect(DisplayWidth.of("Cafe\u{301}") == 4)
    }

    @Test func controlsCountZero() {
        #expect(DisplayWidth.of("\u{1b}") == 0)
        #expect(DisplayWidth.of("a\u{7}b") == 2)
    }

    @Test func truncateByColumns() {
        #expect(DisplayWidth.truncate("Иванов Иван", to: 8) == "Иванов…")
        #expect(DisplayWidth.truncate("Иванов Иван", to: 9) == "Иванов И…")
        #expect(DisplayWidth.truncate("Иванов", to: 6) == "Иванов")
        #expect(DisplayWidth.truncate("漢字漢字", to: 6) == "漢字…")   // 4 + 1 columns
        #expect(DisplayWidth.truncate("漢字漢字", to: 5) == "漢字…")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
        #expect(DisplayWidth.truncate("abcdef", to: 1) == "…")
    }

    @Test func padByColumns() {
        #expect(DisplayWidth.pad("Ж", to: 3) == "Ж  ")
        #expect(DisplayWidth.pad("漢", to: 4, alignment: .right) == "  漢")
        #expect(DisplayWidth.pad("ab", to: 6, alignment: .center) == "  ab  ")
        #expect(DisplayWidth.fit("漢字漢字", to: 6).displayWidth == 6)
        #expect(DisplayWidth.fit("Иванов Иван", to: 5, alignment: .right) == "Иван…")
    }
}

@Suite struct SanitizerTests {
    @Test func removesEscapeSequencesAndBell() {
        #expect(Sanitizer.clean("Иван\u{1b}[2J\u{7}ов") == "Иванов")
    }

    @Test func removesOSCAndC1() {
        #expect(Sanitizer.clean("a\u{1b}]0;pwned\u{7}b") == "ab")
        #expect(Sanitizer.clean("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b") == "alinkb")
        #expect(Sanitizer.clean("a\u{9b}31mb\u{85}c") == "abc")
        #expect(Sanitizer.clean("x\u{1b}cy") == "xy")
        #expect(Sanitizer.clean("del\u{7f}ete") == "delete")
    }

    @Test func whitespaceBecomesSpaces() {
        #expect(Sanitizer.clean("a\tb\nc\r\nd") == "a b c d")
    }

    @Test func removesBidiOverrides() {
        #expect(Sanitizer.clean("abc\u{202E}fed\u{202C}") == "abcfed")
        #expect(Sanitizer.clean("\u{2066}x\u{2069}") == "x")
    }

    @Test func leavesNormalTextAlone() {
        let text = "ООО «Ромашка» — 1\u{00A0}250\u{00A0}000 ₽ 漢字 😀"
        #expect(Sanitizer.clean(text) == text)
        #expect(!Sanitizer.needsCleaning(text))
    }
}
