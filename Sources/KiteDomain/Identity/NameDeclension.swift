import Foundation

/// Russian grammatical cases a printed name may need.
public enum GrammaticalCase: Int, Sendable, CaseIterable {
    case nominative = -1
    case genitive = 0, dative, accusative, instrumental, prepositional
}

/// A person's grammatical gender, as the declension needs it.
public enum NameGender: Sendable, Hashable {
    case male, female
}

/// Declines a Russian full name — «Иванова Мария Сергеевна» → «Ивановой Марии Сергеевны»
/// (genitive) — for the print forms («в лице менеджера …»).
///
/// The rules are those of the petrovich project (petrovich-rules, MIT): for each of the
/// surname, first name and patronymic, exceptions (whole words) are tried first, then
/// endings, in order; the first rule whose gender is the person's (or either) and whose
/// ending matches says how many letters to cut and what to add for each case. The rule
/// table below is our own transcription, in our own notation.
///
/// The name is read in passport order: surname, first name, patronymic (words beyond
/// the third, such as «оглы», stay as written). Initials («П.»), Latin words and words
/// no rule covers are left as they are; a double surname is declined part by part.
public enum NameDeclension {
    public enum Part: Sendable { case surname, firstName, patronymic }

    /// `fullName` in `grammaticalCase`; the gender from the patronymic, else the names.
    public static func decline(_ fullName: String, to grammaticalCase: GrammaticalCase, gender: NameGender? = nil) -> String {
        guard grammaticalCase != .nominative else { return fullName }
        let words = fullName.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let significant = words.indices.filter { !words[$0].isEmpty }
        guard !significant.isEmpty else { return fullName }
        let parts: [Part] = [.surname, .firstName, .patronymic]
        let named = Array(zip(significant.prefix(3), parts))
        let genderFound = gender ?? detectGender(
            surname: named.first { $0.1 == .surname }.map { words[$0.0] },
            firstName: named.first { $0.1 == .firstName }.map { words[$0.0] },
            patronymic: named.first { $0.1 == .patronymic }.map { words[$0.0] })
        guard let genderFound else { return fullName }
        var result = words
        for (index, part) in named {
            result[index] = declineWord(words[index], part: part, gender: genderFound, to: grammaticalCase)
        }
        return result.joined(separator: " ")
    }

    /// The gender of a full name in passport order, or nil when nothing tells.
    public static func gender(ofFullName fullName: String) -> NameGender? {
        let words = fullName.split(separator: " ").map(String.init)
        return detectGender(surname: words.first, firstName: words.count > 1 ? words[1] : nil,
                            patronymic: words.count > 2 ? words[2] : nil)
    }

    /// The gender from the patronymic's ending; without one, from the surname's (Иванова), then the first name.
    /// Nil when nothing tells.
    public static func detectGender(surname: String?, firstName: String?, patronymic: String?) -> NameGender? {
        if let p = patronymic?.lowercased(), isCyrillicWord(p) {
            if p.hasSuffix("ич") || p == "оглы" || p.hasSuffix("-оглы") { return .male }
            if p.hasSuffix("на") || p == "кызы" || p.hasSuffix("-кызы") { return .female }
        }
        if let s = surname?.lowercased(), isCyrillicWord(s) {
            for ending in ["ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая"] where s.hasSuffix(ending) { return .female }
            for ending in ["ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой", "ый", "ий"] where s.hasSuffix(ending) { return .male }
        }
        if let f = firstName?.lowercased(), isCyrillicWord(f) {
            if femaleFirstNames.contains(f) { return .female }
            if maleFirstNames.contains(f) { return .male }
        }
        if let f = firstName?.lowercased(), isCyrillicWord(f), let last = f.last {
            if last == "а" || last == "я" { return .female }  // the men's names in -а/-я are listed above
            return last == "ь" ? nil : .male                  // Игорь or Любовь: the lists above, else unknown
        }
        return nil
    }

