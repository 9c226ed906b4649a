import Foundation
import KiteDomain

/// Where an export writes: the folder is created when missing; a folder or file that cannot be
/// written is named, with the reason, in the user's language (never Foundation's English).
enum ExportFile {
    /// Creates `url`'s folder if needed and opens `url` for writing (emptied).
    static func open(_ url: URL, language: Language) throws -> FileHandle {
        try prepareFolder(of: url, language: language)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw cannotWrite(url, errno: errno, language: language)
        }
        return handle
    }

    /// Writes `data` to `url` whole, creating the folder if needed.
    static func write(_ data: Data, to url: URL, language: Language) throws {
        try prepareFolder(of: url, language: language)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw cannotWrite(url, errno: posixCode(error), language: language)
        }
    }

    static func prepareFolder(of url: URL, language: Language) throws {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw TransferError(TransferText.cannotCreateFolder(language, ["folder": folder.path, "reason": reason(ENOTDIR, language)]))
        }
        // The nearest folder that exists says why a new one cannot be made under it.
        var ancestor = folder.deletingLastPathComponent()
        while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
            ancestor = ancestor.deletingLastPathComponent()
        }
        var code: Int32 = 0
        if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { code = ENOTDIR }
            else if access(ancestor.path, W_OK) != 0 { code = errno }
        }
        if code == 0 {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                return
            } catch {
                code = posixCode(error)
            }
        }
        throw TransferError(TransferText.cannotCreateFolder(language, ["folder": folder.path, "reason": reason(code, language)]))
    }

    private static func cannotWrite(_ url: URL, errno code: Int32, language: Language) -> TransferError {
        TransferError(TransferText.cannotWriteFile(language, ["file": url.lastPathComponent,
                                                            "folder": url.deletingLastPathComponent().path,
                                                            "reason": reason(code, language)]))
    }

    /// The POSIX code under a Foundation error (EACCES, EROFS, …), or 0.
    private static func posixCode(_ error: any Error) -> Int32 {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        switch ns.code {
        case NSFileWriteNoPermissionError: return EACCES
        case NSFileWriteVolumeReadOnlyError: return EROFS
        case NSFileWriteOutOfSpaceError: return ENOSPC
        case NSFileNoSuchFileError, NSFileWriteFileExistsError: return ns.code == NSFileNoSuchFileError ? ENOENT : EEXIST
        default: return 0
        }
    }

    /// Why, in words.
    static func reason(_ code: Int32, _ language: Language) -> String {
        switch code {
        case EACCES, EPERM: return TransferText.reasonNoPermission(language)
        case EROFS: return TransferText.reasonReadOnly(language)
        case ENOSPC, EDQUOT: return TransferText.reasonDiskFull(language)
        case ENOTDIR: return TransferText.reasonNotFolder(language)
        case ENOENT: return TransferText.reasonNoPath(language)
        case EISDIR: return TransferText.reasonIsFolder(language)
        case ENAMETOOLONG: return TransferText.reasonNameTooLong(language)
        case 0: return TransferText.reasonUnknown(language)
        default: return TransferText.reasonUnknown(language) + " (" + String(cString: strerror(code)) + ")"
        }
    }
}
