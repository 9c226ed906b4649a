import Foundation
import KiteApp
import KiteDomain
import KiteTerminal
@testable import KiteUI
import Testing

@Suite struct KeymapTests {
    let keymapDirs = [repositoryRoot.appendingPathComponent("Keymaps")]

    @Test func shippedKeymapsLoad() throws {
        #expect(Keymap.names(in: keymapDirs).contains("default"))
        for name in Keymap.names(in: keymapDirs) {
            _ = try Keymap.load(name: name, directories: keymapDirs, catalogue: testVocabulary.commands)
        }
    }

    @Test func defaultKeys() throws {
        let k = try Keymap.load(name: "default", directories: keymapDirs, catalogue: testVocabulary.commands)
        #expect(k.command(for: .function(1), in: "list") == "app.help")
        #expect(k.command(for: .function(2), in: "form") == "form.save")
        #expect(k.command(for: .insert, in: "list") == "list.new")
        #expect(k.command(for: .enter, in: "list") == "list.open")
        #expect(k.command(for: .function(4), in: "form") == "form.edit")
        #expect(k.command(for: .character("/"), in: "list") == "list.filter")
        #expect(k.command(for: .character(":"), in: "list") == "app.command")
        #expect(k.command(for: .escape, in: "list") == "app.back")
        #expect(k.command(for: .function(10), in: "form") == "app.quit")
        #expect(k.command(for: .control("s"), in: "form") == "form.save")
        #expect(k.command(for: .control("q"), in: "dialog") == nil)  // dialogs inherit nothing
    }

