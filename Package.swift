// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "KiteAuto",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kite", targets: ["kite"]),
        .executable(name: "kited", targets: ["kited"]),
        .executable(name: "kite-api", targets: ["kite-api"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // kite-api: the phones' HTTP API (issue 14). Hummingbird 2 is a small NIO server with
        // async handlers and no ORM of its own, so the database stays KiteStore's libpq.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // The API tests read openapi/kite-api.yaml to check every route against it.
        .package(url: "https://github.com/jpsim/Yams", exact: "5.0.1"),
    ],
    targets: [
        // System libraries (Debian: libncursesw5-dev, libpq-dev, libhpdf-dev).
        .systemLibrary(name: "CNcursesW", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CLibpq", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        // libharu 2.3.0 ships no pkg-config file; the module map links it.
        .systemLibrary(name: "CHaru", providers: [.apt(["libhpdf-dev"])]),

        // Pure domain: value types and rules, Foundation only.
        .target(name: "KiteDomain"),

        // Demo data: a believable catalogue, vehicles and customers, deterministic per seed.
        .target(name: "KiteDemo", dependencies: ["KiteDomain"]),

        // PostgreSQL: connection, SQL, migrations, repositories, local cluster.
        .target(name: "KiteStore",
                dependencies: ["KiteDomain", "CLibpq", .product(name: "Logging", package: "swift-log")],
                resources: [.copy("Migrations")]),

        // The terminal: ncurses driver, keys, width, themes, surfaces.
        .target(name: "KiteTerminal", dependencies: ["CNcursesW"]),

        // Widgets over a Surface, and the loaders of Screens/ and Keymaps/.
        .target(name: "KiteUI",
                dependencies: ["KiteTerminal", "KiteDomain", "TOMLKit"]),

        // Screens wired to repositories, the event loop, the database worker.
        .target(name: "KiteApp",
                dependencies: ["KiteUI", "KiteTerminal", "KiteStore", "KiteDomain", "KiteDemo", "KitePrint",
                               .product(name: "Logging", package: "swift-log")]),

        // Print forms of a deal (contract, invoice, handover act): templates to PDF with libharu.
        .target(name: "KitePrint", dependencies: ["KiteDomain", "CHaru", "TOMLKit"]),

        .executableTarget(name: "kite",
                          dependencies: ["KiteApp", "KiteStore", "KiteDomain", "KiteUI", "KitePrint",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")]),

        // The daemon's parts: config, handlers, workers, LISTEN, leader.
        .target(name: "KiteJobs",
                dependencies: ["KiteStore", "KiteDomain", "TOMLKit",
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                               .product(name: "CoreMetrics", package: "swift-metrics"),
                               .product(name: "Prometheus", package: "swift-prometheus")]),

        .executableTarget(name: "kited",
                          dependencies: ["KiteJobs", "KiteStore",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log"),
                                         .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),

        // The phones' HTTP API: routes, token auth, a libpq connection pool off the event loops.
        // KiteUI only for the checklist's loader and the data paths (no screen is drawn).
        .target(name: "KiteAPI",
                dependencies: ["KiteStore", "KiteDomain", "KiteUI", "TOMLKit",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "kite-api",
                          dependencies: ["KiteAPI",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Hummingbird", package: "hummingbird"),
                                         .product(name: "Logging", package: "swift-log")]),

        // Shared by the test targets: a throwaway PostgreSQL per test process.
        .target(name: "KiteTestSupport", dependencies: ["KiteStore"]),

        .testTarget(name: "KiteDomainTests", dependencies: ["KiteDomain"]),
        .testTarget(name: "KiteDemoTests", dependencies: ["KiteDemo", "KiteDomain"]),
        .testTarget(name: "KiteStoreTests", dependencies: ["KiteStore", "KiteDomain", "KiteTestSupport"]),
        .testTarget(name: "KitePrintTests",
                    dependencies: ["KitePrint", "KiteDomain", "KiteStore", "KiteApp", "KiteTestSupport"]),
        .testTarget(name: "KiteTerminalTests", dependencies: ["KiteTerminal"]),
        .testTarget(name: "KiteUITests", dependencies: ["KiteUI", "KiteTerminal", "KiteDomain"]),
        .testTarget(name: "KiteAppTests",
                    dependencies: ["KiteApp", "KiteUI", "KiteTerminal", "KiteStore", "KiteDomain", "KiteTestSupport"]),
        .testTarget(name: "KiteJobsTests",
                    dependencies: ["KiteJobs", "KiteStore", "KiteTestSupport",
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .testTarget(name: "KiteAPITests",
                    dependencies: ["KiteAPI", "KiteStore", "KiteDomain", "KiteTestSupport", "Yams",
                                   .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "KiteEndToEndTests", dependencies: ["KiteTestSupport", "KiteStore", "KiteApp"]),
    ],
    swiftLanguageModes: [.v6]
)
