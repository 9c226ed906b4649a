import Foundation
import KiteDomain
import KiteStore

/// The /v1 routes' work, on the pooled connection inside the person's transaction.
enum Routes {
    typealias Scope = APIServer.Scope

    static let photoKinds: Set<String> = ["front", "rear", "left", "right", "interior", "odometer", "vin_plate", "engine", "damage"]
    static let contentTypes: Set<String> = ["image/jpeg", "image/png", "image/heic"]

    // MARK: who and what

    static func me(_ scope: Scope) throws -> (Int, JSONValue) {
        guard let person = try APISession(connection: scope.connection).person() else {
            throw APIError(404, .notFound, ["what": scope.language == .ru ? "Сотрудник" : "Employee"])
        }
        let roles = person.roles.split(separator: ",").map { JSONValue.string(String($0.dropFirst("kite_".count))) }
        return (200, .object([
            "login": .string(person.login),
            "name": .string(person.fullName),
            "dealership": .object(["id": .int(person.dealershipId ?? 0), "code": .string(person.dealershipCode ?? ""),
                                   "name": .string(person.dealershipName ?? "")]),
            "roles": .array(roles),
            "language": .string(scope.language == .en ? "en" : "ru"),
        ]))
    }

    static func vin(_ text: String) throws -> (Int, JSONValue) {
        let vin = VIN.normalize(String(text.prefix(64)))
        let report = VINDecoder.decode(vin)
        var object: [String: JSONValue] = ["vin": .string(vin), "valid": .bool(report.valid)]
        if let issue = report.issues.first(where: { $0.severity == .error }) ?? report.issues.first {
            object["message"] = .string(issue.message.en)
        }
        if let make = report.manufacturer { object["make"] = .string(make) }
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        if let year = report.modelYears.filter({ $0 <= thisYear + 1 }).max() { object["modelYear"] = .int(year) }
        if let country = report.country { object["country"] = .string(country) }
        return (200, .object(object))
    }

    static func customers(_ scope: Scope, q: String) throws -> (Int, JSONValue) {
        guard q.count <= 100 else { throw APIError.invalid("q", "at most 100 characters") }
        let rows = try CustomerRepository(connection: scope.connection).search(q, limit: 20)
        return (200, .array(rows.prefix(20).map { row in
            .object(["id": .int(row.id), "name": .string(row.name), "phone": .string(row.phone)])
        }))
    }

    // MARK: appraisals

    static func appraisal(_ scope: Scope, id: String) throws -> Appraisal {
        guard let uuid = UUID(uuidString: id) else { throw APIError.invalid("id", "a UUID") }
        guard let found = try AppraisalRepository(connection: scope.connection).get(clientID: uuid.uuidString.lowercased()) else {
            throw APIError(404, .notFound, ["what": scope.language == .ru ? "Оценка \(id)" : "Appraisal \(id)"])
        }
        return found
    }

    static func view(_ scope: Scope, _ appraisal: Appraisal) throws -> JSONValue {
        AppraisalJSON.json(try AppraisalRepository(connection: scope.connection).phoneView(appraisal))
    }

