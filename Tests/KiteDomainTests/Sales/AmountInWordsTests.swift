import Testing
@testable import KiteDomain

@Suite struct AmountInWordsTests {
    @Test func roundMillionsAndThousands() {
        #expect(AmountInWords.russian(moneyRU("1 200 000")) == "один миллион двести тысяч рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("2 000 000")) == "два миллиона рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("5 000 000")) == "пять миллионов рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("1 000")) == "одна тысяча рублей 00 копеек")
    }

    @Test func thousandsAreFeminine() {
        #expect(AmountInWords.russian(moneyRU("21 000,22")) == "двадцать одна тысяча рублей 22 копейки")
        #expect(AmountInWords.russian(moneyRU("2 000")) == "две тысячи рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("352 000")) == "триста пятьдесят две тысячи рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("5 000")) == "пять тысяч рублей 00 копеек")
    }

    @Test func roublesAgreeWithTheNumber() {
        #expect(AmountInWords.russian(moneyRU("1")) == "один рубль 00 копеек")
        #expect(AmountInWords.russian(moneyRU("2")) == "два рубля 00 копеек")
        #expect(AmountInWords.russian(moneyRU("4")) == "четыре рубля 00 копеек")
        #expect(AmountInWords.russian(moneyRU("5")) == "пять рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("11")) == "одиннадцать рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("14")) == "четырнадцать рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("21")) == "двадцать один рубль 00 копеек")
        #expect(AmountInWords.russian(moneyRU("111")) == "сто одиннадцать рублей 00 копеек")
        #expect(AmountInWords.russian(moneyRU("1 012")) == "одна тысяча двенадцать рублей 00 копеек")
    }

    @Test func kopecksAsTwoDigitsWithTheirNoun() {
        #expect(AmountInWords.russian(moneyRU("0,01")) == "ноль рублей 01 копейка")
        #expect(AmountInWords.russian(moneyRU("1,02")) == "один рубль 02 копейки")
        #expect(AmountInWords.russian(moneyRU("3,11")) == "три рубля 11 копеек")
        #expect(AmountInWords.russian(moneyRU("3,21")) == "три рубля 21 копейка")
        #expect(AmountInWords.russian(.zero) == "ноль рублей 00 копеек")
    }

    @Test func aDealsTotal() {
        // 2 512 345,05: a car with accessories.
        #expect(AmountInWords.russian(moneyRU("2 512 345,05"))
                == "два миллиона пятьсот двенадцать тысяч триста сорок пять рублей 05 копеек")
        // VAT of 2 400 000 at 22 %: 432 786,89.
        #expect(AmountInWords.russian(moneyRU("432 786,89"))
                == "четыреста тридцать две тысячи семьсот восемьдесят шесть рублей 89 копеек")
    }

    @Test func billionsAndTheDatabaseMaximum() {
        #expect(AmountInWords.russian(moneyRU("1 002 000 000")) == "один миллиард два миллиона рублей 00 копеек")
        #expect(AmountInWords.russian(Money.databaseMaximum)
                == "девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
                + "девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек")
        #expect(AmountInWords.russian(Money(kopecks: .max)).hasPrefix("девяносто два квадриллиона"))
    }

    @Test func negativeAndCapitalized() {
        #expect(AmountInWords.russian(moneyRU("-300")) == "минус триста рублей 00 копеек")
        #expect(AmountInWords.russianCapitalized(moneyRU("1 200 000")) == "Один миллион двести тысяч рублей 00 копеек")
    }
}
