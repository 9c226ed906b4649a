import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteUI

/// The purchase contract from the appraisal card (F11 / Alt-I, as the deal card prints its
/// forms): through `AppraisalPrinter`, once the seller has accepted or the car is bought.
extension AppraisalEditor {
    func printUnavailable(card: CardScreen<AppraisalEditor>) -> LocalizedText? {
        guard let sheet, sheet.appraisal.id != 0 else { return AppraisalCardText.offerNeedsSave.text }
        if card.isDirty { return AppraisalCardText.printNeedsSave.text }
        let state = sheet.appraisal.state
        guard state == .accepted || state == .bought else {
            return LocalizedText(ru: LocalizedText.fill(AppraisalCardText.printNotNow.text.ru, ["state": state.label.ru]),
                                 en: LocalizedText.fill(AppraisalCardText.printNotNow.text.en, ["state": state.label.en]))
        }
        return nil
    }

    func printContract(card: CardScreen<AppraisalEditor>) {
        let language = app.language
        if let reason = printUnavailable(card: card) {
            app.showError(reason.text(language))
            return
        }
        guard let number = sheet?.appraisal.number else { return }
        app.showMessage(AppraisalCardText.printing(language), role: .status)
        app.database.request(lane: "appraisal.print", { connection in
            try AppraisalPrinter.print(number: number, form: .contract, connection: connection).path
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let path):
                self.app.showMessage(AppraisalCardText.printed(language, ["path": path]))
                self.app.showMessageBox(title: AppraisalCardText.pdfReady(language), text: path)
            case .failure(let error as PrintError):
                self.app.showRefusal(error.message.text(language))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }
}