    /// One word (or double surname) of `part` in `grammaticalCase`.
    public static func declineWord(_ word: String, part: Part, gender: NameGender, to grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return word }
        let pieces = word.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if pieces.count > 1 {
            return pieces.enumerated().map { index, piece in
                declineSingle(piece, part: part, gender: gender, to: grammaticalCase, firstOfSeveral: index < pieces.count - 1)
            }.joined(separator: "-")
        }
        return declineSingle(word, part: part, gender: gender, to: grammaticalCase, firstOfSeveral: false)
    }

    // MARK: - Rules

    private static func declineSingle(_ word: String, part: Part, gender: NameGender, to grammaticalCase: GrammaticalCase,
                                      firstOfSeveral: Bool) -> String {
        let lower = word.lowercased()
        guard isCyrillicWord(lower) else { return word }
        let set = rules(for: part)
        let applies: (Rule) -> Bool = { rule in
            (rule.gender == nil || rule.gender == gender) && (!rule.firstWordOnly || firstOfSeveral)
        }
        if let rule = set.exceptions.first(where: { applies($0) && $0.endings.contains(lower) }) {
            return apply(rule.mods[grammaticalCase.rawValue], to: word)
        }
        if let rule = set.suffixes.first(where: { rule in applies(rule) && rule.endings.contains { lower.hasSuffix($0) } }) {
            return apply(rule.mods[grammaticalCase.rawValue], to: word)
        }
        return word
    }

    /// `.` leaves the word; each leading `-` cuts one letter; the rest is added, in capitals
    /// when the word is written in capitals.
    private static func apply(_ mod: String, to word: String) -> String {
        if mod == "." { return word }
        let cut = mod.prefix { $0 == "-" }.count
        var ending = String(mod.dropFirst(cut))
        let letters = word.filter(\.isLetter)
        if letters.count > 1, letters == letters.uppercased() { ending = ending.uppercased() }
        return String(word.dropLast(cut)) + ending
    }

    private static func isCyrillicWord(_ word: String) -> Bool {
        !word.isEmpty && !word.hasSuffix(".") && word.unicodeScalars.allSatisfy { (0x0400...0x04FF).contains($0.value) || $0 == "-" }
    }

    struct Rule {
        var gender: NameGender?
        var endings: [String]
        /// Genitive, dative, accusative, instrumental, prepositional.
        var mods: [String]
        var firstWordOnly = false
    }

    struct RuleSet {
        var exceptions: [Rule]
        var suffixes: [Rule]
    }

    /// `r("ова ева", "-ой -ой -у -ой -ой", .female)`.
    private static func r(_ endings: String, _ mods: String, _ gender: NameGender? = nil, firstWordOnly: Bool = false) -> Rule {
        Rule(gender: gender, endings: endings.split(separator: " ").map(String.init),
             mods: mods.split(separator: " ").map(String.init), firstWordOnly: firstWordOnly)
    }

    private static func rules(for part: Part) -> RuleSet {
        switch part {
        case .surname: surnames
        case .firstName: firstNames
        case .patronymic: patronymics
        }
    }

    private static let unchanged = ". . . . ."
    private static let hardConsonants = "б в г д ж з й к л м н п р с т ф х ц ч ш щ ъ"

    private static let surnames = RuleSet(
        exceptions: [
            r("бонч абдул белиц гасан дюссар дюмон книппер корвин ван шолом тер призван мелик вар фон", unchanged, firstWordOnly: true),
            r("дюма тома дега люка ферма гамарра петипа шандра скаля каруана", unchanged),
            r("гусь ремень камень онук богода нечипас долгопалец маненок рева кива", unchanged),
            r("вий сой цой хой", "-я -ю -я -ем -е"),
            r("я", unchanged),
        ],
        suffixes: [
            r(hardConsonants + " ь", unchanged, .female),
            r("гава орота", unchanged),
            r("ска цка", "-ой -ой -ую -ой -ой", .female),
            r("цкая ская ная ая", "--ой --ой --ую --ой --ой", .female),
            r("яя", "--ей --ей --юю --ей --ей", .female),
            r("на", "-ой -ой -у -ой -ой", .female),
            r("иной", "-я -ю -я -ем -е", .male),
            r("уй", "-я -ю -я -ем -е", .male),
            r("ца", "-ы -е -у -ей -е"),
            r("рих", "а у а ом е", .male),
            r("ия", unchanged),
            r("иа аа оа уа ыа еа юа эа", unchanged),
            r("их ых", unchanged, .male),
            r("о е э и ы у ю", unchanged),
            r("ова ева", "-ой -ой -у -ой -ой", .female),
            r("га ка ха ча ща жа ша", "-и -е -у -ой -е"),
            r("а", "-ы -е -у -ой -е"),
            r("ь", "-я -ю -я -ем -е", .male),
            r("ия", "-и -и -ю -ей -и"),
            r("я", "-и -е -ю -ей -е"),
            r("ей", "-я -ю -я -ем -е", .male),
            r("ян ан йн", "а у а ом е", .male),
            r("ынец обец", "--ца --цу --ца --цем --це", .male),
            r("онец овец", "--ца --цу --ца --цом --це", .male),
            r("ай", "-я -ю -я -ем -е", .male),
            r("кой гой", "-го -му -го --им -м", .male),
            r("ой", "-го -му -го --ым -м", .male),
            r("ах ив", "а у а ом е", .male),
            r("ший щий жий ний", "--его --ему --его -м --ем", .male),
            r("ый", "--ого --ому --ого -м --ом", .male),
            r("кий", "--ого --ому --ого -м --ом", .male),
            r("ий", "-я -ю -я -ем -и", .male),
            r("ок", "--ка --ку --ка --ком --ке", .male),
            r("ец", "--ца --цу --ца --цом --це", .male),
            r("ц ч ш щ", "а у а ем е", .male),
            r("ен нн он ун", "а у а ом е", .male),
            r("в н", "а у а ым е", .male),
            r("б г д ж з к л м п р с т ф х", "а у а ом е", .male),
        ])

    private static let firstNames = RuleSet(
        exceptions: [
            r("лев", "--ьва --ьву --ьва --ьвом --ьве", .male),
            r("пётр", "---етра ---етру ---етра ---етром ---етре", .male),
            r("павел", "--ла --лу --ла --лом --ле", .male),
            r("яша", "-и -е -у -ей -е", .male),
            r("шота", unchanged, .male),
            r("рашель нинель николь габриэль даниэль", unchanged, .female),
        ],
        suffixes: [
            r("е ё и о у ы э ю", unchanged),
            r(hardConsonants, unchanged, .female),
            r("ь", "-и -и . ю -и", .female),
            r("ь", "-я -ю -я -ем -е", .male),
            r("га ка ха ча ща жа", "-и -е -у -ой -е"),
            r("ша", "-и -е -у -ей -е", .female),
            r("а", "-ы -е -у -ой -е"),
            r("ия", "-и -и -ю -ей -и", .female),
            r("а", "-ы -е -у -ой -е", .female),
            r("я", "-и -е -ю -ей -е", .female),
            r("ия", "-и -и -ю -ей -и", .male),
            r("я", "-и -е -ю -ей -е", .male),
            r("ей", "-я -ю -я -ем -е", .male),
            r("ий", "-я -ю -я -ем -и", .male),
            r("й", "-я -ю -я -ем -е", .male),
            r("б в г д ж з к л м н п р с т ф х ц ч", "а у а ом е", .male),
            r("ния рия вия", "-и -и -ю -ем -ем"),
        ])

    private static let patronymics = RuleSet(
        exceptions: [],
        suffixes: [
            r("ич", "а у а ем е", .male),
            r("на", "-ы -е -у -ой -е", .female),
        ])

    /// First names whose ending misleads: men's names in -а/-я, women's in -ь.
    private static let maleFirstNames: Set<String> = [
        "никита", "илья", "кузьма", "фома", "лука", "савва", "данила", "гаврила", "фока", "мина", "иона",
        "игорь", "лазарь", "тимофей", "григорий", "шота", "миша", "паша", "петя", "ваня", "вася", "дима", "коля", "серёжа",
    ]
    private static let femaleFirstNames: Set<String> = [
        "любовь", "нинель", "рашель", "николь", "даниэль", "габриэль", "ассоль", "айгуль", "юдифь", "эсфирь", "адель", "фаина",
        "мария", "анна", "ольга", "елена", "наталья", "татьяна", "ирина", "екатерина", "светлана", "юлия", "анастасия",
    ]
}
