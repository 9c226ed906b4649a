import Foundation
import KiteAPI
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// kite-api against a real PostgreSQL, over HTTP on a loopback port, as a phone uses it.
@Suite(.serialized) struct APITests {
    @Test func healthAndReadiness() async throws {
        let api = try await APIFixture()
        #expect(try await api.request("GET", "/healthz", token: nil).text == #"{"status":"ok"}"#)
        #expect(try await api.request("GET", "/readyz", token: nil).status == 200)
        let missing = try await api.request("GET", "/nowhere", token: nil)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "route_not_found")
    }

    @Test func aRetriedPostReturnsTheFirstAnswerAndCreatesOneAppraisal() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let key = "retry-\(UUID().uuidString)"
        let (id, first) = try await api.createAppraisal(phone, key: key)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.object["id"] as? String == id)
        #expect(first.object["happenedAt"] as? String == "2026-12-01T09:30:00.000Z")
        let (_, again) = try await api.createAppraisal(phone, id: id, key: key)
        #expect(again.status == 201)
        #expect(again.text == first.text)
        #expect(try api.owner.fetchOne(Int.self, "SELECT count(*)::int FROM appraisals") == 1)
        #expect(try api.owner.fetchOne(Int.self, "SELECT count(*)::int FROM customers WHERE name = 'Петров Пётр Петрович'") == 1)
        // The same key for another request is refused.
        let (_, other) = try await api.createAppraisal(phone, key: key, vin: "WVWZZZ1KZ6W000001")
        #expect(other.status == 409)
        #expect(other.errorCode == "idempotency_key_reused")
    }

    @Test func concurrentDuplicatesWaitAndGetTheSameAnswer() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let key = "concurrent-\(UUID().uuidString)"
        let id = UUID().uuidString.lowercased()
        let replies = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
            for _ in 0..<4 { group.addTask { try await api.createAppraisal(phone, id: id, key: key).1 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0.status == 201 })
        #expect(Set(replies.map(\.text)).count == 1)
        #expect(try api.owner.fetchOne(Int.self, "SELECT count(*)::int FROM appraisals") == 1)
    }

    @Test func aRequestRunsAsThePersonAndTheAuditNamesThem() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let (id, reply) = try await api.createAppraisal(phone)
        #expect(reply.status == 201, "\(reply.text)")
        let appraiser = try api.owner.fetchOne(String.self, "SELECT appraiser_login FROM appraisals WHERE client_id = \(id)::uuid")
        #expect(appraiser == phone.login)
        let auditors = try api.owner.fetch(String.self, "SELECT DISTINCT db_user FROM audit_trail WHERE table_name = 'appraisals'")
        #expect(auditors == [phone.login])
        let me = try await api.request("GET", "/v1/me", token: phone.token, headers: ["Accept-Language": "en"])
        #expect(me.object["login"] as? String == phone.login)
        #expect((me.object["roles"] as? [String])?.contains("appraiser") == true)
        #expect((me.object["dealership"] as? [String: Any])?["code"] as? String == "MSK")
        #expect(me.object["language"] as? String == "en")
    }

    @Test func anotherDealershipsAppraisalIsNotFound() async throws {
        let api = try await APIFixture()
        let moscow = try api.person(.appraiser, ["MSK"])
        let petersburg = try api.person(.appraiser, ["SPB"])
        let (id, created) = try await api.createAppraisal(petersburg)
        #expect(created.status == 201, "\(created.text)")
        #expect(try await api.request("GET", "/v1/appraisals/\(id)", token: petersburg.token).status == 200)
        let foreign = try await api.request("GET", "/v1/appraisals/\(id)", token: moscow.token)
        #expect(foreign.status == 404)
        #expect(foreign.errorCode == "not_found")
        let write = try await api.request("PUT", "/v1/appraisals/\(id)/paint", token: moscow.token, key: "p1",
                                    json: #"{"happenedAt":"2026-12-01T10:00:00Z","readings":[{"panel":"hood","microns":120}]}"#)
        #expect(write.status == 404)
        // The Moscow appraiser's sync does not carry it either.
        let sync = try await api.request("GET", "/v1/sync", token: moscow.token)
        #expect((sync.object["appraisals"] as? [Any])?.isEmpty == true)
    }

    @Test func aRoleWithoutAppraisalsIsRefused() async throws {
        let api = try await APIFixture()
        let clerk = try api.person(.operator)
        let (_, reply) = try await api.createAppraisal(clerk)
        #expect(reply.status == 403, "\(reply.text)")
        #expect(reply.errorCode == "kite_appraiser_role")
        #expect(!reply.text.contains("at /"))  // no trace
        #expect(try api.owner.fetchOne(Int.self, "SELECT count(*)::int FROM appraisals") == 0)
    }

    @Test func expiredRevokedAndMissingTokensAreRefused() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        #expect(try await api.request("GET", "/v1/me", token: phone.token).status == 200)
        let none = try await api.request("GET", "/v1/me", token: nil)
        #expect(none.status == 401)
        #expect(none.errorCode == "token_missing")
        #expect(try await api.request("GET", "/v1/me", token: "not-a-token").errorCode == "token_unknown")

        try api.owner.execute("""
            UPDATE api_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
             WHERE id = \(phone.tokenID)
            """)
        let expired = try await api.request("GET", "/v1/me", token: phone.token)
        #expect(expired.status == 401)
        #expect(expired.errorCode == "token_expired")

        let other = try api.person(.appraiser)
        #expect(try APITokenRepository(connection: api.owner).revoke(id: nil, device: "Pixel \(other.login)") == 1)
        let revoked = try await api.request("GET", "/v1/me", token: other.token, headers: ["Accept-Language": "en"])
        #expect(revoked.status == 401)
        #expect(revoked.errorCode == "token_revoked")
        #expect((revoked.object["error"] as? [String: Any])?["message"] as? String == "The token was revoked: ask an admin for a new one")
    }

    @Test func theSyncCursorBringsWhatChangedAndOnlyThat() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let (id, _) = try await api.createAppraisal(phone)
        let first = try await api.request("GET", "/v1/sync", token: phone.token)
        #expect(first.status == 200)
        #expect(((first.object["appraisals"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [id])
        let cursor = try #require(first.object["cursor"] as? String)
        #expect(first.object["checklistVersion"] as? String != nil)

        // The cursor is the cluster's transaction horizon: under load an appraisal may come
        // again (never missed), but then unchanged.
        let seenAt = (first.object["appraisals"] as? [[String: Any]])?.first?["updatedAt"] as? String
        let quiet = try await api.request("GET", "/v1/sync?since=\(cursor)", token: phone.token)
        #expect(((quiet.object["appraisals"] as? [[String: Any]]) ?? []).allSatisfy { $0["updatedAt"] as? String == seenAt }, "\(quiet.text)")

        try api.offer(id)
        let changed = try await api.request("GET", "/v1/sync?since=\(cursor)", token: phone.token)
        let appraisals = (changed.object["appraisals"] as? [[String: Any]]) ?? []
        #expect(appraisals.count == 1)
        let offer = appraisals.first?["offer"] as? [String: Any]
        #expect(offer?["amount"] as? String == "830000.00")
        #expect(offer?["version"] as? Int == 1)
        #expect(appraisals.first?["state"] as? String == "offered")

        let next = try #require(changed.object["cursor"] as? String)
        #expect(UInt64(next)! >= UInt64(cursor)!)
        let offeredAt = appraisals.first?["updatedAt"] as? String
        let after = try await api.request("GET", "/v1/sync?since=\(next)", token: phone.token)
        #expect(((after.object["appraisals"] as? [[String: Any]]) ?? []).allSatisfy { $0["updatedAt"] as? String == offeredAt })
        #expect(try await api.request("GET", "/v1/sync?since=abc", token: phone.token).status == 400)
    }

    @Test func anAnswerToAChangedOfferIsRefusedAndShownToBoth() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let (id, _) = try await api.createAppraisal(phone)
        try api.offer(id)
        // The phone saw version 1; the back office changes the offer while it is offline.
        try api.offer(id, amount: 800_000)
        let stale = try await api.request("POST", "/v1/appraisals/\(id)/answer", token: phone.token, key: "a1",
                                    json: #"{"happenedAt":"2026-12-01T11:00:00Z","accepted":true,"offerVersion":1}"#)
        #expect(stale.status == 409, "\(stale.text)")
        #expect(stale.errorCode == "offer_changed")
        let current = (stale.object["error"] as? [String: Any])?["appraisal"] as? [String: Any]
        #expect((current?["offer"] as? [String: Any])?["amount"] as? String == "800000.00")
        #expect(current?["state"] as? String == "offered")
        let audit = try api.owner.fetchOne(String.self, """
            SELECT actor FROM audit_log WHERE entity = 'appraisal' AND action = 'answer_refused_offer_changed'
            """)
        #expect(audit == phone.login)

        let fresh = try await api.request("POST", "/v1/appraisals/\(id)/answer", token: phone.token, key: "a2",
                                    json: #"{"happenedAt":"2026-12-01T11:05:00Z","accepted":true,"offerVersion":2}"#)
        #expect(fresh.status == 200, "\(fresh.text)")
        #expect(fresh.object["state"] as? String == "accepted")
    }

    @Test func checklistAndPaintKeepThePhonesTime() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let (id, _) = try await api.createAppraisal(phone)
        let checklist = try await api.request("GET", "/v1/checklist", token: phone.token)
        let section = try #require((checklist.object["sections"] as? [[String: Any]])?.first)
        let item = "\(section["code"] as! String).\(((section["items"] as! [[String: Any]]).first!["code"] as! String))"
        let saved = try await api.request("PUT", "/v1/appraisals/\(id)/checklist", token: phone.token, key: "c1", json: """
            {"happenedAt":"2026-12-01T09:45:00Z","answers":[{"item":"\(item)","answer":"defect","severity":2,"note":"скол"}]}
            """)
        #expect(saved.status == 200, "\(saved.text)")
        let answer = (saved.object["answers"] as? [[String: Any]])?.first
        #expect(answer?["happenedAt"] as? String == "2026-12-01T09:45:00.000Z")
        #expect(answer?["receivedAt"] as? String != nil)
        #expect(answer?["answer"] as? String == "defect")
        let bad = try await api.request("PUT", "/v1/appraisals/\(id)/checklist", token: phone.token, key: "c2", json: """
            {"happenedAt":"2026-12-01T09:45:00Z","answers":[{"item":"\(item)","answer":"defect"}]}
            """)
        #expect(bad.status == 400)
        #expect((bad.object["error"] as? [String: Any])?["field"] as? String == "answers[0].severity")
    }

    @Test func aPhotoUploadResumesAfterTheConnectionIsCut() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let (id, _) = try await api.createAppraisal(phone)
        var photo = [UInt8](repeating: 0, count: 2_500_000)
        photo[0] = 0xFF; photo[1] = 0xD8; photo[2] = 0xFF; photo[3] = 0xE0
        for i in 4..<photo.count { photo[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        let photoID = UUID().uuidString.lowercased()
        let started = try await api.request("POST", "/v1/appraisals/\(id)/photos", token: phone.token, key: "ph1", json: """
            {"id":"\(photoID)","kind":"front","sha256":"\(SHA256.hex(photo))","size":\(photo.count),"contentType":"image/jpeg"}
            """)
        #expect(started.status == 201, "\(started.text)")
        #expect(started.object["received"] as? Int == 0)
        let chunk = 1 << 20
        let one = try await api.request("PUT", "/v1/photos/\(photoID)?offset=0", token: phone.token, body: Array(photo[0..<chunk]))
        #expect(one.object["received"] as? Int == chunk, "\(one.text)")

        // The second chunk: the network drops half-way through it.
        try HTTPClient.sendCut(port: api.port, method: "PUT", path: "/v1/photos/\(photoID)?offset=\(chunk)",
                               headers: ["Authorization": "Bearer \(phone.token)"], length: chunk,
                               partial: Array(photo[chunk..<(chunk + chunk / 2)]))
        let state = try await api.request("GET", "/v1/photos/\(photoID)", token: phone.token)
        #expect(state.object["received"] as? Int == chunk)
        #expect(state.object["complete"] as? Bool == false)

        // A wrong offset is told where to resume.
        let wrong = try await api.request("PUT", "/v1/photos/\(photoID)?offset=\(chunk + 10)", token: phone.token, body: [1, 2, 3])
        #expect(wrong.status == 409)
        #expect((wrong.object["error"] as? [String: Any])?["received"] as? Int == chunk)

        var offset = chunk
        while offset < photo.count {
            let end = min(photo.count, offset + chunk)
            let reply = try await api.request("PUT", "/v1/photos/\(photoID)?offset=\(offset)", token: phone.token, body: Array(photo[offset..<end]))
            #expect(reply.status == 200, "\(reply.text)")
            offset = end
        }
        let done = try await api.request("GET", "/v1/photos/\(photoID)", token: phone.token)
        #expect(done.object["complete"] as? Bool == true)
        let appraisal = try await api.request("GET", "/v1/appraisals/\(id)", token: phone.token)
        #expect((appraisal.object["photos"] as? [String: Any])?["count"] as? Int == 1)
        // The bytes in the database are the photo's, once.
        let stored = try AppraisalPhotoRepository(connection: api.owner)
            .completePhotos(appraisalID: try api.owner.fetchOne(Int64.self, "SELECT id FROM appraisals")!)
        #expect(stored.count == 1)
        #expect(stored.first.map { Array($0.bytes) } == photo)
        // Repeating the start gives the state, not a second photo.
        let again = try await api.request("POST", "/v1/appraisals/\(id)/photos", token: phone.token, key: "ph2", json: """
            {"id":"\(photoID)","kind":"front","sha256":"\(SHA256.hex(photo))","size":\(photo.count),"contentType":"image/jpeg"}
            """)
        #expect(again.object["complete"] as? Bool == true)
    }

    @Test func aPhotoWithAWrongDigestOrContentIsDiscarded() async throws {
        let api = try await APIFixture(maxPhotoBytes: 4096)
        let phone = try api.person(.appraiser)
        let (id, _) = try await api.createAppraisal(phone)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 100)
        func start(_ bytes: [UInt8], type: String, sha: String? = nil) async throws -> String {
            let photoID = UUID().uuidString.lowercased()
            let reply = try await api.request("POST", "/v1/appraisals/\(id)/photos", token: phone.token, key: photoID, json: """
                {"id":"\(photoID)","kind":"damage","item":"body.paint","sha256":"\(sha ?? SHA256.hex(bytes))","size":\(bytes.count),"contentType":"\(type)"}
                """)
            #expect(reply.status == 201, "\(reply.text)")
            return photoID
        }
        let wrongDigest = try await start(png, type: "image/png", sha: String(repeating: "0", count: 64))
        let mismatch = try await api.request("PUT", "/v1/photos/\(wrongDigest)?offset=0", token: phone.token, body: png)
        #expect(mismatch.status == 422)
        #expect(mismatch.errorCode == "photo_checksum")
        #expect(try await api.request("GET", "/v1/photos/\(wrongDigest)", token: phone.token).object["received"] as? Int == 0)

        let notJPEG = try await start(png, type: "image/jpeg")
        let content = try await api.request("PUT", "/v1/photos/\(notJPEG)?offset=0", token: phone.token, body: png)
        #expect(content.status == 422)
        #expect(content.errorCode == "photo_not_image")

        let ok = try await start(png, type: "image/png")
        #expect(try await api.request("PUT", "/v1/photos/\(ok)?offset=0", token: phone.token, body: png).object["complete"] as? Bool == true)

        let big = UUID().uuidString.lowercased()
        let tooBig = try await api.request("POST", "/v1/appraisals/\(id)/photos", token: phone.token, key: big, json: """
            {"id":"\(big)","kind":"front","sha256":"\(SHA256.hex(png))","size":5000,"contentType":"image/png"}
            """)
        #expect(tooBig.status == 413)
        let gif = try await api.request("POST", "/v1/appraisals/\(id)/photos", token: phone.token, key: "gif", json: """
            {"id":"\(UUID().uuidString)","kind":"front","sha256":"\(SHA256.hex(png))","size":10,"contentType":"image/gif"}
            """)
        #expect(gif.status == 415)
    }

    @Test func badBodiesGetAClearMessageNamingTheField() async throws {
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        let notJSON = try await api.request("POST", "/v1/appraisals", token: phone.token, key: "b1", json: "{nope")
        #expect(notJSON.status == 400)
        #expect(notJSON.errorCode == "bad_json")
        let noKey = try await api.request("POST", "/v1/appraisals", token: phone.token, json: "{}")
        #expect(noKey.status == 400)
        #expect(noKey.errorCode == "idempotency_key_required")
        let missing = try await api.request("POST", "/v1/appraisals", token: phone.token, key: "b2",
                                      json: #"{"id":"\#(UUID().uuidString)","happenedAt":"2026-12-01T09:30:00Z"}"#)
        #expect(missing.status == 400)
        #expect((missing.object["error"] as? [String: Any])?["field"] as? String == "vin")
        #expect(((missing.object["error"] as? [String: Any])?["message"] as? String)?.contains("vin") == true)
    }

    @Test func theRateLimitAnswers429() async throws {
        let api = try await APIFixture(rateLimitPerMinute: 2)
        let phone = try api.person(.appraiser)
        _ = try await api.request("GET", "/v1/me", token: phone.token)
        _ = try await api.request("GET", "/v1/me", token: phone.token)
        let limited = try await api.request("GET", "/v1/me", token: phone.token)
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] != nil)
    }

    @Test func theWebAppIsServedFromItsDirectory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kite-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("<!doctype html><title>Кайт</title>".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("console.log(1)".utf8).write(to: root.appendingPathComponent("app.js"))
        let api = try await APIFixture(webRoot: root.path)
        let index = try await api.request("GET", "/app/", token: nil)
        #expect(index.status == 200)
        #expect(index.text.contains("Кайт"))
        #expect(try await api.request("GET", "/app/app.js", token: nil).text == "console.log(1)")
        let root302 = try await api.request("GET", "/", token: nil)
        #expect(root302.status == 302)
        #expect(root302.headers["location"] == "/app/")
        #expect(try await api.request("GET", "/app/../Package.swift", token: nil).status != 200)
    }

    @Test func theIdentityFunctionsNoLongerNameSessionUser() async throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let names = ["kite_employee_id", "kite_has_role", "kite_sees_all_dealerships", "kite_my_dealerships", "kite_is_admin",
                     "kite_require_role", "kite_actor", "kite_require_any_role", "kite_stamp_actor", "kite_is_appraiser",
                     "kite_require_appraiser", "appraisal_offer", "appraisal_approve", "kite_may_buy_used", "appraisal_buy"]
        let still = try connection.fetch(String.self, """
            SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = ANY(\(names))
               AND p.prosrc ~ 'session_user'
            """)
        #expect(still.isEmpty)
        // A login outside kite_api that sets kite.person is still itself.
        try connection.execute("SET kite.person = 'somebody'")
        #expect(try connection.fetchOne(Bool.self, "SELECT kite_login() = session_user::text") == true)
    }
}
