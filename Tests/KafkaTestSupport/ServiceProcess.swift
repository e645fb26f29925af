import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A service executable started as a child process, as operators start it, for the tests that
/// signal or kill it.
public struct ServiceProcess: Sendable {
    public let process: Process
    /// The child's standard error, in a file: a pipe nobody reads would stop a chatty service
    /// once its buffer is full.
    public let errorLog: URL
    public let port: Int

    public var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The built executable `name`, beside the test bundle or under `.build/debug`.
    public static func executable(_ name: String) -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)")
    }

    /// Starts `name` with `environment` (plus `HTTP_PORT` on `port`, by default a free one, and `PATH`).
    public static func launch(
        _ name: String, environment: [String: String], arguments: [String] = [], port: Int? = nil
    ) throws -> ServiceProcess {
        let port = try port ?? freePort()
        let process = Process()
        process.executableURL = executable(name)
        process.arguments = arguments
        process.environment = ["HTTP_PORT": String(port), "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
            .merging(environment) { $1 }
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return ServiceProcess(process: process, errorLog: errorLog, port: port)
    }

    /// A port nothing listens on, and not one handed out before in this test process: the kernel
    /// may give a port just closed again, and two services launched together then shared one
    /// (the second failed to bind while the first answered for both).
    public static func freePort() throws -> Int {
        for _ in 0..<100 {
            let port = try unboundPort()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        return try unboundPort()
    }

    private static let handedOut = Mutex<Set<Int>>([])

    private static func unboundPort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Status and body, or nil when no answer came (refused, reset, timed out).
    public func request(
        _ method: String, _ path: String, token: String, body: String? = nil, contentType: String = "application/json",
        timeout: TimeInterval = 10
    ) async -> (Int, Data)? {
        // Not appendingPathComponent: it would escape a query string's "?".
        guard let url = URL(string: base.absoluteString + "/" + path) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = timeout
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let status = (response as? HTTPURLResponse)?.statusCode
        else { return nil }
        return (status, data)
    }

    public func waitUntilReady(within limit: Duration = .seconds(60)) async throws {
        try await within(limit, "ready") {
            while await request("GET", "health/ready", token: "none")?.0 != 200 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    public func waitForExit(within limit: Duration) async throws {
        try await within(limit, "the process exits") {
            while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        }
    }

    public var errorOutput: String {
        (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    }
}
