import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Рейсы on the browser: newest first, live (LISTEN `trips`); filters by text, stage,
/// late ones and those arriving today (in the dealership's time zone).
@MainActor
final class TripListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    var stage: TripStage?
    var lateOnly = false
    var arrivingToday = false
    /// Only the trips of the person's dealerships (opened from the home screen, as its tiles count).
    var callersDealershipsOnly = false
    let time = TripTime()

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
    }

    private func filter(_ text: String) -> TripFilter {
        var filter = TripFilter(text: text, stages: stage.map { [$0] } ?? [], lateOnly: lateOnly,
                                arrivingBetween: arrivingToday ? time.day(of: Date()) : nil)
        filter.callersDealershipsOnly = callersDealershipsOnly
        return filter
    }

    func reader(_ request: PageRequest<TripListRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [TripListRow])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        let filter = filter(text), time = time
        return { connection in
            let now = Date()
            return try TripRepository(connection: connection).list(filter, offset: skip, limit: limit)
                .map { TripListRow(trip: $0, now: now, time: time) }
        }
    }

    var chips: [String] {
        let language = app.language
        var parts = [LogisticsText.stageChip(language, ["stage": stage?.label.text(language) ?? LogisticsText.chipAll(language)])]
        if lateOnly { parts.append(LogisticsText.chipLate(language)) }
        if arrivingToday { parts.append(LogisticsText.chipToday(language)) }
        if callersDealershipsOnly { parts.append(LogisticsHomeText.myDealerships(language)) }
        return parts
    }

    var emptyMessage: LocalizedText { LogisticsText.noTrips.text }

    func open(_ row: TripListRow, in browser: BrowserScreen<TripListSource>) {
        app.openCard(form ?? "trip", id: row.trip.id) { _ in TripEditor(app: self.app) }
    }

    func openNew(in browser: BrowserScreen<TripListSource>) {
        app.openCard(form ?? "trip", id: nil) { _ in TripEditor(app: self.app) }
    }

    func perform(_ command: String, selected: TripListRow?, in browser: BrowserScreen<TripListSource>) -> Bool {
        let language = app.language
        switch command {
        case "trips.late": lateOnly.toggle()
        case "trips.today": arrivingToday.toggle()
        case "trips.filter_stage":
            var choices = [ChoicePicker.Choice(value: "", label: LogisticsText.allStages(language))]
            choices += TripStage.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: LogisticsText.showStage(language), choices: choices,
                                  selectedValue: stage?.rawValue ?? "")) { [weak self, weak browser] value in
                self?.stage = TripStage(rawValue: value)
                browser?.reload()
            }
            return true
        default: return false
        }
        browser.reload()
        return true
    }

    func clearFilters() {
        stage = nil
        lateOnly = false
        arrivingToday = false
        callersDealershipsOnly = false
    }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<TripListSource>) -> Bool { event is TripChanged }
}

/// A line of the trips list.
struct TripListRow: ListRow {
    var trip: TripRow
    var now: Date
    var time: TripTime

    var rowID: Int64 { trip.id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "number": .text(trip.number)
        case "stage": .label(trip.stage.label)
        case "route": .text([trip.origin, trip.destination].filter { !$0.isEmpty }.joined(separator: " → "))
        case "load": .text(trip.load.text)
        case "next_eta": trip.nextETA.map { .text(time.short($0)) } ?? .none
        case "late": trip.minutesLate(at: now).map { .label(TripTime.duration(minutes: $0)) } ?? .text("")
        case "carrier": .text(trip.carrierName)
        case "truck": .text(trip.truckPlate)
        case "planned_departure": trip.plannedDeparture.map { .text(time.short($0)) } ?? .none
        case "price": trip.price.map { .money($0) } ?? .none
        default: .none
        }
    }
}

/// A trip changed (LISTEN `trips`, payload `id:stage`).
public struct TripChanged: ChangeEvent, Hashable {
    public var id: Int64
}
