import KiteDomain

/// Used cars brought to the demo's appraiser (volkova): sellers, the cars as inspected,
/// and how far each got — a draft, an offer out, one waiting for a senior, one accepted.
/// VINs are valid (check digits) and fictitious.
public enum DemoAppraisals {
    public struct Entry: Sendable {
        public var seller: String
        public var phone: String
        public var appraisal: Appraisal
        public var answers: [AppraisalAnswer]
        public var paint: [PaintReading]
        public var reconditioning: [ReconditioningLine]
        /// The expected retail price, when an offer is made.
        public var retail: Money?
        /// The seller's answer once offered (nil: none yet).
        public var accepted: Bool?
    }

    static func car(_ wmi: String, _ vds: String, year: Int, serial: Int, make: String, model: String, body: String,
                    colour: String, km: Int, source: AppraisalSource, pts: PTSKind, ptsNumber: String, owners: Int,
                    plate: String) -> Appraisal {
        var a = Appraisal()
        a.vin = VINGenerator.make(wmi: wmi, vds: vds, modelYear: year, plant: "K", serial: serial)
        a.make = make
        a.model = model
        a.modelYear = year
        a.body = body
        a.colour = colour
        a.mileageKm = km
        a.source = source
        a.ptsKind = pts
        a.ptsNumber = ptsNumber
        a.owners = owners
        a.keysCount = 2
        a.serviceBook = owners == 1
        a.plate = plate
        return a
    }

    public static let all: [Entry] = [
        Entry(seller: "Гарипов Ринат Ильдарович", phone: "+79172345678",
              appraisal: car("XW8", "AN2NE", year: 2019, serial: 4101, make: "Volkswagen", model: "Polo", body: "sedan",
                             colour: "белый", km: 87_500, source: .walkIn, pts: .paper, ptsNumber: "16ОЕ123456", owners: 2,
                             plate: "К123МН116"),
              answers: [AppraisalAnswer(itemCode: "documents.pts_matches", answer: .ok),
                        AppraisalAnswer(itemCode: "body.scratches", answer: .defect, severity: .minor, note: "бампер задний"),
                        AppraisalAnswer(itemCode: "tyres.tread", answer: .defect, severity: .moderate, note: "2–3 мм")],
              paint: [PaintReading(panel: "hood", microns: 115), PaintReading(panel: "door_fl", microns: 240),
                      PaintReading(panel: "roof", microns: 108)],
              reconditioning: [ReconditioningLine(itemCode: "body.scratches", description: "Полировка бампера", amount: Money(roubles: 3_000)),
                               ReconditioningLine(itemCode: "tyres.tread", description: "Комплект летних шин", amount: Money(roubles: 20_000))],
              retail: Money(roubles: 1_250_000), accepted: nil),
        Entry(seller: "Хабибуллина Алсу Маратовна", phone: "+79053456789",
              appraisal: car("Z94", "K2416", year: 2021, serial: 4102, make: "Kia", model: "Rio", body: "hatchback",
                             colour: "синий", km: 41_200, source: .call, pts: .electronic, ptsNumber: "164301012345678", owners: 1,
                             plate: "А777ВС116"),
              answers: [AppraisalAnswer(itemCode: "documents.pts_matches", answer: .ok)],
              paint: [], reconditioning: [], retail: nil, accepted: nil),
        Entry(seller: "Лебедев Павел Андреевич", phone: "+79274567890",
              appraisal: car("LGW", "EF4A5", year: 2022, serial: 4103, make: "Haval", model: "F7", body: "suv",
                             colour: "серый", km: 52_000, source: .field, pts: .electronic, ptsNumber: "164302098765432", owners: 1,
                             plate: "Т456УХ716"),
              answers: [AppraisalAnswer(itemCode: "glass.windshield", answer: .defect, severity: .minor, note: "скол")],
              paint: [PaintReading(panel: "hood", microns: 130), PaintReading(panel: "fender_fl", microns: 330)],
              reconditioning: [ReconditioningLine(itemCode: "glass.windshield", description: "Ремонт скола", amount: Money(roubles: 3_000))],
              retail: Money(roubles: 2_350_000), accepted: true),
        Entry(seller: "Семёнова Ольга Викторовна", phone: "+79375678901",
              appraisal: car("XTA", "GFK11", year: 2020, serial: 4104, make: "Lada", model: "Vesta", body: "sedan",
                             colour: "красный", km: 96_000, source: .walkIn, pts: .paper, ptsNumber: "63ОХ654321", owners: 3,
                             plate: ""),
              answers: [AppraisalAnswer(itemCode: "engine.leaks", answer: .defect, severity: .moderate)],
              paint: [PaintReading(panel: "door_rl", microns: 410)],
              reconditioning: [],
              retail: Money(roubles: 980_000), accepted: false),
    ]
}
