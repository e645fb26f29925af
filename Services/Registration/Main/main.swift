import Foundation
import Logging
import Registration
import ServiceKit

// registration-service: households, residents and benefit decisions of the district.
if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
    print("""
        registration-service: households and residents of the district.

        Settings (flag, environment variable, or a file in the secrets directory):

        """)
    print(ServiceConfiguration.helpTable(for: RegistrationService.settings))
    exit(0)
}

ServiceMetrics.bootstrap()
let logger = Logger(label: "registration-service")
do {
    let configuration = try await ServiceConfiguration(keys: RegistrationService.settings)
    try await RegistrationService.run(configuration, logger: logger)
    exit(0)
} catch let error as ConfigurationError {
    FileHandle.standardError.write(Data("registration-service: \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("registration-service: cannot start: \(error)\n".utf8))
    exit(1)
}
