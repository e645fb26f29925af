import ArgumentParser
import Contracts
import Foundation
import ServiceKit

/// Makes a staff bearer token and the line to configure for it: services are given only the
/// token's SHA-256, so the configuration never holds a usable token.
@main
struct CivilToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civil-token",
        abstract: "Print a new bearer token and its auth.tokens entry.",
        discussion: "Give the token to the staff member; add the entry to the service's auth.tokens secret.")

    @Option(help: "Staff id, e.g. staff-0042.")
    var staff: String

    @Option(help: "Department, e.g. registration.")
    var department: String

    @Option(help: "Comma-separated roles, e.g. caseworker,approver.")
    var roles: String

    @Option(help: "Comma-separated services the token may act on (registration, relief, organizations, alerts); by default the department's own service.")
    var services: String?

    @Option(help: "Use this token instead of a new random one (for demo data).")
    var token: String?

    func validate() throws {
        for (name, value) in [("staff", staff), ("department", department), ("roles", roles)]
        where value.isEmpty || value.contains(where: \.isWhitespace) || value.contains("#") || value.contains(";") {
            throw ValidationError("--\(name) must be one word without '#' or ';'")
        }
        for name in scope.split(separator: ",") where !CivilService.staffed.map(\.rawValue).contains(String(name)) {
            throw ValidationError(
                "--services: '\(name)' is not a service; name some of \(CivilService.staffed.map(\.rawValue).joined(separator: ", ")) (the department '\(department)' is not one)")
        }
    }

    func run() throws {
        let token = self.token ?? Self.randomToken()
        print("token: \(token)")
        print("entry: \(TokenDirectory.hash(ofToken: token)) \(staff) \(department) \(roles) \(scope)")
    }

    /// The services named, or the department's own.
    var scope: String { services ?? department }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
