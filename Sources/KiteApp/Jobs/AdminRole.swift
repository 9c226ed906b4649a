import KiteDomain

/// Who may retry and cancel jobs in the UI: the admin role (employees.role).
/// The database checks its own role, kite_admin, as well (migration 0011).
extension KiteApplication {
    var isAdmin: Bool { roleValue == .admin }
}
