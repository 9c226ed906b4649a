import Foundation
import KiteDomain
import Testing

/// Issue 13: the offer formula with worked examples, the comparables' statistics, paint
/// thresholds, and an appraisal's validation (VIN decoded and its check digit checked).
@Suite struct OfferFormulaTests {
    @Test func nothingItemisedTakesTheDefaultReconditioningAndTheSettingsDays() {
        // 1 500 000 − 60 000 (default) − 150 000 (10 %) − 45 × 1 500 = 1 222 500.
        let b = OfferFormula.breakdown(expectedRetail: Money(roubles: 1_500_000), reconditioningLines: [],
                                       settings: .defaults)
        #expect(b.reconditioning == Money(roubles: 60_000) && b.reconditioningIsDefault)
        #expect(b.targetMargin == Money(roubles: 150_000))
        #expect(b.daysToSell == 45 && !b.daysFromComparables && b.holdingCost == Money(roubles: 67_500))
        #expect(b.formulaOffer == Money(roubles: 1_222_500))
    }

    @Test func itemisedLinesAndTheComparablesMedianDaysToTheKopeck() throws {
        // 2 345 678,90 − (12 500 + 7 450,50) − 234 567,89 − 30 × 1 500 = 2 046 160,51.
        let comparables = ComparablesSummary(count: 5, priceMedian: Money(roubles: 2_300_000), medianDaysInStock: 30)
        let b = OfferFormula.breakdown(expectedRetail: try Money.parse("2345678,90"),
                                       reconditioningLines: [Money(roubles: 12_500), try Money.parse("7450,50")],
                                       settings: .defaults, comparables: comparables)
        #expect(b.reconditioning == (try Money.parse("19950,50")) && !b.reconditioningIsDefault)
        #expect(b.targetMargin == (try Money.parse("234567,89")))
        #expect(b.daysToSell == 30 && b.daysFromComparables && b.holdingCost == Money(roubles: 45_000))
        #expect(b.formulaOffer == (try Money.parse("2046160,51")))
    }

    @Test func twoComparablesAreTooFewForTheirDays() {
        let comparables = ComparablesSummary(count: 2, medianDaysInStock: 10)
        let b = OfferFormula.breakdown(expectedRetail: Money(roubles: 1_000_000), reconditioningLines: [],
                                       settings: .defaults, comparables: comparables)
        #expect(b.daysToSell == 45 && !b.daysFromComparables)
    }

    @Test func theMarginIsRoundedOnceHalfAwayFromZero() throws {
        // 999 999,99 × 12,5 % = 124 999,99875 → 125 000,00.
        var settings = AppraisalSettings.defaults
        settings.targetMarginBasisPoints = 1250
        settings.dailyHoldingCost = .zero
        let b = OfferFormula.breakdown(expectedRetail: try Money.parse("999999,99"), reconditioningLines: [Money(roubles: 1)],
                                       settings: settings)
        #expect(b.targetMargin == Money(roubles: 125_000))
        #expect(b.formulaOffer == (try Money.parse("874998,99")))
    }

    @Test func aCheapCarOffersNothing() {
        let b = OfferFormula.breakdown(expectedRetail: Money(roubles: 100_000), reconditioningLines: [], settings: .defaults)
        #expect(b.formulaOffer == Money(roubles: -37_500) && !b.offersSomething)
    }

    @Test func anOfferOtherThanTheFormulasNeedsAReasonAndAboveTheLimitAnApproval() {
        let b = OfferFormula.breakdown(expectedRetail: Money(roubles: 1_500_000), reconditioningLines: [], settings: .defaults)
        #expect(OfferFormula.validateOffer(b.formulaOffer, breakdown: b, reason: "").isEmpty)
        let issues = OfferFormula.validateOffer(Money(roubles: 1_250_000), breakdown: b, reason: " ")
        #expect(issues.map(\.field) == ["offer_reason"])
        #expect(issues[0].message.ru.contains(Money(roubles: 1_222_500).formatted(.ru)))
        #expect(OfferFormula.validateOffer(Money(roubles: 1_250_000), breakdown: b, reason: "торг").isEmpty)
        #expect(OfferFormula.validateOffer(.zero, breakdown: b, reason: "x").map(\.field) == ["offer_amount"])
        #expect(!OfferFormula.needsApproval(Money(roubles: 3_000_000), settings: .defaults))
        #expect(OfferFormula.needsApproval(try! Money.parse("3000000,01"), settings: .defaults))
    }
}

@Suite struct ComparablesSummaryTests {
    @Test func percentilesAreRealSalePricesAsPercentileDiscGivesThem() {
        let s = ComparablesSummary.of(prices: [400, 100, 300, 200].map { Money(roubles: $0) }, daysInStock: [10, 40, 20, 30])
        #expect(s.count == 4)
        #expect(s.priceP25 == Money(roubles: 100) && s.priceMedian == Money(roubles: 200) && s.priceP75 == Money(roubles: 300))
        #expect(s.priceMin == Money(roubles: 100) && s.priceMax == Money(roubles: 400))
        #expect(s.medianDaysInStock == 20 && s.p75DaysInStock == 30)
        let five = ComparablesSummary.of(prices: [1, 2, 3, 4, 5].map { Money(roubles: $0) }, daysInStock: [1, 2, 3, 4, 5])
        #expect(five.priceMedian == Money(roubles: 3) && five.priceP25 == Money(roubles: 2) && five.priceP75 == Money(roubles: 4))
        #expect(ComparablesSummary.of(prices: [], daysInStock: []).priceMedian == nil)
    }

