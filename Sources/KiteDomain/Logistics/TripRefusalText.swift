import Foundation

/// The trip rules' refusals (raised by the database's trip commands, migration 0025),
/// in the person's language, with the values the database names.
public enum TripRefusalText: String, TextKey {
    case tripBayTaken = "trip_bay_taken"
    case tripCapacity = "trip_capacity"
    case tripCarrierMissing = "trip_carrier_missing"
    case tripCrewMissing = "trip_crew_missing"
    case tripDealership = "trip_dealership"
    case tripDriverCarrier = "trip_driver_carrier"
    case tripEmpty = "trip_empty"
    case tripFinished = "trip_finished"
    case tripFull = "trip_full"
    case tripNoTruck = "trip_no_truck"
    case tripNotFound = "trip_not_found"
    case tripReasonRequired = "trip_reason_required"
    case tripReservedDestination = "trip_reserved_destination"
    case tripRouteMissing = "trip_route_missing"
    case tripStage = "trip_stage"
    case tripStopArrived = "trip_stop_arrived"
    case tripStopInUse = "trip_stop_in_use"
    case tripStopNotOnTrip = "trip_stop_not_on_trip"
    case tripStopOrder = "trip_stop_order"
    case tripStopSkipped = "trip_stop_skipped"
    case tripStopsFrozen = "trip_stops_frozen"
    case tripTransferPrice = "trip_transfer_price"
    case tripTruckCarrier = "trip_truck_carrier"
    case tripVehicleElsewhere = "trip_vehicle_elsewhere"
    case tripVehicleNotFound = "trip_vehicle_not_found"
    case tripVehicleNotOnTrip = "trip_vehicle_not_on_trip"
    case tripVehicleStatus = "trip_vehicle_status"
    case logisticsRole = "kite_logistics_role"

    public var text: LocalizedText {
        switch self {
        case .tripBayTaken: LocalizedText(ru: "Место {bay} в рейсе {number} уже занято", en: "Bay {bay} of trip {number} is taken")
        case .tripCapacity: LocalizedText(ru: "Автовоз берёт {capacity} авт.: место {bay} вне его вместимости",
                                          en: "The truck takes {capacity} cars: bay {bay} is beyond its capacity")
        case .tripCarrierMissing: LocalizedText(ru: "У рейса {number} нет перевозчика: сначала выберите его, затем автовоз и водителей",
                                                en: "Trip {number} has no carrier: choose it before its truck and drivers")
        case .tripCrewMissing: LocalizedText(ru: "Рейсу {number} нужны перевозчик, автовоз и водитель", en: "Trip {number} needs a carrier, a truck and a driver")
        case .tripDealership: LocalizedText(ru: "Нет такого дилерского центра", en: "No such dealership")
        case .tripDriverCarrier: LocalizedText(ru: "Водитель работает у другого перевозчика", en: "The driver works for another carrier")
        case .tripEmpty: LocalizedText(ru: "В рейсе {number} нет ни одного автомобиля", en: "Trip {number} has no cars on board")
        case .tripFinished: LocalizedText(ru: "Рейс {number} {stage}: его больше нельзя менять", en: "Trip {number} is {stage}: it can no longer be changed")
        case .tripFull: LocalizedText(ru: "Рейс {number} заполнен: заняты {count} из {capacity} мест",
                                      en: "Trip {number} is full: {count} of {capacity} bays are taken")
        case .tripNoTruck: LocalizedText(ru: "У рейса {number} ещё нет автовоза: выберите его, прежде чем ставить машины",
                                         en: "Trip {number} has no truck yet: choose one before loading cars")
        case .tripNotFound: LocalizedText(ru: "Рейс не найден", en: "The trip was not found")
        case .tripReasonRequired: LocalizedText(ru: "Укажите причину", en: "Give the reason")
        case .tripReservedDestination: LocalizedText(ru: "Автомобиль {stock_number} в резерве: он может ехать только в дилерский центр своей сделки",
                                                     en: "Vehicle {stock_number} is reserved: it may travel only to its deal's dealership")
        case .tripRouteMissing: LocalizedText(ru: "В маршруте рейса {number} нужны хотя бы две точки", en: "Trip {number} needs at least two stops")
        case .tripStage: LocalizedText(ru: "Рейс {number} {stage}: {action} нельзя", en: "Trip {number} is {stage}: cannot {action}")
        case .tripStopArrived: LocalizedText(ru: "Рейс {number} уже прибыл на точку {position}", en: "Trip {number} already arrived at stop {position}")
        case .tripStopInUse: LocalizedText(ru: "На этой точке забирают или выгружают машины: сначала измените их", en: "Cars are picked up or dropped at this stop: change them first")
        case .tripStopNotOnTrip: LocalizedText(ru: "Точка не из маршрута рейса {number}", en: "The stop is not on trip {number}")
        case .tripStopOrder: LocalizedText(ru: "Точка выгрузки должна идти после точки погрузки", en: "The drop stop must come after the pickup stop")
        case .tripStopSkipped: LocalizedText(ru: "На более ранней точке рейса {number} ещё есть машины к выгрузке",
                                             en: "Cars are still to be dropped at an earlier stop of trip {number}")
        case .tripStopsFrozen: LocalizedText(ru: "Рейс уже отправлен: маршрут не меняется (кроме ETA)", en: "The trip has left: its route no longer changes (except ETAs)")
        case .tripTransferPrice: LocalizedText(ru: "Цена передачи: не меньше нуля", en: "Transfer price: not below zero")
        case .tripTruckCarrier: LocalizedText(ru: "Автовоз принадлежит другому перевозчику", en: "The truck belongs to another carrier")
        case .tripVehicleElsewhere: LocalizedText(ru: "Автомобиль {stock_number} уже в рейсе {number}", en: "Vehicle {stock_number} is already on trip {number}")
        case .tripVehicleNotFound: LocalizedText(ru: "Автомобиль не найден", en: "The vehicle was not found")
        case .tripVehicleNotOnTrip: LocalizedText(ru: "Этого автомобиля нет в рейсе {number}", en: "The car is not on trip {number}")
        case .tripVehicleStatus: LocalizedText(ru: "Автомобиль {stock_number} — {status}: перевозят только заказанные, на складе, на предпродажной подготовке или в резерве",
                                               en: "Vehicle {stock_number} is {status}: only an ordered, in-stock, in-preparation or reserved car travels")
        case .logisticsRole: LocalizedText(ru: "Рейсы и перевозчиков меняет только логист (роль kite_logistics) или администратор",
                                           en: "Only logistics (role kite_logistics) or an admin changes trips and carriers")
        }
    }

    /// What `trip_lock` was asked to do, for «{action} нельзя».
    public static func action(_ code: String) -> LocalizedText {
        switch code {
        case "take cars": LocalizedText(ru: "ставить машины", en: "take cars")
        case "give up cars": LocalizedText(ru: "снимать машины", en: "give up cars")
        case "start loading": LocalizedText(ru: "начать погрузку", en: "start loading")
        case "depart": LocalizedText(ru: "отправить", en: "depart")
        case "arrive": LocalizedText(ru: "отметить прибытие", en: "arrive")
        case "close": LocalizedText(ru: "закрыть", en: "close")
        case "be cancelled": LocalizedText(ru: "отменить", en: "be cancelled")
        default: LocalizedText(ru: code, en: code)
        }
    }
}