    static func createAppraisal(_ scope: Scope) throws -> (Int, JSONValue) {
        let body = try scope.json()
        let clientID = try body.uuid("id")
        let happenedAt = try body.time("happenedAt")
        let repository = AppraisalRepository(connection: scope.connection)
        if let existing = try repository.get(clientID: clientID) {
            // The phone's UUID makes the creation idempotent whatever the key.
            return (201, try view(scope, existing))
        }
        var a = Appraisal()
        a.clientID = clientID
        a.happenedAt = happenedAt
        a.source = .field
        a.appraiserLogin = scope.login
        a.vin = try body.requiredString("vin", max: 17)
        a.plate = try body.string("plate", max: 12, required: false) ?? ""
        a.make = try body.requiredString("make", max: Appraisal.maxMakeLength)
        a.model = try body.requiredString("model", max: Appraisal.maxModelLength)
        a.modelYear = try body.int("modelYear", 1950...2100)!
        a.mileageKm = try body.int("mileageKm", 0...3_000_000)!
        a.colour = try body.string("colour", max: Appraisal.maxColourLength, required: false) ?? ""
        let pts = try body.requiredString("ptsKind", max: 20)
        guard let ptsKind = PTSKind(rawValue: pts) else { throw APIError.invalid("ptsKind", "paper or electronic") }
        a.ptsKind = ptsKind
        a.ptsNumber = try body.requiredString("ptsNumber", max: 20)
        a.owners = try body.int("owners", 1...99)!
        a.keysCount = try body.int("keys", 0...9)!
        a.serviceBook = try body.bool("serviceBook", required: false) ?? false
        if let bodyType = try body.string("bodyType", max: 30, required: false), !bodyType.isEmpty {
            guard bodyType.range(of: "^[a-z_]{1,30}$", options: .regularExpression) != nil else {
                throw APIError.invalid("bodyType", "a-z and _")
            }
            a.body = bodyType
        }
        guard VIN.normalize(a.vin).range(of: "^[A-HJ-NPR-Z0-9]{17}$", options: .regularExpression) != nil else {
            throw APIError.invalid("vin", "17 characters: digits and Latin letters except I, O, Q")
        }
        guard let person = try APISession(connection: scope.connection).person(), let dealership = person.dealershipId else {
            throw APIError(403, .forbidden)
        }
        a.dealershipID = dealership
        let seller = try body.object("seller")
        if seller.has("customerId") {
            let customerID = try seller.int64("customerId", 1...Int64.max)
            guard try CustomerRepository(connection: scope.connection).get(id: customerID) != nil else {
                throw APIError(404, .notFound, ["what": scope.language == .ru ? "Клиент \(customerID)" : "Customer \(customerID)"],
                               field: "seller.customerId")
            }
            a.sellerID = customerID
        } else {
            let name = try seller.requiredString("name", max: 200).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw APIError.required("seller.name") }
            let (phone, issues) = PhoneNumber.normalize(try seller.requiredString("phone", max: 30), field: "seller.phone")
            guard let phone else {
                throw APIError.invalid("seller.phone", issues.first?.message.text(scope.language) ?? "+7 and 10 digits")
            }
            var customer = Customer(kind: .person, name: name)
            customer.phone = phone
            customer.dealershipID = dealership
            a.sellerID = try CustomerRepository(connection: scope.connection).insert(customer, actor: scope.login).id
        }
        let today = CivilDate(Date(), timeZone: TimeZone(identifier: "Europe/Moscow")!)
        let stored = try repository.create(a, on: today, actor: scope.login)
        return (201, try view(scope, stored))
    }

    static func getAppraisal(_ scope: Scope, id: String) throws -> (Int, JSONValue) {
        (200, try view(scope, try appraisal(scope, id: id)))
    }

    static func putChecklist(_ scope: Scope, id: String, checklist: ChecklistDocument) throws -> (Int, JSONValue) {
        let a = try appraisal(scope, id: id)
        let body = try scope.json()
        let happenedAt = try body.time("happenedAt")
        let known = Set(checklist.checklist.items.map(\.code))
        let answers: [AppraisalAnswer] = try body.array("answers", max: 500).enumerated().map { index, item in
            let field = "answers[\(index)]"
            let code = try item.requiredString("item", max: 81)
            guard known.contains(code) else { throw APIError.invalid(field + ".item", "an item of the checklist (section.item)") }
            let answer: ChecklistAnswer = switch try item.requiredString("answer", max: 20) {
            case "ok": .ok
            case "defect": .defect
            case "na": .notApplicable
            default: throw APIError.invalid(field + ".answer", "ok, defect or na")
            }
            let severity = try item.int("severity", 1...3, required: false)
            if answer == .defect, severity == nil { throw APIError.invalid(field + ".severity", "1, 2 or 3 for a defect") }
            if answer != .defect, severity != nil { throw APIError.invalid(field + ".severity", "only for a defect") }
            let note = try item.string("note", max: 500, required: false) ?? ""
            return AppraisalAnswer(itemCode: code, answer: answer, severity: severity.flatMap(DefectSeverity.init(rawValue:)), note: note)
        }
        try AppraisalRepository(connection: scope.connection).saveAnswers(appraisalID: a.id, answers, happenedAt: happenedAt, actor: scope.login)
        return (200, try view(scope, try appraisal(scope, id: id)))
    }

    static func putPaint(_ scope: Scope, id: String) throws -> (Int, JSONValue) {
        let a = try appraisal(scope, id: id)
        let body = try scope.json()
        let happenedAt = try body.time("happenedAt")
        let readings: [PaintReading] = try body.array("readings", max: 100).enumerated().map { index, item in
            let panel = try item.requiredString("panel", max: 40)
            guard panel.range(of: "^[a-z0-9_]{1,40}$", options: .regularExpression) != nil else {
                throw APIError.invalid("readings[\(index)].panel", "a panel code (a-z, 0-9, _)")
            }
            return PaintReading(panel: panel, microns: try item.int("microns", 0...5000)!)
        }
        try AppraisalRepository(connection: scope.connection).savePaint(appraisalID: a.id, readings, happenedAt: happenedAt, actor: scope.login)
        return (200, try view(scope, try appraisal(scope, id: id)))
    }

    /// The seller's answer, under the conflict rule (README): an offer changed since the
    /// phone saw it refuses the answer with 409 offer_changed and the current appraisal; the
    /// refusal is written to the audit log, where the back office sees it.
    static func answer(_ scope: Scope, id: String) throws -> (Int, JSONValue) {
        let a = try appraisal(scope, id: id)
        let body = try scope.json()
        let happenedAt = try body.time("happenedAt")
        let accepted = try body.bool("accepted")!
        let reason = try body.string("reason", max: 500, required: false) ?? ""
        let seen = try body.int("offerVersion", 0...1_000_000)!
        let repository = AppraisalRepository(connection: scope.connection)
        do {
            try repository.answer(appraisalID: a.id, accepted: accepted, reason: reason, seenOfferVersion: seen, actor: scope.login)
        } catch let refusal as AppraisalRefusal where refusal.code == "offer_changed" {
            let current = try repository.offerVersion(appraisalID: a.id)
            try repository.recordRefusedAnswer(appraisalID: a.id, details: [
                "seen_offer_version": String(seen), "offer_version": String(current),
                "accepted": accepted ? "true" : "false", "happened_at": RFC3339.format(happenedAt!)], actor: scope.login)
            var error = APIError(status: 409, code: refusal.code, message: refusal.localizedReason)
            error.extra["appraisal"] = try view(scope, try appraisal(scope, id: id))
            return (409, error.json(scope.language))
        }
        return (200, try view(scope, try appraisal(scope, id: id)))
    }

    // MARK: photos

    static func photoJSON(_ photo: AppraisalPhotoRepository.Photo) -> JSONValue {
        .object(["id": .string(photo.id), "received": .int(photo.received), "size": .int(photo.size), "complete": .bool(photo.complete)])
    }

    static func startPhoto(_ scope: Scope, appraisal id: String, maxBytes: Int) throws -> (Int, JSONValue) {
        let a = try appraisal(scope, id: id)
        let body = try scope.json()
        let photoID = try body.uuid("id")
        let kind = try body.requiredString("kind", max: 20)
        guard photoKinds.contains(kind) else { throw APIError.invalid("kind", photoKinds.sorted().joined(separator: ", ")) }
        let item = try body.string("item", max: 81, required: false)
        if let item, item.range(of: "^[a-z0-9_]{1,40}\\.[a-z0-9_]{1,40}$", options: .regularExpression) == nil {
            throw APIError.invalid("item", "a checklist item (section.item)")
        }
        let sha = try body.requiredString("sha256", max: 64).lowercased()
        guard sha.range(of: "^[0-9a-f]{64}$", options: .regularExpression) != nil else { throw APIError.invalid("sha256", "64 hex digits") }
        let size = try body.int64("size", 1...Int64.max)
        guard size <= Int64(maxBytes) else {
            throw APIError(413, .tooLarge, ["limit": String(maxBytes)], field: "size")
        }
        let type = try body.requiredString("contentType", max: 40)
        guard contentTypes.contains(type) else { throw APIError(415, .unsupportedMediaType, ["type": type], field: "contentType") }
        let happenedAt = try body.time("happenedAt", required: false)
        let (photo, _) = try AppraisalPhotoRepository(connection: scope.connection).start(
            id: photoID, appraisalID: a.id, kind: kind, itemCode: item, sha256: sha, size: size, contentType: type, happenedAt: happenedAt)
        return (201, photoJSON(photo))
    }

    static func photo(_ scope: Scope, id: String) throws -> AppraisalPhotoRepository.Photo {
        guard let uuid = UUID(uuidString: id) else { throw APIError.invalid("photoId", "a UUID") }
        guard let photo = try AppraisalPhotoRepository(connection: scope.connection).get(id: uuid.uuidString.lowercased()) else {
            throw APIError(404, .notFound, ["what": scope.language == .ru ? "Фото \(id)" : "Photo \(id)"])
        }
        return photo
    }

    static func photoState(_ scope: Scope, id: String) throws -> (Int, JSONValue) {
        (200, photoJSON(try photo(scope, id: id)))
    }

    /// A chunk. The refusals that discard bytes (SHA-256, magic bytes) are answers, not
    /// throws: the discard is committed.
    static func putChunk(_ scope: Scope, id: String, offset: String?) throws -> (Int, JSONValue) {
        let current = try photo(scope, id: id)
        guard let text = offset else { throw APIError.required("offset") }
        guard let start = Int64(text), start >= 0 else { throw APIError.invalid("offset", "a whole number, 0 or more") }
        do {
            let updated = try AppraisalPhotoRepository(connection: scope.connection).append(id: current.id, offset: start, bytes: scope.body)
            return (200, photoJSON(updated))
        } catch let refusal as AppraisalPhotoRepository.ChunkRefusal {
            let error: APIError = switch refusal {
            case .wrongOffset(let received):
                APIError(409, .photoOffset, ["received": String(received)], field: "offset", extra: ["received": .int(received)])
            case .tooLong(let size): APIError(413, .photoTooLong, ["size": String(size)])
            case .checksumMismatch: APIError(422, .photoChecksum, field: "sha256", extra: ["received": .int(0)])
            case .notAnImage(let type): APIError(422, .photoNotImage, ["type": type], field: "contentType", extra: ["received": .int(0)])
            case .complete: APIError(409, .photoComplete, extra: ["received": .int(current.size)])
            }
            return (error.status, error.json(scope.language))
        }
    }

    // MARK: sync

    static func sync(_ scope: Scope, since: String?, checklistVersion: String) throws -> (Int, JSONValue) {
        var cursor: UInt64?
        if let since, !since.isEmpty {
            guard let value = UInt64(since) else { throw APIError.invalid("since", "the cursor of an earlier answer") }
            cursor = value
        }
        let repository = AppraisalRepository(connection: scope.connection)
        let (appraisals, next) = try repository.changedForMe(since: cursor)
        return (200, .object([
            "cursor": .string(next),
            "checklistVersion": .string(checklistVersion),
            "appraisals": .array(try appraisals.map { AppraisalJSON.json(try repository.phoneView($0)) }),
        ]))
    }
}

