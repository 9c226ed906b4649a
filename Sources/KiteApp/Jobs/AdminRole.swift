import KiteDomain

/// Who may retry and cancel jobs in the UI: the admin role (employees.role).
/// The database checks its own role, kite_admin, as well (migration 0011).
extension KiteApplication {
    var isAdmin: Bool { roleValue == .admin }

    /// Shows the refusal and returns true unless the user is an admin.
    func refuseUnlessAdmin() -> Bool {
        if isAdmin { return false }
        showError(language == .ru ? "Только для администратора: повторять и отменять задания может роль «администратор»"
                                  : "Admins only: retrying and cancelling jobs need the admin role")
        return true
    }
}
