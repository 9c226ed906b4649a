import KiteUI

/// What floats above the screens and takes the keys while it is open.
@MainActor
enum Overlay {
    case help(HelpOverlay)
    case confirm(ConfirmDialog, onYes: @MainActor () -> Void, onNo: (@MainActor () -> Void)? = nil)
    case message(MessageBox)
    case commandLine(CommandLineView)
    case picker(ChoicePicker, onChoose: @MainActor (String) -> Void)
    case lookup(LookupPicker, onOutcome: @MainActor (LookupPicker.Outcome) -> Void)
    /// `onSubmit` returns true when it took the values (the dialog closes).
    case form(FormDialog, onSubmit: @MainActor ([String: String]) -> Bool)
}
