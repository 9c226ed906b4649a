/// A sum of money in Russian words, as contracts and invoices print it:
/// `один миллион двести тысяч рублей 00 копеек`.
///
/// Roubles are written in words (тысяча is feminine: `одна тысяча`,
/// `две тысячи`; рубль, миллион and the rest are masculine), kopecks as two
/// digits with the noun agreeing with the number (`01 копейка`, `22 копейки`,
/// `00 копеек`).
public enum AmountInWords {
    public static func russian(_ amount: Money) -> String {
        let magnitude = amount.kopecks.magnitude
        let roubles = magnitude / 100
        let kopecks = Int(magnitude % 100)
        var words = roubles == 0 ? "ноль" : spell(roubles)
        words += " " + noun(roubles, one: "рубль", few: "рубля", many: "рублей")
        words += " " + (kopecks < 10 ? "0" : "") + String(kopecks) + " "
            + noun(UInt64(kopecks), one: "копейка", few: "копейки", many: "копеек")
        return (amount.isNegative ? "минус " : "") + words
    }

    /// The same with a capital first letter, to start a sentence.
    public static func russianCapitalized(_ amount: Money) -> String {
        let text = russian(amount)
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A scale word: its three noun forms and whether numbers before it are feminine.
    private struct Scale {
        var one: String
        var few: String
        var many: String
        var feminine: Bool
    }

    /// Thousands, millions, … up to what an Int64 of kopecks can hold.
    private static let scales: [Scale] = [
        Scale(one: "тысяча", few: "тысячи", many: "тысяч", feminine: true),
        Scale(one: "миллион", few: "миллиона", many: "миллионов", feminine: false),
        Scale(one: "миллиард", few: "миллиарда", many: "миллиардов", feminine: false),
        Scale(one: "триллион", few: "триллиона", many: "триллионов", feminine: false),
        Scale(one: "квадриллион", few: "квадриллиона", many: "квадриллионов", feminine: false),
    ]

    private static let hundreds = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
                                   "восемьсот", "девятьсот"]
    private static let tens = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
                               "восемьдесят", "девяносто"]
    private static let teens = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
                                "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"]
    private static let units = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]

    /// A positive whole number in words, masculine (as for roubles).
    private static func spell(_ number: UInt64) -> String {
        var groups: [Int] = []
        var rest = number
        while rest > 0 {
            groups.append(Int(rest % 1000))
            rest /= 1000
        }
        var words: [String] = []
        for index in stride(from: groups.count - 1, through: 0, by: -1) where groups[index] != 0 {
            let group = groups[index]
            if index == 0 {
                words += triad(group, feminine: false)
            } else {
                let scale = scales[index - 1]
                words += triad(group, feminine: scale.feminine)
                words.append(noun(UInt64(group), one: scale.one, few: scale.few, many: scale.many))
            }
        }
        return words.joined(separator: " ")
    }

    /// 1…999 in words.
    private static func triad(_ number: Int, feminine: Bool) -> [String] {
        var words: [String] = []
        if number / 100 > 0 { words.append(hundreds[number / 100]) }
        let belowHundred = number % 100
        if belowHundred >= 10 && belowHundred < 20 {
            words.append(teens[belowHundred - 10])
            return words
        }
        if belowHundred / 10 > 0 { words.append(tens[belowHundred / 10]) }
        let unit = belowHundred % 10
        if unit > 0 {
            if feminine && unit == 1 {
                words.append("одна")
            } else if feminine && unit == 2 {
                words.append("две")
            } else {
                words.append(units[unit])
            }
        }
        return words
    }

    /// `1 рубль`, `2 рубля`, `5 рублей`, `11 рублей`, `21 рубль`.
    public static func noun(_ number: UInt64, one: String, few: String, many: String) -> String {
        let lastTwo = number % 100
        if (11...14).contains(lastTwo) { return many }
        switch number % 10 {
        case 1: return one
        case 2, 3, 4: return few
        default: return many
        }
    }
}
