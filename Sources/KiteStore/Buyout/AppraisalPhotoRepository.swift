import Foundation

/// Photos of an appraisal, uploaded by the phone in chunks (migration 0046): the upload is
/// opened with the photo's size, SHA-256 and type, each chunk must start where the last one
/// ended, and on the last byte the database checks the SHA-256 and the magic bytes; a
/// mismatch discards the bytes received.
public struct AppraisalPhotoRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    public struct Photo: Sendable, Hashable, Decodable {
        public var id: String
        public var appraisalId: Int64
        public var kind: String
        public var itemCode: String?
        public var sha256: String
        public var size: Int64
        public var contentType: String
        public var received: Int64
        public var complete: Bool
    }

    /// Why a chunk was refused.
    public enum ChunkRefusal: Error, Sendable, Hashable {
        /// The chunk does not start at `received`.
        case wrongOffset(received: Int64)
        /// The chunk would go past the announced size.
        case tooLong(size: Int64)
        /// The whole photo's SHA-256 is not the announced one (the bytes were discarded).
        case checksumMismatch
        /// The bytes are not of the announced type (the bytes were discarded).
        case notAnImage(expected: String)
        case complete
    }

    public func get(id: String) throws -> Photo? {
        try connection.fetchOne(Photo.self, """
            SELECT id::text AS id, appraisal_id, kind, item_code, sha256, size, content_type, received, complete
              FROM appraisal_photos WHERE id = \(id)::uuid
            """)
    }

    /// Opens an upload (or returns the photo as it stands when the id exists).
    public func start(id: String, appraisalID: Int64, kind: String, itemCode: String?, sha256: String, size: Int64,
                      contentType: String, happenedAt: Date?) throws -> (photo: Photo, created: Bool) {
        if let existing = try get(id: id) { return (existing, false) }
        try connection.execute("""
            INSERT INTO appraisal_photos (id, appraisal_id, kind, item_code, sha256, size, content_type, happened_at)
            VALUES (\(id)::uuid, \(appraisalID), \(kind), \(itemCode), \(sha256), \(size), \(contentType), \(happenedAt))
            """)
        return (try get(id: id)!, true)
    }

    /// Stores the chunk at `offset`; on the last byte checks the whole photo. A chunk the
    /// server already has (a repeat after a lost answer) changes nothing.
    public func append(id: String, offset: Int64, bytes: [UInt8]) throws -> Photo {
        guard let photo = try connection.fetchOne(Photo.self, """
            SELECT id::text AS id, appraisal_id, kind, item_code, sha256, size, content_type, received, complete
              FROM appraisal_photos WHERE id = \(id)::uuid FOR UPDATE
            """) else { throw DatabaseError(sqlstate: "P0001", message: "no photo \(id)", constraint: "photo_not_found") }
        if offset + Int64(bytes.count) <= photo.received, !bytes.isEmpty { return photo }
        if photo.complete { throw ChunkRefusal.complete }
        guard offset == photo.received else { throw ChunkRefusal.wrongOffset(received: photo.received) }
        guard offset + Int64(bytes.count) <= photo.size else { throw ChunkRefusal.tooLong(size: photo.size) }
        guard !bytes.isEmpty else { return photo }
        let hex = Self.byteaText(bytes)
        try connection.execute("INSERT INTO appraisal_photo_chunks (photo_id, start, data) VALUES (\(id)::uuid, \(offset), \(hex)::bytea)")
        let received = offset + Int64(bytes.count)
        try connection.execute("UPDATE appraisal_photos SET received = \(received) WHERE id = \(id)::uuid")
        guard received == photo.size else {
            var updated = photo
            updated.received = received
            return updated
        }
        // The last byte: the digest and the magic bytes, computed by the database.
        struct Whole: Decodable { var digest: String; var head: String }
        let whole = try connection.fetchOne(Whole.self, """
            SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY start)), 'hex') AS digest,
                   encode(substring(string_agg(data, ''::bytea ORDER BY start) FROM 1 FOR 16), 'hex') AS head
              FROM appraisal_photo_chunks WHERE photo_id = \(id)::uuid
            """)
        let problem: ChunkRefusal? = if whole?.digest != photo.sha256 {
            .checksumMismatch
        } else if !Self.magicMatches(hexHead: whole?.head ?? "", contentType: photo.contentType) {
            .notAnImage(expected: photo.contentType)
        } else {
            nil
        }
        if let problem {
            try connection.execute("DELETE FROM appraisal_photo_chunks WHERE photo_id = \(id)::uuid")
            try connection.execute("UPDATE appraisal_photos SET received = 0 WHERE id = \(id)::uuid")
            throw problem
        }
        try connection.execute("UPDATE appraisal_photos SET complete = true, completed_at = now() WHERE id = \(id)::uuid")
        var done = photo
        done.received = received
        done.complete = true
        return done
    }

    /// `\\x0a1b…`: bytea's text form, for a bind.
    static func byteaText(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 2 + bytes.count * 2)
        text[0] = 92  // backslash
        text[1] = 120  // x
        for (index, byte) in bytes.enumerated() {
            text[2 + index * 2] = digits[Int(byte >> 4)]
            text[3 + index * 2] = digits[Int(byte & 15)]
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// JPEG FF D8 FF; PNG 89 50 4E 47 0D 0A 1A 0A; HEIC an ISO box `ftyp` with a HEIF brand.
    public static func magicMatches(hexHead: String, contentType: String) -> Bool {
        let head = hexHead.lowercased()
        switch contentType {
        case "image/jpeg": return head.hasPrefix("ffd8ff")
        case "image/png": return head.hasPrefix("89504e470d0a1a0a")
        case "image/heic":
            // bytes 4..8 "ftyp", 8..12 the brand.
            guard head.count >= 24 else { return false }
            let chars = Array(head)
            let box = String(chars[8..<16]), brand = String(chars[16..<24])
            let brands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].map { word in
                word.utf8.map { String(format: "%02x", $0) }.joined()
            }
            return box == "66747970" && brands.contains(brand)
        default: return false
        }
    }

    /// The complete photos of an appraisal with their bytes (`kite export photos`).
    public func completePhotos(appraisalID: Int64) throws -> [(photo: Photo, bytes: Data)] {
        let photos = try connection.fetch(Photo.self, """
            SELECT id::text AS id, appraisal_id, kind, item_code, sha256, size, content_type, received, complete
              FROM appraisal_photos WHERE appraisal_id = \(appraisalID) AND complete ORDER BY received_at, id
            """)
        return try photos.map { photo in
            let chunks = try connection.fetch(String.self, """
                SELECT encode(data, 'base64') FROM appraisal_photo_chunks WHERE photo_id = \(photo.id)::uuid ORDER BY start
                """)
            var data = Data()
            for chunk in chunks {
                data.append(Data(base64Encoded: chunk, options: .ignoreUnknownCharacters) ?? Data())
            }
            return (photo, data)
        }
    }
}
