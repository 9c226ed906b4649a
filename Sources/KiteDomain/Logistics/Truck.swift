import Foundation

/// A carrier's car carrier (автовоз): its plate, its trailer's, how many cars it takes.
public struct Truck: Sendable, Hashable {
    public var id: Int64 = 0
    public var carrierID: Int64 = 0
    public var plate = ""
    public var trailerPlate = ""
    public var capacity = 8
    public var model = ""
    public var active = true
    public var version = 0
    public var updatedAt = Date(timeIntervalSince1970: 0)
    public var updatedBy = ""

    public init() {}

    public init(carrierID: Int64, plate: String, trailerPlate: String = "", capacity: Int, model: String = "") {
        self.carrierID = carrierID
        self.plate = plate
        self.trailerPlate = trailerPlate
        self.capacity = capacity
        self.model = model
    }

    /// The most cars any truck takes (a European trailer's 9–10, with room to spare);
    /// the database checks the same.
    public static let maxCapacity = 12
    public static let maxModelLength = 100

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if carrierID == 0 {
            issues.append(.error("carrier_id", ru: "Перевозчик: обязательное поле", en: "Carrier: required"))
        }
        issues += RegistrationPlate.validate(plate, kind: .vehicle, field: "plate")
        if !trailerPlate.isEmpty { issues += RegistrationPlate.validate(trailerPlate, kind: .trailer, field: "trailer_plate") }
        if !(1...Self.maxCapacity).contains(capacity) {
            issues.append(.error("capacity", ru: "Вместимость: от 1 до \(Self.maxCapacity) автомобилей",
                                 en: "Capacity: 1 to \(Self.maxCapacity) cars"))
        }
        if model.unicodeScalars.count > Self.maxModelLength {
            issues.append(.error("model", ru: "Не длиннее \(Self.maxModelLength) знаков", en: "At most \(Self.maxModelLength) characters"))
        }
        return issues
    }
}

/// A carrier's driver: whom to call and the licence the waybill names.
public struct Driver: Sendable, Hashable {
    public var id: Int64 = 0
    public var carrierID: Int64 = 0
    public var fullName = ""
    public var phone = ""
    public var licenceNumber = ""
    public var active = true
    public var version = 0
    public var updatedAt = Date(timeIntervalSince1970: 0)
    public var updatedBy = ""

    public init() {}

    public init(carrierID: Int64, fullName: String, phone: String = "", licenceNumber: String) {
        self.carrierID = carrierID
        self.fullName = fullName
        self.phone = phone
        self.licenceNumber = licenceNumber
    }

    public static let maxNameLength = 200

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if carrierID == 0 {
            issues.append(.error("carrier_id", ru: "Перевозчик: обязательное поле", en: "Carrier: required"))
        }
        let name = fullName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty {
            issues.append(.error("full_name", ru: "ФИО: обязательное поле", en: "Full name: required"))
        } else if name.unicodeScalars.count > Self.maxNameLength {
            issues.append(.error("full_name", ru: "Не длиннее \(Self.maxNameLength) знаков", en: "At most \(Self.maxNameLength) characters"))
        }
        if !phone.isEmpty { issues += PhoneNumber.validate(phone) }
        issues += DrivingLicence.validate(licenceNumber)
        return issues
    }
}
