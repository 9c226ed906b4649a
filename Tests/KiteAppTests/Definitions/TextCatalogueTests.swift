import KiteApp
import KiteDomain
import Testing

/// Every module's strings: both languages, the same placeholders.
@Suite struct TextCatalogueTests {
    @Test func everyKeyHasBothLanguages() {
        for (key, text) in ModuleRegistry.standard.texts {
            #expect(!text.ru.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no Russian text")
            #expect(!text.en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no English text")
            #expect(LocalizedText.placeholders(text.ru) == LocalizedText.placeholders(text.en),
                    "\(key): the placeholders differ between ru and en")
        }
    }

    @Test func placeholdersAreFilled() {
        #expect(LocalizedText.fill("Задание {id} отменено", ["id": "105"]) == "Задание 105 отменено")
        #expect(LocalizedText.placeholders("{a} и {b}, снова {a}") == ["a", "b"])
    }
}
