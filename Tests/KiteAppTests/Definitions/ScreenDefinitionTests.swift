import Foundation
import KiteApp
import KiteDomain
@testable import KiteUI
import Testing

@Suite struct ScreenDefinitionTests {
    let screenDirs = [repositoryRoot.appendingPathComponent("Screens")]

    func shipped() throws -> ScreenCatalog {
        try ScreenCatalog.load(directories: screenDirs, vocabulary: testVocabulary)
    }

    @Test func shippedScreensLoad() throws {
        let catalog = try shipped()
        let stock = try #require(catalog.list("stock"))
        #expect(stock.title == LocalizedText(ru: "Склад", en: "Stock"))
        #expect(stock.entity == "vehicle")
        #expect(stock.form == "vehicle")
        #expect(stock.columns.map(\.field) == [
            "stock_number", "vin", "make", "model", "year", "colour", "mileage_km", "status",
            "location_id", "arrival_date", "eta", "list_price",
        ])
        let price = try #require(stock.columns.last)
        #expect(price.align == .right && price.format == .money && price.width == .fixed(14))
        let days = try #require(stock.columns.first { $0.field == "arrival_date" })
        #expect(days.format == .days && days.align == .right)
        let model = try #require(stock.columns.first { $0.field == "model" })
        #expect(model.width == .flex(min: 7, weight: 2) && model.align == .left)
        #expect(stock.columns.first { $0.field == "location_id" }?.lookup == "location")
        #expect(stock.commands.contains("stock.change_status"))
        #expect(catalog.form("stock") == nil && catalog.list("vehicle") == nil)
    }

    @Test func vehicleForm() throws {
        let form = try #require(try shipped().form("vehicle"))
        #expect(form.title.en == "Vehicle")
        let stockNumber = try #require(form.field("stock_number"))
        #expect(stockNumber.readOnly && stockNumber.storage == .column)
        let status = try #require(form.field("status"))
        #expect(status.readOnly && status.type == .enum && status.optionsSource == "vehicle_status")
        #expect(status.options.count == VehicleStatus.allCases.count)
        #expect(status.options.first { $0.value == "in_stock" }?.label.ru == "на складе")
        let cost = try #require(form.field("purchase_cost"))
        #expect(cost.isReadOnly(for: "manager") && !cost.isReadOnly(for: "finance"))
        #expect(cost.isHidden(for: "logistics"))
        #expect(form.field("vin")?.type == .vin && form.field("vin")?.maxLength == 17)
        #expect(form.field("location_id")?.lookup == "location")
        #expect(form.field("dealership_id")?.lookup == "dealership")
        let port = try #require(form.field("charge_port"))
        #expect(port.storage == .attribute && port.options.map(\.value) == ["CCS2", "GB/T", "Type 2"])
        for field in form.sections.flatMap(\.fields) {
            #expect(field.help != nil, "\(field.field) has no help")
        }
    }

    @Test func sectionsByVehicleType() throws {
        let form = try #require(try shipped().form("vehicle"))
        let car = form.fields(for: "car").map(\.field)
        let ev = form.fields(for: "ev").map(\.field)
        let truck = form.fields(for: "truck").map(\.field)
        #expect(!car.contains("battery_kwh") && !car.contains("payload_kg"))
        #expect(ev.contains("battery_kwh") && ev.contains("range_km") && ev.contains("charge_port"))
        #expect(!ev.contains("payload_kg"))
        #expect(truck.contains("payload_kg") && truck.contains("axles") && !truck.contains("battery_kwh"))
        #expect(!form.fields(for: "car", role: "logistics").map(\.field).contains("purchase_cost"))
        #expect(form.fields(for: "car", role: "manager").map(\.field).contains("purchase_cost"))
    }

    /// Adding a field for a new vehicle type is a TOML edit, no Swift change.
    @Test func newVehicleTypeIsATOMLEdit() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.copyShipped("Screens")
        let file = dir.url.appendingPathComponent("Screens/vehicle.toml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += """

            [[sections]]
            name = "moto"
            title = { ru = "Мотоцикл", en = "Motorcycle" }
            vehicle_types = ["moto"]

            [[sections.fields]]
            field = "engine_cc"
            title = { ru = "Объём двигателя, см³", en = "Engine, cc" }
            type = "integer"
            storage = "attribute"
            help = { ru = "Рабочий объём", en = "Displacement" }

            """
        try text.write(to: file, atomically: true, encoding: .utf8)
        let catalog = try ScreenCatalog.load(directories: [dir.url.appendingPathComponent("Screens")], vocabulary: testVocabulary)
        let form = try #require(catalog.form("vehicle"))
        let moto = form.fields(for: "moto")
        let engine = try #require(moto.first { $0.field == "engine_cc" })
        #expect(engine.storage == .attribute && engine.type == .integer && engine.title.en == "Engine, cc")
        #expect(!form.fields(for: "car").contains { $0.field == "engine_cc" })
    }

    @Test func userScreenReplacesShipped() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("Screens/stock.toml", """
            kind = "list"
            entity = "vehicle"
            title = { ru = "Мой склад", en = "My stock" }
            [[columns]]
            field = "vin"
            title = { ru = "VIN", en = "VIN" }
            width = 17
            """)
        let catalog = try ScreenCatalog.load(directories: [dir.url.appendingPathComponent("Screens")] + screenDirs,
                                             vocabulary: testVocabulary)
        #expect(catalog.list("stock")?.title.en == "My stock")
        #expect(catalog.list("stock")?.columns.count == 1)
        #expect(catalog.form("vehicle") != nil)   // the shipped one still there
    }

    // MARK: errors name file and key path

    /// Loads the shipped screens with `vehicle.toml` (or `stock.toml`) edited by `edit`.
    func error(in name: String = "vehicle", _ edit: (String) -> String) throws -> DefinitionError? {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.copyShipped("Screens")
        let file = dir.url.appendingPathComponent("Screens/\(name).toml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let edited = edit(original)
        #expect(edited != original, "the edit did not apply")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        return definitionError {
            _ = try ScreenCatalog.load(directories: [dir.url.appendingPathComponent("Screens")], vocabulary: testVocabulary)
        }
    }

    func replacing(_ a: String, _ b: String) -> (String) -> String {
        { text in
            guard let range = text.range(of: a) else { return text }
            return text.replacingCharacters(in: range, with: b)
        }
    }

    @Test func unknownType() throws {
        // sections[2] is money; fields[2] is list_price.
        let e = try #require(try error(replacing("field = \"list_price\"\ntitle = { ru = \"Цена продажи\", en = \"List price\" }\ntype = \"money\"",
                                                 "field = \"list_price\"\ntitle = { ru = \"Цена продажи\", en = \"List price\" }\ntype = \"moneyy\"")))
        #expect(e.description.hasPrefix(#"Screens/vehicle.toml: sections[2].fields[2].type: unknown type "moneyy""#))
    }

    @Test func unknownField() throws {
        let e = try #require(try error(replacing("field = \"trim\"", "field = \"trimm\"")))
        #expect(e.file == "Screens/vehicle.toml")
        #expect(e.key == "sections[0].fields[4].field")
        #expect(e.message.contains("unknown field \"trimm\""))
    }

    @Test func attributeFieldNeedsNoColumn() throws {
        // battery_kwh without storage = "attribute" is an unknown column.
        let e = try #require(try error(replacing("field = \"battery_kwh\"\ntitle = { ru = \"Ёмкость батареи, кВт·ч\", en = \"Battery, kWh\" }\ntype = \"integer\"\nstorage = \"attribute\"",
                                                 "field = \"battery_kwh\"\ntitle = { ru = \"Ёмкость батареи, кВт·ч\", en = \"Battery, kWh\" }\ntype = \"integer\"")))
        #expect(e.key == "sections[3].fields[0].field")
    }

    @Test func unknownAlignment() throws {
        let e = try #require(try error(in: "stock", replacing("align = \"right\"", "align = \"rigth\"")))
        #expect(e.description == #"Screens/stock.toml: columns[11].align: unknown alignment "rigth" (left, right, center)"#)
    }

    @Test func unknownFormat() throws {
        let e = try #require(try error(in: "stock", replacing("format = \"days\"", "format = \"dayz\"")))
        #expect(e.key == "columns[9].format")
    }

    @Test func unknownRole() throws {
        let e = try #require(try error(replacing("hidden_for = [\"logistics\"]", "hidden_for = [\"logistic\"]")))
        #expect(e.key == "sections[2].fields[0].hidden_for[0]")
        #expect(e.message.hasPrefix("unknown role \"logistic\""))
    }

    @Test func unknownReadOnlyRole() throws {
        let e = try #require(try error(replacing("read_only = [\"manager\"]\nhidden_for", "read_only = [\"boss\"]\nhidden_for")))
        #expect(e.key == "sections[2].fields[0].read_only[0]")
    }

    @Test func unknownOptionSource() throws {
        let e = try #require(try error(replacing("\nsource = \"vehicle_status\"", "\nsource = \"vehicle_state\"")))
        #expect(e.key == "sections[1].fields[0].source")
        #expect(e.message.hasPrefix("unknown option source"))
    }

    @Test func unknownLookupTarget() throws {
        let e = try #require(try error(replacing("lookup = \"location\"", "lookup = \"yard\"")))
        #expect(e.key == "sections[1].fields[2].lookup")
    }

    @Test func unknownCommand() throws {
        let e = try #require(try error(in: "stock", replacing("\"stock.filter_status\",", "\"stock.filter_statuses\",")))
        #expect(e.description == #"Screens/stock.toml: commands[15]: unknown command "stock.filter_statuses""#)
    }

    @Test func missingEnglishTitle() throws {
        let e = try #require(try error(replacing("title = { ru = \"Пробег, км\", en = \"Mileage, km\" }", "title = { ru = \"Пробег, км\" }")))
        #expect(e.key == "sections[1].fields[4].title.en")
        #expect(e.message.hasPrefix("missing"))
    }

    @Test func unknownKeyIsATypo() throws {
        let e = try #require(try error(replacing("required = true\nmax_length = 17", "requird = true\nmax_length = 17")))
        #expect(e.key == "sections[0].fields[1].requird")
        #expect(e.message == "unknown key")
    }

    @Test func enumWithoutOptions() throws {
        let e = try #require(try error(replacing("type = \"enum\"\nsource = \"vehicle_condition\"", "type = \"enum\"")))
        #expect(e.key == "sections[0].fields[10].options")
    }

    @Test func unknownEntity() throws {
        let e = try #require(try error(in: "stock", replacing("entity = \"vehicle\"", "entity = \"car\"")))
        #expect(e.key == "entity")
    }

    @Test func listFormMustExist() throws {
        let e = try #require(try error(in: "stock", replacing("form = \"vehicle\"", "form = \"vehicles\"")))
        #expect(e.file == "Screens/stock.toml" && e.key == "form")
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let e = try #require(try error(in: "stock", replacing("\nkind = \"list\"\n", "\nkind = \"list\n")))
        #expect(e.file == "Screens/stock.toml")
        #expect(e.line != nil)
        #expect(e.description.hasPrefix("Screens/stock.toml:\(e.line!): syntax error"))
    }
}
