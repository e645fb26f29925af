// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "civil-affairs",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "CivilDomain", targets: ["CivilDomain"]),
        .library(name: "Contracts", targets: ["Contracts"]),
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
        .executable(name: "civil-topics", targets: ["CivilTopics"]),
        .executable(name: "civil-token", targets: ["CivilToken"]),
        .executable(name: "registration-service", targets: ["RegistrationService"]),
        .executable(name: "relief-service", targets: ["ReliefService"]),
        .executable(name: "organizations-service", targets: ["OrganizationsService"]),
        .executable(name: "alerts-service", targets: ["AlertsService"]),
        .executable(name: "civil-broker", targets: ["CivilBroker"]),
        .executable(name: "civil-report", targets: ["CivilReport"]),
        .executable(name: "kafka-benchmark", targets: ["KafkaBenchmark"]),
        .executable(name: "relief-benchmark", targets: ["ReliefBenchmark"]),
        .executable(name: "alerts-benchmark", targets: ["AlertsBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["CommandLineArguments"]),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            path: "Shared/CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Kafka"
        ),
        .target(
            name: "CivilDomain",
            path: "Shared/CivilDomain"
        ),
        .target(
            name: "Contracts",
            dependencies: [
                "Kafka",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/Contracts",
            exclude: ["Schemas"]
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Kafka",
                "Contracts",
                "CivilDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            path: "Shared/ServiceKit",
            resources: [.copy("OpenAPI/openapi-common.yaml"), .copy("Console/Templates"), .copy("Console/console.css"), .copy("Console/console.js")]
        ),
        .target(
            name: "Registration",
            dependencies: [
                "CivilDomain",
                "ServiceKit",
                "Contracts",
                "Kafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Registration/Sources",
            resources: [.copy("Service/openapi.yaml"), .copy("Service/Console/Templates")]
        ),
        .executableTarget(
            name: "RegistrationService",
            dependencies: ["Registration", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            path: "Services/Registration/Main"
        ),
        .target(
            name: "Relief",
            dependencies: [
                "CivilDomain",
                "ServiceKit",
                "Contracts",
                "Kafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Relief/Sources",
            resources: [.copy("Service/openapi.yaml"), .copy("Service/Console/Templates")]
        ),
        .target(
            name: "Organizations",
            dependencies: [
                "CivilDomain", "Contracts", "ServiceKit", "Kafka",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Organizations/Sources",
            resources: [.copy("Service/openapi.yaml"), .copy("Service/Console/Templates")]
        ),
        .executableTarget(
            name: "OrganizationsService",
            dependencies: ["Organizations", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            path: "Services/Organizations/Main"
        ),
        .target(
            name: "Alerts",
            dependencies: [
                "CivilDomain", "Contracts", "ServiceKit", "Kafka",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Services/Alerts/Sources",
            resources: [.copy("Service/openapi.yaml"), .copy("Service/Console/Templates")]
        ),
        .executableTarget(
            name: "AlertsService",
            dependencies: ["Alerts", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            path: "Services/Alerts/Main"
        ),
        .executableTarget(
            name: "ReliefService",
            dependencies: ["Relief", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            path: "Services/Relief/Main"
        ),
        .executableTarget(
            name: "CivilToken",
            dependencies: [
                "Contracts",
                "ServiceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/CivilToken"
        ),
        .executableTarget(
            name: "CivilTopics",
            dependencies: [
                "Contracts", "Kafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/CivilTopics"
        ),
        .target(
            name: "Report",
            dependencies: [
                "Kafka", "Contracts", "CivilDomain", "ServiceKit",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/CivilReport/Sources"
        ),
        .executableTarget(
            name: "CivilReport",
            dependencies: [
                "Report", "Kafka", "CivilDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/CivilReport/Main"
        ),
        .executableTarget(
            name: "CivilBroker",
            dependencies: [
                "Kafka",
                "Contracts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tools/CivilBroker"
        ),
        .target(
            name: "CRdKafkaBaseline",
            dependencies: ["CRdKafka"],
            path: "Benchmarks/CRdKafkaBaseline"
        ),
        .executableTarget(
            name: "KafkaBenchmark",
            dependencies: ["Kafka", "CRdKafka", "CRdKafkaBaseline"],
            path: "Benchmarks/KafkaBenchmark"
        ),
        .executableTarget(
            name: "ReliefBenchmark",
            dependencies: ["Relief", "ServiceKit", "Contracts", "Kafka", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/ReliefBenchmark"
        ),
        .executableTarget(
            name: "AlertsBenchmark",
            dependencies: [
                "Alerts", "ServiceKit", "Contracts", "Kafka", "CRdKafkaBaseline",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/AlertsBenchmark"
        ),
        .target(
            name: "KafkaTestSupport",
            dependencies: [
                "Kafka",
                "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/KafkaTestSupport"
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka",
                "KafkaTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/KafkaTests"
        ),
        .testTarget(
            name: "CivilDomainTests",
            dependencies: ["CivilDomain"],
            path: "Tests/CivilDomainTests"
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts", "Kafka"],
            path: "Tests/ContractsTests"
        ),
        .testTarget(
            name: "RegistrationTests",
            dependencies: [
                "CivilDomain",
                "Registration",
                "ServiceKit",
                "Contracts",
                "Kafka",
                "KafkaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/RegistrationTests"
        ),
        .testTarget(
            name: "OrganizationsTests",
            dependencies: [
                "CivilDomain",
                "Organizations", "Contracts", "ServiceKit", "Kafka", "KafkaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/OrganizationsTests"
        ),
        .testTarget(
            name: "AlertsTests",
            dependencies: [
                "CivilDomain",
                "Alerts", "Contracts", "ServiceKit", "Kafka", "KafkaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/AlertsTests"
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Contracts", "Kafka", "KafkaTestSupport", "ServiceKit", "Report", "CivilDomain", .product(name: "Yams", package: "Yams")],
            path: "Tests/EndToEndTests"
        ),
        .testTarget(
            name: "DeploymentTests",
            dependencies: [
                "Alerts", "Organizations", "Registration", "Relief", "ServiceKit", "Contracts",
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/DeploymentTests"
        ),
        .testTarget(
            name: "ReliefTests",
            dependencies: [
                "CivilDomain",
                "Relief",
                "ServiceKit",
                "Contracts",
                "Kafka",
                "KafkaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ReliefTests"
        ),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Contracts", "CivilDomain", "Kafka", "KafkaTestSupport"],
            path: "Tests/ReportTests"
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "CivilDomain",
                "ServiceKit",
                "Contracts",
                "Kafka",
                "KafkaTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ServiceKitTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
