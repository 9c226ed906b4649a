import Foundation
import KiteDomain
import KiteStore

/// `kite export trips`: every trip, newest first, for Russian Excel (UTF-8 with BOM, `;`,
/// times in the dealership's zone as `ДД.ММ.ГГГГ ЧЧ:ММ`, prices with a decimal comma).
public enum TripCSV {
    static let header = ["number", "stage", "dealership", "carrier", "truck", "origin", "destination", "cars",
                         "capacity", "planned_departure", "next_eta", "price"]

    @discardableResult
    public static func export(_ connection: PGConnection, to url: URL, language: Language = .en) throws -> Int {
        let handle = try ExportFile.open(url, language: language)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data((CSV.byteOrderMark + CSV.line(header)).utf8))
        let time = TripTime()
        var count = 0
        try TripRepository(connection: connection).forEachBatch { batch in
            var text = ""
            for t in batch {
                text += CSV.line([
                    t.number, t.stage.rawValue, t.dealershipCode, t.carrierName, t.truckPlate, t.origin, t.destination,
                    String(t.cars), t.capacity.map(String.init) ?? "", t.plannedDeparture.map(time.text) ?? "",
                    t.nextETA.map(time.text) ?? "", t.price.map(VehicleCSV.excelMoney) ?? "",
                ])
            }
            try handle.write(contentsOf: Data(text.utf8))
            count += batch.count
        }
        return count
    }
}