    @Test func theCountIsTheConfidenceAndAWideSpreadLowersIt() {
        #expect(ComparablesSummary(count: 0).confidence == .none)
        #expect(ComparablesSummary(count: 2).confidence == .low)
        let tight = ComparablesSummary.of(prices: (0..<12).map { Money(roubles: 1_000_000 + Int64($0) * 10_000) }, daysInStock: [])
        #expect(tight.confidence == .high)
        let wide = ComparablesSummary.of(prices: (0..<12).map { Money(roubles: 600_000 + Int64($0) * 100_000) }, daysInStock: [])
        #expect(wide.confidence == .medium)
    }
}

@Suite struct PaintAndChecklistTests {
    @Test func thresholdsFlagFactoryRepaintAndFillerAndAMakeMayDiffer() {
        let t = PaintThresholds()
        #expect(t.verdict(120) == .factory && t.verdict(200) == .factory)
        #expect(t.verdict(201) == .repainted && t.verdict(300) == .repainted)
        #expect(t.verdict(301) == .filler)
        let checklist = AppraisalChecklist(paint: t, paintByMake: ["lexus": PaintThresholds(factoryMax: 250, repaintMax: 350)])
        #expect(checklist.thresholds(make: " Lexus ").verdict(240) == .factory)
        #expect(checklist.thresholds(make: "Kia").verdict(240) == .repainted)
    }

    @Test func aDefectNeedsItsSeverityAndAPricedItemGivesItsCost() {
        let item = ChecklistItem(code: "body.dents", title: LocalizedText(ru: "Вмятины", en: "Dents"),
                                 costs: [Money(roubles: 5_000), Money(roubles: 15_000), Money(roubles: 45_000)])
        let checklist = AppraisalChecklist(sections: [ChecklistSection(code: "body", title: LocalizedText(ru: "Кузов", en: "Body"), items: [item])])
        #expect(AppraisalAnswer(itemCode: "body.dents", answer: .defect).validate(in: checklist).map(\.field) == ["severity"])
        #expect(AppraisalAnswer(itemCode: "body.nope", answer: .ok).validate(in: checklist).map(\.field) == ["item_code"])
        let answers = [AppraisalAnswer(itemCode: "body.dents", answer: .defect, severity: .moderate)]
        #expect(checklist.pricedDefects(answers).map(\.cost) == [Money(roubles: 15_000)])
    }
}

@Suite struct AppraisalValidationTests {
    static func sample() -> Appraisal {
        var a = Appraisal()
        a.sellerID = 1
        a.vin = VINGenerator.make(wmi: "LGW", vds: "EF4A5", modelYear: 2021, serial: 123)
        a.make = "Haval"
        a.model = "F7"
        a.modelYear = 2021
        a.mileageKm = 64_000
        a.ptsKind = .electronic
        a.ptsNumber = "164301012345678"
        return a
    }

    static let today = CivilDate(year: 2026, month: 12, day: 3)!

    @Test func aGoodAppraisalHasNoIssues() {
        #expect(Self.sample().validate(today: Self.today).isEmpty)
    }

    @Test func theVINIsDecodedToFillTheMakeAndYear() {
        var a = Self.sample()
        a.vin = VINGenerator.make(wmi: "XTA", vds: "GFK11", modelYear: 2020, serial: 77)
        a.make = ""
        a.modelYear = 0
        a.fillFromVIN()
        #expect(a.make == "Lada" && a.modelYear == 2020)
        // A WMI of several brands names none; a make typed stays.
        var b = Self.sample()
        b.make = ""
        b.fillFromVIN()
        #expect(b.make == "" && b.modelYear == 2021)
    }

    @Test func aBrokenCheckDigitAWrongMakeAndAWrongYearAreNamed() {
        var a = Self.sample()
        a.vin = "1HGCM82633A004353"   // North American, check digit should be 2
        a.make = "Haval"
        let fields = a.validate(today: Self.today)
        #expect(fields.contains { $0.field == "vin" && $0.severity == .error })
        var b = Self.sample()
        b.make = "Lada"
        b.modelYear = 2019
        let issues = b.validate(today: Self.today)
        #expect(issues.contains { $0.field == "make" && $0.severity == .warning })
        #expect(issues.contains { $0.field == "model_year" && $0.severity == .warning })
    }

    @Test func thePTSNumberFollowsItsKindAndATradeInNeedsItsDeal() {
        var a = Self.sample()
        a.ptsKind = .paper
        a.ptsNumber = "77 УА 123456"
        #expect(a.validate(today: Self.today).isEmpty)
        #expect(PTSKind.normalized("77 KA 123456", kind: .paper) == "77КА123456")
        #expect(PTSKind.normalized("77 ка-123456", kind: .paper) == "77КА123456")
        a.ptsNumber = "12345"
        #expect(a.validate(today: Self.today).map(\.field) == ["pts_number"])
        var b = Self.sample()
        b.source = .tradeIn
        #expect(b.validate(today: Self.today).map(\.field) == ["deal_id"])
        b.plate = "a123bc77"
        b.dealID = 5
        #expect(b.validate(today: Self.today).isEmpty)
    }
}
