import Foundation
import KiteDomain

/// A state command of the database said no (migration 0037): the rule's code and
/// the values it named, said in the person's language.
public struct StateCommandRefusal: Refusal, Hashable {
    public var code: String
    public var values: [String: String]

    public init(code: String, values: [String: String] = [:]) {
        self.code = code
        self.values = values
    }

    public var localizedReason: LocalizedText {
        guard let key = StateCommandRefusalText(rawValue: code) else { return LocalizedText(ru: code, en: code) }
        var ru = values, en = values
        if let action = values["action"] {
            ru["action"] = StateCommandRefusalText.action(action).ru
            en["action"] = StateCommandRefusalText.action(action).en
        }
        for name in ["from", "to"] {
            if let stage = values[name].flatMap(DealStage.init(rawValue:)) {
                ru[name] = stage.label.ru
                en[name] = stage.label.en
            }
        }
        for name in ["status", "to", "target_status"] {
            if let status = values[name].flatMap(VehicleStatus.init(rawValue:)) {
                ru[name] = status.label.ru
                en[name] = status.label.en
            }
        }
        for money in ["discount", "limit"] {
            if let text = values[money], let value = try? Money(databaseText: text) {
                ru[money] = value.formatted(.ru)
                en[money] = value.formatted(.en)
            }
        }
        // Lists the database named, already said in each language by `from`.
        for name in ["missing", "reasons"] {
            if let text = values[name + "_ru"] { ru[name] = text }
            if let text = values[name + "_en"] { en[name] = text }
        }
        return LocalizedText(ru: LocalizedText.fill(key.text.ru, ru), en: LocalizedText.fill(key.text.en, en))
    }

    /// The refusal a database error carries, if it is one of the commands' rules.
    public static func from(_ error: any Error) -> StateCommandRefusal? {
        guard let error = error as? DatabaseError, let constraint = error.constraint,
              StateCommandRefusalText(rawValue: constraint) != nil else { return nil }
        var values: [String: String] = [:]
        if let detail = error.detail, let data = detail.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for (key, value) in object where !(value is [Any]) { values[key] = "\(value)" }
            // The contract gate (0041): the customer's missing fields as codes…
            if let codes = object["missing"] as? [String] {
                let kind = values["kind"].flatMap(CustomerKind.init(rawValue:)) ?? .person
                let labels = CustomerDataGap.contractLabels(codes, kind: kind)
                values["missing_ru"] = labels.map(\.ru).joined(separator: ", ")
                values["missing_en"] = labels.map(\.en).joined(separator: ", ")
            }
            // …and the blocking checks, in the words of ContractGate.
            if let list = object["blockers"], let json = try? JSONSerialization.data(withJSONObject: list),
               let blockers = try? JSONDecoder().decode([ContractGate.Blocker].self, from: json) {
                let messages = ContractGate.messages(blockers,
                    car: ContractGate.vehicleName(stockNumber: values["stock_number"] ?? "", vin: values["vin"] ?? ""),
                    customer: values["customer"] ?? "")
                values["reasons_ru"] = messages.map(\.ru).joined(separator: "; ")
                values["reasons_en"] = messages.map(\.en).joined(separator: "; ")
            }
        }
        return StateCommandRefusal(code: constraint, values: values)
    }
}

/// Calling a state command: its rule refusals become `StateCommandRefusal`, and a
/// login without EXECUTE on it hears the role it lacks (`role`, `action`), not
/// PostgreSQL's "permission denied for function".
enum StateCommand {
    @discardableResult
    static func run<T>(role: StateCommandRefusalText, action: String, values: [String: String] = [:],
                       _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.sqlstate == "42501" && error.message.contains("function kite_") {
            throw StateCommandRefusal(code: role.rawValue, values: values.merging(["action": action]) { $1 })
        } catch {
            if let refusal = StateCommandRefusal.from(error) { throw refusal }
            throw error
        }
    }
}
