import Foundation
import Logging

/// The `main` of every service executable: `--help` prints the settings table; otherwise
/// metrics are bootstrapped, the configuration read, and the service run. Exit status: 0 after a
/// clean shutdown that drained the outbox, 4 when events were left in the outbox (the broker was
/// away; they are published at the next start), 3 when shutdown overran its time limit, 2 for a
/// configuration error (its message names the setting), 1 otherwise.
public enum ServiceMain {
    public static func run(
        name: String, summary: String, settings: [SettingKey],
        _ service: @Sendable (ServiceConfiguration, Logger) async throws -> Void
    ) async -> Never {
        if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
            print("\(name): \(summary)\n")
            print("Settings (flag, environment variable, or a file in the secrets directory):\n")
            print(ServiceConfiguration.helpTable(for: settings))
            exit(0)
        }
        ServiceMetrics.bootstrap()
        let logger = Logger(label: name)
        do {
            let configuration = try await ServiceConfiguration(keys: settings)
            let grace = (try? configuration.seconds(StandardSettings.shutdownGrace)) ?? .seconds(30)
            ShutdownWatchdog.arm(limit: grace + .seconds(5), logger: logger)
            try await service(configuration, logger)
            exit(0)
        } catch let error as UndeliveredEvents {
            FileHandle.standardError.write(Data("\(name): stopped: \(error)\n".utf8))
            exit(4)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("\(name): cannot start: \(error)\n".utf8))
            exit(1)
        }
    }
}
