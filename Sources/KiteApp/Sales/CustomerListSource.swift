import KiteDomain
import KiteStore
import KiteUI

/// Клиенты on the browser: the name/phone/passport/INN search of `CustomerRepository`,
/// continued by position (its order ranks names that start with the first word first).
@MainActor
final class CustomerListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
    }

    func reader(_ request: PageRequest<CustomerRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [CustomerRow])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        return { try Array(CustomerRepository(connection: $0).search(text, limit: skip + limit).dropFirst(skip)) }
    }

    func open(_ row: CustomerRow, in browser: BrowserScreen<CustomerListSource>) { app.openCustomer(id: row.id, form: form) }
    func openNew(in browser: BrowserScreen<CustomerListSource>) { app.openNewCustomer(initialText: "", form: form) }
}

extension CustomerRow: ListRow {
    var rowID: Int64 { id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "name": .text(name)
        case "kind": .label(kind.label)
        case "phone": .text(phone)
        case "birth_date": .text(birthDate?.russianText ?? "")
        case "passport": .text(passportNumber.isEmpty ? "" : passportSeries + " " + passportNumber)
        case "inn": .text(inn)
        case "email": .text(email)
        default: .none
        }
    }
}

extension PageRequest {
    /// For sources that continue by position: rows to skip and how many to read after
    /// them (nil for `.before`/`.last`, and after a row whose position is not known).
    var offsetWindow: (skip: Int, limit: Int)? {
        switch self {
        case .first(let limit): (0, limit)
        case .after(_, let position?, let limit): (position + 1, limit)
        default: nil
        }
    }
}
