import Foundation
import KiteDomain
import KiteUI

extension KiteApplication {
    /// A box asking why (a cancelled trip, a car taken off, a seller's refusal): one required
    /// line of at most 500 characters; an empty one is named in the box and nothing closes.
    func askReason(title: String, label: String, then: @escaping @MainActor (String) -> Void) {
        let language = self.language
        let dialog = FormDialog(title: title, fields: [FormField(bind: "reason", label: label, required: true, maxLength: 500)],
                                values: ["reason": ""], language: language)
        formDialog(dialog) { values in
            let reason = values["reason"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if reason.isEmpty {
                dialog.showIssues([.error("reason", ru: "Причина: обязательное поле", en: "Reason: required")])
                return false
            }
            then(reason)
            return true
        }
    }
}
