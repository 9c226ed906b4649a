import Testing
@testable import KiteDomain

@Suite("Money") struct MoneyTests {
    @Test func parsesWhatPeopleType() throws {
        #expect(try Money.parse("1 250 000,50") == Money(kopecks: 125_000_050))
        #expect(try Money.parse("1\u{00A0}250\u{00A0}000,50 ₽") == Money(kopecks: 125_000_050))
        #expect(try Money.parse("1250000.5") == Money(kopecks: 125_000_050))
        #expect(try Money.parse("0,1") == Money(kopecks: 10))
        #expect(try Money.parse("-300") == Money(roubles: -300))
        #expect(try Money.parse("2 349 000 руб.") == Money(roubles: 2_349_000))
        #expect(try Money.parse("2349000р") == Money(roubles: 2_349_000))
    }

    @Test func rejectsWhatIsNotAnAmount() {
        #expect(throws: MoneyParseError.notANumber) { try Money.parse("12abc") }
        #expect(throws: MoneyParseError.tooManyFractionDigits) { try Money.parse("1,234") }  // not a thousands separator
        #expect(throws: MoneyParseError.empty) { try Money.parse("  ") }
        #expect(throws: MoneyParseError.notANumber) { try Money.parse("1.250.000,50") }
        #expect(throws: MoneyParseError.notANumber) { try Money(databaseText: "12abc") }
        #expect(throws: MoneyParseError.tooLarge) { try Money.parse("1000000000000000") }
    }

    @Test func databaseText() throws {
        #expect(try Money(databaseText: "1250000.50") == Money(kopecks: 125_000_050))
        #expect(Money(kopecks: 125_000_050).decimalString == "1250000.50")
        #expect(Money(kopecks: -305).decimalString == "-3.05")
    }

    @Test func formatsLikeARussianInvoice() {
        #expect(Money(roubles: 1_250_000).formatted(.ru) == "1\u{00A0}250\u{00A0}000\u{00A0}₽")
        #expect(Money(kopecks: 125_000_050).formatted(.ru) == "1\u{00A0}250\u{00A0}000,50\u{00A0}₽")
        #expect(Money(kopecks: 125_000_050).formatted(.en) == "1\u{00A0}250\u{00A0}000.50\u{00A0}₽")
        #expect(Money(kopecks: -125_000_050).formatted(.ru) == "−1\u{00A0}250\u{00A0}000,50\u{00A0}₽")
        #expect(Money(kopecks: 5).formatted(.ru, currencySign: false) == "0,05")
        #expect(Money.zero.formatted(.ru) == "0\u{00A0}₽")
    }

    @Test func vatOnMarginRoundsHalfAwayFromZero() {
        // Margin 100 000 ₽ × 22/122 = 18 032,786885… ₽ → 18 032,79 ₽ (fraction ≥ ½ kopeck rounds up).
        #expect(Money(roubles: 100_000).multiplied(by: 22, dividedBy: 122) == Money(kopecks: 1_803_279))
        // A reversal: −100 000 ₽ → −18 032,79 ₽ (away from zero, not towards +∞).
        #expect(Money(roubles: -100_000).multiplied(by: 22, dividedBy: 122) == Money(kopecks: -1_803_279))
        // 1 ₽ × 22/122 = 18,03 kopecks → 18 kopecks (fraction < ½ rounds down).
        #expect(Money(roubles: 1).multiplied(by: 22, dividedBy: 122) == Money(kopecks: 18))
        // 22/122 = 11/61 never lands exactly on a half; an exact half goes away from zero.
        #expect(Money(kopecks: 1).multiplied(by: 1, dividedBy: 2) == Money(kopecks: 1))
        #expect(Money(kopecks: -1).multiplied(by: 1, dividedBy: 2) == Money(kopecks: -1))
        #expect(Money(kopecks: 5).multiplied(by: 1, dividedBy: 10) == Money(kopecks: 1))
        #expect(Money(kopecks: 4).multiplied(by: 1, dividedBy: 10) == Money(kopecks: 0))
    }

    @Test func arithmetic() {
        var total = Money(roubles: 1_000)
        total += Money(kopecks: 50)
        total -= Money(roubles: 1)
        #expect(total == Money(kopecks: 99_950))
        #expect(-total == Money(kopecks: -99_950))
        #expect(Money(roubles: 1) < Money(roubles: 2))
    }
}
