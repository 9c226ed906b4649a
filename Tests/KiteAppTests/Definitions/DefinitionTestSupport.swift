import Foundation
import KiteApp
@testable import KiteUI

/// The checkout this test was built from (holds the shipped Screens/, Keymaps/, config/).
let repositoryRoot: URL = DataPaths.checkout(containing: #filePath)!

/// The words every module brings, as `kite` loads them.
let testVocabulary: Vocabulary = ModuleRegistry.standard.vocabulary

/// A fresh temporary folder, removed by the caller with `remove()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-def-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func sub(_ path: String) throws -> URL {
        let u = url.appendingPathComponent(path, isDirectory: true)
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    func write(_ path: String, _ text: String) throws {
        let u = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: true, encoding: .utf8)
    }

    /// Copies a shipped folder (`Screens`, `Keymaps`, `config`) of the checkout into this one.
    func copyShipped(_ folder: String) throws {
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder),
                                         to: url.appendingPathComponent(folder))
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The error a throwing expression throws, as a `DefinitionError`.
func definitionError(_ body: () throws -> Void) -> DefinitionError? {
    do {
        try body()
        return nil
    } catch let error as DefinitionError {
        return error
    } catch {
        return nil
    }
}
