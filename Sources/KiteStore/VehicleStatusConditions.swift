import KiteDomain

/// The vehicle-status rules of KiteDomain as SQL conditions: the statuses come
/// from the enum and travel as one bound `text[]`, never spelled out in SQL text.
extension SQL {
    /// `VehicleStatus.isActive` on `statusColumn`: neither delivered nor written off.
    /// Written as `<> ALL`, which is how PostgreSQL reads the `NOT IN` of the
    /// one-active-vehicle-per-VIN index (`vehicles_active_vin_key`).
    public static func vehicleIsActive(_ statusColumn: String = "status") -> SQL {
        "\(raw: statusColumn) <> ALL(\(VehicleStatus.inactive.map(\.rawValue))::text[])"
    }
}
