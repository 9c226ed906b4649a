import KiteTerminal
import Testing

@Suite struct KeyNameTests {
    static let names = [
        "F1", "F2", "F10", "F12", "Enter", "Esc", "Tab", "S-Tab", "Backspace", "Del", "Ins",
        "Up", "Down", "Left", "Right", "Home", "End", "PgUp", "PgDn", "C-s", "C-q", "M-x", "M-X",
        "Space", "/", ":", "n", "N", "?", "й", "Ж",
    ]

    @Test(arguments: names) func roundTrips(name: String) throws {
        let key = try #require(Key(name: name))
        #expect(key.name == name)
        #expect(Key(name: key.name) == key)
    }

    @Test func parsesToTheRightKeys() {
        #expect(Key(name: "F2") == .function(2))
        #expect(Key(name: "C-s") == .control("s"))
        #expect(Key(name: "M-x") == .alt("x"))
        #expect(Key(name: "Ins") == .insert)
        #expect(Key(name: "S-Tab") == .backTab)
        #expect(Key(name: "Space") == .character(" "))
        #expect(Key(name: "/") == .character("/"))
        #expect(Key(name: "s") != Key(name: "S"))
    }

    @Test func acceptsCommonSpellings() {
        #expect(Key(name: "Escape") == .escape)
        #expect(Key(name: "Return") == .enter)
        #expect(Key(name: "PageDown") == .pageDown)
        #expect(Key(name: "f5") == .function(5))
        #expect(Key(name: "Ctrl-S") == .control("s"))
        #expect(Key(name: "Alt-x") == .alt("x"))
    }

    @Test(arguments: ["F13", "F0", "F01", "C-", "C-1", "C-ab", "M-", "Hyper-x", "", "ab", "Enterr", "\u{7}"])
    func rejectsUnknownNames(name: String) {
        #expect(Key(name: name) == nil)
    }

    @Test func displayNames() {
        #expect(Key.function(2).displayName == "F2")
        #expect(Key.insert.displayName == "Ins")
        #expect(Key.control("s").displayName == "Ctrl-S")
        #expect(Key.alt("x").displayName == "Alt-x")
        #expect(Key.character("/").displayName == "/")
        #expect(Key.backTab.displayName == "Shift-Tab")
    }

    @Test func printableKeys() {
        #expect(Key.character("n").isPrintable)
        #expect(Key.character(" ").isPrintable)
        #expect(!Key.control("n").isPrintable)
        #expect(!Key.function(1).isPrintable)
    }
}
