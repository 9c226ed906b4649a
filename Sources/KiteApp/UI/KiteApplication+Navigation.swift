import KiteUI

/// Moving between screens: one way for every module.
extension KiteApplication {
    /// Closes every screen above the root list (asking about unsaved work), then runs `then`.
    func goToRoot(then: @escaping @MainActor (KiteApplication) -> Void) {
        while stack.count > 1 {
            if let question = stack.last?.leaveQuestion {
                confirm(question) { [weak self] in
                    guard let self else { return }
                    self.pop(force: true)
                    self.goToRoot(then: then)
                }
                return
            }
            pop(force: true)
        }
        then(self)
    }

    /// A list of `Screens/<name>.toml` on the browser over `source`, pushed on the stack.
    @discardableResult
    func openList<Source: ListSource>(_ name: String, source: (ListScreenDefinition) -> Source, filter: String = "",
                                      pageSize: Int = 100) -> BrowserScreen<Source>? {
        guard let definition = listDefinition(name) else { return nil }
        let browser = BrowserScreen(app: self, definition: definition, source: source(definition), filter: filter,
                                    pageSize: pageSize)
        push(browser)
        return browser
    }

    /// The card of `Screens/<form>.toml` over the editor `editor` makes, pushed on the stack.
    func openCard<Editor: RecordEditor>(_ form: String, id: Int64?, editor: (FormScreenDefinition) -> Editor) {
        guard let definition = formDefinition(form) else { return }
        push(CardScreen(app: self, definition: definition, editor: editor(definition), id: id))
    }

    /// The list of `Screens/<name>.toml`, or a message saying it is missing.
    func listDefinition(_ name: String) -> ListScreenDefinition? {
        guard let definition = environment.screens.list(name) else {
            showError("Screens/\(name).toml is missing")
            return nil
        }
        return definition
    }

    /// The form of `Screens/<name>.toml`, or a message saying it is missing.
    func formDefinition(_ name: String) -> FormScreenDefinition? {
        guard let definition = environment.screens.form(name) else {
            showError("Screens/\(name).toml is missing")
            return nil
        }
        return definition
    }
}
