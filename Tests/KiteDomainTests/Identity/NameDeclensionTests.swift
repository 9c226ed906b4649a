import Foundation
import KiteDomain
import Testing

@Suite("Names declined by the petrovich rules")
struct NameDeclensionTests {
    /// Nominative → genitive, as the forms print them («в лице менеджера …»).
    static let genitive: [(String, String)] = [
        ("Иванова Мария Сергеевна", "Ивановой Марии Сергеевны"),
        ("Иванов Иван Иванович", "Иванова Ивана Ивановича"),
        ("Петров Пётр Петрович", "Петрова Петра Петровича"),
        ("Толстой Лев Николаевич", "Толстого Льва Николаевича"),
        ("Толстая Софья Андреевна", "Толстой Софьи Андреевны"),
        ("Достоевский Фёдор Михайлович", "Достоевского Фёдора Михайловича"),
        ("Шевчук Анна Павловна", "Шевчук Анны Павловны"),
        ("Шевчук Павел Олегович", "Шевчука Павла Олеговича"),
        ("Черных Ольга Игоревна", "Черных Ольги Игоревны"),
        ("Черных Илья Ильич", "Черных Ильи Ильича"),
        ("Кузнецова Любовь Ивановна", "Кузнецовой Любови Ивановны"),
        ("Соколов Игорь Викторович", "Соколова Игоря Викторовича"),
        ("Смирнов Никита Андреевич", "Смирнова Никиты Андреевича"),
        ("Ильина Ксения Олеговна", "Ильиной Ксении Олеговны"),
        ("Дурново Алексей Петрович", "Дурново Алексея Петровича"),
        ("Римский-Корсаков Николай Андреевич", "Римского-Корсакова Николая Андреевича"),
        ("Бонч-Бруевич Владимир Дмитриевич", "Бонч-Бруевича Владимира Дмитриевича"),
        ("Цой Виктор Робертович", "Цоя Виктора Робертовича"),
        ("Мамедов Эльдар Гасан оглы", "Мамедова Эльдара Гасан оглы"),
        ("Орлов Кирилл", "Орлова Кирилла"),
        ("Петров П. И.", "Петрова П. И."),
        ("ИВАНОВА МАРИЯ СЕРГЕЕВНА", "ИВАНОВОЙ МАРИИ СЕРГЕЕВНЫ"),
        ("John Smith", "John Smith"),
        ("", ""),
    ]

    @Test(arguments: genitive) func genitiveCase(_ nominative: String, _ expected: String) {
        #expect(NameDeclension.decline(nominative, to: .genitive) == expected)
    }

    @Test func otherCases() {
        #expect(NameDeclension.decline("Иванова Мария Сергеевна", to: .dative) == "Ивановой Марии Сергеевне")
        #expect(NameDeclension.decline("Иванов Иван Иванович", to: .instrumental) == "Ивановым Иваном Ивановичем")
        #expect(NameDeclension.decline("Толстая Софья Андреевна", to: .accusative) == "Толстую Софью Андреевну")
        #expect(NameDeclension.decline("Иванов Иван Иванович", to: .prepositional) == "Иванове Иване Ивановиче")
        #expect(NameDeclension.decline("Иванов Иван Иванович", to: .nominative) == "Иванов Иван Иванович")
    }

    @Test func genderComesFromThePatronymicThenTheNames() {
        #expect(NameDeclension.gender(ofFullName: "Сидоренко Саша Петровна") == .female)
        #expect(NameDeclension.gender(ofFullName: "Сидоренко Никита") == .male)
        #expect(NameDeclension.gender(ofFullName: "Иванова Саша") == .female)
        #expect(NameDeclension.gender(ofFullName: "Ким Никита") == .male)
        #expect(NameDeclension.gender(ofFullName: "Ким Анна") == .female)
        #expect(NameDeclension.gender(ofFullName: "ООО «Ромашка»") == nil)
        // A given gender wins over the guess.
        #expect(NameDeclension.decline("Сидоренко Женя", to: .genitive, gender: .male) == "Сидоренко Жени")
    }
}
