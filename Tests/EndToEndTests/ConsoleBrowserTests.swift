import Foundation
import Kafka
import KafkaTestSupport
import Testing

/// The three department consoles driven in headless Chromium (Debian's `chromium` and
/// `chromium-driver`, through Selenium; `make browser` installs them) against the whole stack on
/// the embedded broker: sign-in, a household and a resident, dibao submitted and approved by two
/// people, the payroll run drafted, approved and released with its reconciliation, a name
/// reservation filed, approved and found in the public register, sign-out, and a form without
/// its CSRF token refused. Screenshots go to `.build/console-screenshots/`.
@Suite("Consoles in a browser", .serialized)
struct ConsoleBrowserTests {
    static let python = StackTests.root.appendingPathComponent(".build/browser-venv/bin/python")

    @Test("caseworkers, approvers, the finance office and the registrar work through their consoles", .timeLimit(.minutes(6)))
    func consoles() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python.path),
                     "run `make browser` first: Chromium, chromium-driver and Selenium are needed")
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let stack = try StackTests.launchStack(on: broker, extraTokens: [
            "registrar staff-0102 organizations registrar organizations",
            "caseworker-approver staff-0050 registration caseworker,approver registration",
        ])
        let all = [stack.registration, stack.relief, stack.organizations, stack.alerts]
        defer { for service in all { kill(service.process.processIdentifier, SIGKILL) } }
        for service in all { try await service.waitUntilReady() }

        let transcript = try Self.run("consoles.py", screenshots: "console-screenshots", environment: [
            "REGISTRATION_URL": stack.registration.base.absoluteString, "RELIEF_URL": stack.relief.base.absoluteString,
            "ORGANIZATIONS_URL": stack.organizations.base.absoluteString,
        ])
        #expect(transcript.contains("all console checks passed"))
    }

    @Test("the typhoon room: composed, approved by a second officer, watched live, followed up on a phone", .timeLimit(.minutes(6)))
    func typhoonRoom() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python.path),
                     "run `make browser` first: Chromium, chromium-driver and Selenium are needed")
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let stack = try StackTests.launchStack(on: broker, extraTokens: ["duty2 staff-0202 alerts duty-officer alerts"])
        let all = [stack.registration, stack.relief, stack.organizations, stack.alerts]
        defer { for service in all { kill(service.process.processIdentifier, SIGKILL) } }
        for service in all { try await service.waitUntilReady() }
        let transcript = try Self.run("typhoon_room.py", screenshots: "typhoon-room-screenshots", environment: [
            "REGISTRATION_URL": stack.registration.base.absoluteString, "ALERTS_URL": stack.alerts.base.absoluteString,
        ])
        #expect(transcript.contains("all typhoon room checks passed"))
    }

    /// Runs one of the browser scripts in `Tests/Browser` and expects it to succeed; its transcript.
    static func run(_ script: String, screenshots: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = python
        process.arguments = [StackTests.root.appendingPathComponent("Tests/Browser/\(script)").path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging([
            "SCREENSHOTS": StackTests.root.appendingPathComponent(".build/\(screenshots)").path,
        ]) { $1 }) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(transcript)")
        return transcript
    }
}
