// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "civil-affairs",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Contracts", targets: ["Contracts"]),
        .executable(name: "civil-broker", targets: ["CivilBroker"]),
        .executable(name: "kafka-benchmark", targets: ["KafkaBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
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
            name: "Contracts",
            dependencies: ["Kafka"],
            path: "Shared/Contracts"
        ),
        .executableTarget(
            name: "CivilBroker",
            dependencies: [
                "Kafka",
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
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/KafkaTests"
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts", "Kafka"],
            path: "Tests/ContractsTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