/// The contract's Appraisal object.
enum AppraisalJSON {
    static func json(_ view: AppraisalRepository.PhoneView) -> JSONValue {
        let a = view.appraisal
        var offer: JSONValue = .null
        if let amount = a.offerAmount, let validUntil = a.offerValidUntil {
            var breakdown: [String: JSONValue] = [
                "expectedRetail": .string((a.expectedRetail ?? .zero).decimalString),
                "reconditioning": .string((a.reconditioning ?? .zero).decimalString),
                "targetMargin": .string((a.targetMargin ?? .zero).decimalString),
                "holdingCost": .string((a.holdingCost ?? .zero).decimalString),
            ]
            if !a.offerReason.isEmpty { breakdown["reason"] = .string(a.offerReason) }
            var object: [String: JSONValue] = ["amount": .string(amount.decimalString), "validUntil": .string(validUntil.isoText),
                                               "version": .int(view.offerVersion), "breakdown": .object(breakdown)]
            if let approvedBy = a.approvedBy { object["approvedBy"] = .string(approvedBy) }
            offer = .object(object)
        }
        let answers: [JSONValue] = view.answers.map { answer in
            var object: [String: JSONValue] = [
                "item": .string(answer.itemCode),
                "answer": .string(answer.answer == .notApplicable ? "na" : answer.answer.rawValue),
                "note": .string(answer.note),
                "receivedAt": .time(answer.receivedAt),
            ]
            if let severity = answer.severity { object["severity"] = .int(severity) }
            if let happenedAt = answer.happenedAt { object["happenedAt"] = .time(happenedAt) }
            return .object(object)
        }
        let paint: [JSONValue] = view.paint.map { reading in
            var object: [String: JSONValue] = ["panel": .string(reading.panel), "microns": .int(reading.microns),
                                               "receivedAt": .time(reading.receivedAt)]
            if let happenedAt = reading.happenedAt { object["happenedAt"] = .time(happenedAt) }
            return .object(object)
        }
        let checks: [JSONValue] = view.checks.map { check in
            .object(["kind": .string(check.checkName), "status": .string(check.status), "summary": .string(check.details),
                     "checkedAt": .time(check.checkedAt)])
        }
        return .object([
            "id": .optional(a.clientID),
            "number": .string(a.number),
            "state": .string(a.state.rawValue),
            "vin": .string(a.vin),
            "plate": .string(a.plate),
            "make": .string(a.make),
            "model": .string(a.model),
            "modelYear": .int(a.modelYear),
            "mileageKm": .int(a.mileageKm),
            "colour": .string(a.colour),
            "ptsKind": .string(a.ptsKind.rawValue),
            "ptsNumber": .string(a.ptsNumber),
            "owners": .int(a.owners),
            "keys": .int(a.keysCount),
            "serviceBook": .bool(a.serviceBook),
            "bodyType": .string(a.body),
            "seller": .object(["id": .int(view.seller.id), "name": .string(view.seller.name), "phone": .string(view.seller.phone)]),
            "offer": offer,
            "declineReason": .string(a.declineReason),
            "answers": .array(answers),
            "paint": .array(paint),
            "photos": .object(["count": .int(view.photos.count), "kinds": .array(view.photos.kinds.map(JSONValue.string))]),
            "checks": .array(checks),
            "happenedAt": .time(a.happenedAt),
            "receivedAt": .time(a.receivedAt ?? a.createdAt),
            "updatedAt": .time(a.updatedAt),
        ])
    }
}
