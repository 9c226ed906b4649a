import KiteUI

/// What floats above the screens and takes the keys while it is open.
@MainActor
enum Overlay {
    case help(HelpOverlay)
    case confirm(ConfirmDialog, onYes: @MainActor () -> Void)
    case message(MessageBox)
    case commandLine(CommandLineView)
    case picker(ChoicePicker, onChoose: @MainActor (String) -> Void)
}
