import ArgumentParser
import Foundation
import Hummingbird
import KiteAPI
import Logging

/// kite-api: the field appraisers' phones' HTTP API (README: "kite-api").
@main
struct KiteAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kite-api",
        abstract: "The HTTP JSON API of the field appraisers' phones (openapi/kite-api.yaml).")

    @Option(name: .long, help: "The configuration file (default: $KITE_HOME/config/kite-api.toml, else /etc/kite/kite-api.toml).")
    var config: String?

    @Option(name: .long, help: "Listen on HOST:PORT (overrides `listen`).")
    var listen: String?

    @Option(name: .long, help: "libpq conninfo (overrides `database`).")
    var database: String?

    @Option(name: .long, help: "Serve the web app from this directory (overrides `web_root`).")
    var webRoot: String?

    mutating func run() async throws {
        var settings: APIConfig
        do {
            settings = try APIConfig.load(explicit: config)
            if let listen {
                settings = try APIConfig.parse("listen = \"\(listen.replacingOccurrences(of: "\"", with: ""))\"", file: "--listen")
                    .merged(into: settings)
            }
        } catch let error as APIConfigError {
            FileHandle.standardError.write(Data("kite-api: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let database { settings.database = database }
        if let webRoot { settings.webRoot = webRoot }
        var logger = Logger(label: "kite.api")
        logger.logLevel = .info
        let server = try APIServer(config: settings, logger: logger)
        defer { server.shutdown() }
        let announce = logger
        let host = settings.host
        let app = server.application { port in
            announce.info("kite-api listening", metadata: ["host": "\(host)", "port": "\(port)"])
        }
        try await app.runService()
    }
}