    /// Every command is bound in its home context, and by a key that is not an F-key
    /// (F1–F4 get lost in PuTTY and screen).
    @Test func defaultReachesEveryCommandWithoutFunctionKeys() throws {
        let k = try Keymap.load(name: "default", directories: keymapDirs, catalogue: testVocabulary.commands)
        #expect(k.unreachableCommands().isEmpty)
        for command in testVocabulary.commands.all {
            let keys = k.keys(for: command.name, in: command.context)
            #expect(!keys.isEmpty, "no key for \(command.name) in [\(command.context)]")
            #expect(keys.contains { if case .function = $0 { false } else { true } },
                    "only F-keys for \(command.name): \(keys.map(\.name))")
        }
    }

    @Test func vimExtendsDefault() throws {
        let k = try Keymap.load(name: "vim", directories: keymapDirs, catalogue: testVocabulary.commands)
        #expect(k.command(for: .character("j"), in: "list") == "list.down")
        #expect(k.command(for: .character("G"), in: "list") == "list.bottom")
        #expect(k.command(for: .control("f"), in: "list") == "list.page_down")
        #expect(k.command(for: .character("i"), in: "list") == "list.new")
        #expect(k.command(for: .function(2), in: "form") == "form.save")  // from default
        #expect(k.unreachableCommands().isEmpty)
    }

    @Test func textEntryContextsHaveNoPrintableBindings() throws {
        for name in ["default", "vim"] {
            let k = try Keymap.load(name: name, directories: keymapDirs, catalogue: testVocabulary.commands)
            for context in Keymap.textEntryContexts {
                #expect(!k.bindings(in: context).contains { $0.key.isPrintable })
            }
        }
    }

    @Test func inheritanceAndOverride() throws {
        let k = try Keymap.parse("""
            [global]
            "F1" = "app.help"
            "Esc" = "app.back"
            "C-q" = "app.quit"
            [list]
            inherits = "global"
            "Esc" = "list.clear_filter"
            "q" = "app.quit"
            [form]
            inherits = "global"
            "C-q" = "none"
            """, name: "t")
        #expect(k.command(for: .function(1), in: "list") == "app.help")       // inherited
        #expect(k.command(for: .escape, in: "list") == "list.clear_filter")   // overridden
        #expect(k.command(for: .escape, in: "global") == "app.back")          // parent untouched
        #expect(k.command(for: .control("q"), in: "form") == nil)             // removed
        #expect(k.command(for: .control("q"), in: "list") == "app.quit")
        #expect(k.command(for: .function(1), in: "dialog") == nil)            // no inherits
        let bindings = k.bindings(in: "list")
        #expect(bindings.count == 4)
        #expect(bindings.contains { $0.key == .function(1) && $0.command == "app.help" })
        // Catalogue order, F-keys first within a command.
        #expect(bindings.map(\.command) == ["app.help", "app.quit", "app.quit", "list.clear_filter"])
        #expect(bindings[1].key == .character("q") && bindings[2].key == .control("q"))
    }

    /// The bottom bar comes from the same resolution as the dispatch: what the screen offers.
    @Test func hintsInBothLanguages() throws {
        let k = try Keymap.load(name: "default", directories: keymapDirs, catalogue: testVocabulary.commands)
        let form = ScreenBindings(keymap: k, context: "form") { $0.hasPrefix("form.") }
        let ru = form.hints(language: .ru)
        let en = form.hints(language: .en)
        #expect(ru.first?.key == "F1" && ru.first?.label == "Помощь")
        #expect(en.first?.key == "F1" && en.first?.label == "Help")
        #expect(en.contains { $0.key == "F2" && $0.label == "Save" })
        #expect(ru.contains { $0.key == "F2" && $0.label == "Сохранить" })
        #expect(en.last?.key == "F10" && en.last?.label == "Quit")
        // One key per command, F-keys preferred.
        #expect(Set(en.map(\.label)).count == en.count)
        let list = ScreenBindings(keymap: k, context: "list") { $0.hasPrefix("list.") }.hints(language: .en)
        #expect(list.contains { $0.key == "Ins" && $0.label == "New" })
        #expect(list.contains { $0.key == "F7" && $0.label == "Filter" })
        // Restricted to what a screen offers (app.* always stays).
        let offered = ScreenBindings(keymap: k, context: "list") { $0 == "list.open" }.hints(language: .en)
        #expect(offered.map(\.label) == ["Help", "Open", "Quit"])
        // A command offered but not possible now is still there, dimmed.
        let dimmed = ScreenBindings(keymap: k, context: "list") { $0 == "list.open" }
            .hints(language: .en) { $0 == "list.open" ? LocalizedText(ru: "нет", en: "no") : nil }
        #expect(dimmed.first { $0.label == "Open" }?.isAvailable == false)
    }

    /// A key bound to several commands runs the first one the screen offers, and help lists it
    /// under that one only.
    @Test func sharedKeyRunsTheOfferedCommand() throws {
        let k = try Keymap.load(name: "default", directories: keymapDirs, catalogue: testVocabulary.commands)
        let payment = ScreenBindings(keymap: k, context: "form") { ["finance.confirm", "form.save"].contains($0) }
        #expect(payment.command(for: .function(9)) == "finance.confirm")
        let deal = ScreenBindings(keymap: k, context: "form") { ["deal.stage", "form.save"].contains($0) }
        #expect(deal.command(for: .function(9)) == "deal.stage")
        let vehicle = ScreenBindings(keymap: k, context: "form") { $0 == "form.save" }
        #expect(vehicle.command(for: .function(9)) == nil)
        #expect(!vehicle.entries.contains { $0.command.name == "deal.stage" })
    }

    @Test func hintsPreferFunctionKeys() throws {
        let k = try Keymap.parse("""
            [form]
            "C-s" = "form.save"
            "F2" = "form.save"
            """, name: "t")
        #expect(ScreenBindings(keymap: k, context: "form") { _ in true }.hints(language: .en).map(\.key) == ["F2"])
    }

    // MARK: errors name file and key

    func loadError(_ text: String, extra: [String: String] = [:]) throws -> DefinitionError? {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("Keymaps/default.toml", text)
        for (name, t) in extra { try dir.write("Keymaps/\(name).toml", t) }
        return definitionError {
            _ = try Keymap.load(name: "default", directories: [dir.url.appendingPathComponent("Keymaps")], catalogue: testVocabulary.commands)
        }
    }

    @Test func unknownKeyName() throws {
        let e = try #require(try loadError("[list]\n\"F13\" = \"list.open\"\n"))
        #expect(e.description == #"Keymaps/default.toml: [list] "F13": unknown key name"#)
        #expect(e.path?.hasSuffix("Keymaps/default.toml") == true)
    }

    @Test func unknownCommand() throws {
        let e = try #require(try loadError("[list]\n\"n\" = \"list.nwe\"\n"))
        #expect(e.description == #"Keymaps/default.toml: [list] "n": unknown command "list.nwe""#)
    }

    @Test func unknownContext() throws {
        let e = try #require(try loadError("[lists]\n\"n\" = \"list.new\"\n"))
        #expect(e.file == "Keymaps/default.toml")
        #expect(e.key == "[lists]")
        #expect(e.message.hasPrefix("unknown context"))
    }

    @Test func unknownInheritedContext() throws {
        let e = try #require(try loadError("[list]\ninherits = \"globl\"\n"))
        #expect(e.key == "[list] inherits")
        #expect(e.message == #"unknown context "globl""#)
    }

    @Test func inheritCycle() throws {
        let e = try #require(try loadError("[list]\ninherits = \"form\"\n[form]\ninherits = \"list\"\n"))
        #expect(e.file == "Keymaps/default.toml")
        #expect(e.message.hasPrefix("inherit cycle"))
        #expect(e.key == "[form] inherits" || e.key == "[list] inherits")
    }

    @Test func extendsCycle() throws {
        let e = try #require(try loadError("extends = \"other\"\n", extra: ["other": "extends = \"default\"\n"]))
        #expect(e.key == "extends")
        #expect(e.message.contains("extends cycle"))
    }

    @Test func printableKeyInForm() throws {
        let e = try #require(try loadError("[form]\n\"s\" = \"form.save\"\n"))
        #expect(e.key == #"[form] "s""#)
        #expect(e.message.contains("types text"))
    }

    @Test func printableKeyInheritedIntoForm() throws {
        let e = try #require(try loadError("[global]\n\"?\" = \"app.help\"\n[form]\ninherits = \"global\"\n"))
        #expect(e.key == #"[global] "?""#)
        #expect(e.message.contains("types text in [form], which inherits it from [global]"))
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let e = try #require(try loadError("[list]\n\"n\" = \"list.new\"\n\"q\" = \n"))
        #expect(e.file == "Keymaps/default.toml")
        #expect(e.line == 3)
        #expect(e.description.hasPrefix("Keymaps/default.toml:3: syntax error"))
    }

    @Test func keymapNameIsNotAPath() {
        let e = definitionError { _ = try Keymap.load(name: "../config/kite", directories: keymapDirs, catalogue: testVocabulary.commands) }
        #expect(e?.message.hasPrefix("invalid keymap name") == true)
    }

    @Test func missingKeymap() throws {
        let e = definitionError { _ = try Keymap.load(name: "emacs", directories: keymapDirs, catalogue: testVocabulary.commands) }
        #expect(e?.file == "Keymaps/emacs.toml")
        #expect(e?.message.contains("not found") == true)
    }

    @Test func userKeymapReplacesShipped() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("Keymaps/default.toml", "[list]\n\"x\" = \"list.new\"\n")
        let k = try Keymap.load(name: "default", directories: [dir.url.appendingPathComponent("Keymaps")] + keymapDirs, catalogue: testVocabulary.commands)
        #expect(k.command(for: .character("x"), in: "list") == "list.new")
        #expect(k.command(for: .insert, in: "list") == nil)   // replaced, not merged
    }
}
