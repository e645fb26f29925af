import Foundation
import Logging
import Relief
import ServiceKit

// relief-service: entitlements from registration's decisions (payroll runs and payments to come).
if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
    print("relief-service: benefit entitlements kept from registration's decisions.\n")
    print(ServiceConfiguration.helpTable(for: ReliefService.settings))
    exit(0)
}

ServiceMetrics.bootstrap()
let logger = Logger(label: "relief-service")
do {
    let configuration = try await ServiceConfiguration(keys: ReliefService.settings)
    try await ReliefService.run(configuration, logger: logger)
    exit(0)
} catch let error as ConfigurationError {
    FileHandle.standardError.write(Data("relief-service: \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("relief-service: cannot start: \(error)\n".utf8))
    exit(1)
}
