import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import ServiceKit
import Testing

@Suite("Service edge: problem+json, tokens, roles, four-eyes, OpenAPI")
struct ServiceEdgeTests {
    static func withApp(
        maxBodyBytes: Int = 1024, _ body: @escaping @Sendable (any TestClientProtocol, ServiceDatabase) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.sqlite.open(migrations: [NotesTestService.migration])
        let readiness = Readiness(checks: [.database(database)])
        await readiness.evaluate()
        let app = Application(router: NotesTestService.router(database: database, readiness: readiness, maxBodyBytes: maxBodyBytes))
        try await app.test(.router) { client in try await body(client, database) }
        try await database.close()
    }

    static func headers(token: String? = "caseworker-token", contentType: String? = "application/json") -> HTTPFields {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        return headers
    }

    /// The problem's `type` suffix, after checking the response is problem+json.
    static func problemKind(_ response: TestResponse) -> String {
        #expect(response.headers[.contentType] == "application/problem+json")
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        #expect(object["status"] as? Int == response.status.code)
        #expect((object["detail"] as? String)?.isEmpty == false)
        return (object["type"] as? String ?? "").replacingOccurrences(of: "urn:civil-affairs:problem:", with: "")
    }

    @Test("bad requests get a 4xx problem with a stable type and change nothing")
    func badRequests() async throws {
        try await Self.withApp { client, database in
            let cases: [(String, HTTPFields, String, HTTPResponse.Status, String)] = [
                ("malformed JSON", Self.headers(), #"{"text": "#, .badRequest, "malformed-json"),
                ("empty body", Self.headers(), "", .badRequest, "malformed-json"),
                ("wrong content type", Self.headers(contentType: "text/plain"), #"{"text":"x"}"#, .unsupportedMediaType, "unsupported-media-type"),
                ("no content type", Self.headers(contentType: nil), #"{"text":"x"}"#, .unsupportedMediaType, "unsupported-media-type"),
                ("oversized body", Self.headers(), #"{"text":""# + String(repeating: "x", count: 2000) + #""}"#, .contentTooLarge, "body-too-large"),
                ("unknown field", Self.headers(), #"{"text":"x","priorty":1}"#, .badRequest, "unknown-field"),
                ("wrong type", Self.headers(), #"{"text":"x","priority":"high"}"#, .badRequest, "invalid-body"),
                ("missing field", Self.headers(), #"{"priority":1}"#, .badRequest, "invalid-body"),
                ("not an object", Self.headers(), #"[1,2]"#, .badRequest, "invalid-body"),
                ("business rule", Self.headers(), #"{"text":""}"#, .badRequest, "invalid-body"),
            ]
            for (name, headers, body, status, kind) in cases {
                try await client.execute(uri: "/v1/notes", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(name)")
                    #expect(Self.problemKind(response) == kind, "\(name)")
                    #expect(response.headers[.requestID] != nil, "\(name)")
                }
            }
            #expect(try await NotesTestService.count(database) == 0)
        }
    }

    @Test("a missing field is named in the problem's detail")
    func detailNamesTheField() async throws {
        try await Self.withApp { client, _ in
            try await client.execute(uri: "/v1/notes", method: .post, headers: Self.headers(), body: ByteBuffer(string: #"{"priority":1}"#)) { response in
                let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                #expect(object["detail"] as? String == "missing field 'text'")
            }
        }
    }

    @Test("unknown routes and wrong methods are problems too, and the request id is echoed")
    func unknownRoutes() async throws {
        try await Self.withApp { client, _ in
            var headers = Self.headers()
            headers[.requestID] = "caseworker-req-17"
            try await client.execute(uri: "/v1/nothing-here", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(Self.problemKind(response) == "not-found")
                #expect(response.headers[.requestID] == "caseworker-req-17")
            }
            try await client.execute(uri: "/v1/notes/unknown-id", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(Self.problemKind(response) == "not-found")
            }
            try await client.execute(uri: "/health/live", method: .trace, headers: headers) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(Self.problemKind(response) == "method-not-allowed")
            }
        }
    }

    @Test("401 without a valid token, 403 without the role, public paths need none")
    func authentication() async throws {
        try await Self.withApp { client, _ in
            let body = ByteBuffer(string: #"{"text":"x"}"#)
            for token in [nil, "wrong-token"] as [String?] {
                try await client.execute(uri: "/v1/notes", method: .post, headers: Self.headers(token: token), body: body) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(Self.problemKind(response) == "unauthorized")
                }
            }
            var basic = Self.headers(token: nil)
            basic[.authorization] = "Basic Y2FzZXdvcmtlcjp4"
            try await client.execute(uri: "/v1/notes", method: .post, headers: basic, body: body) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/notes", method: .post, headers: Self.headers(token: "auditor-token"), body: body) { response in
                #expect(response.status == .forbidden)
                #expect(Self.problemKind(response) == "forbidden")
            }
            for path in ["/health/live", "/health/ready", "/metrics", "/openapi.yaml"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                }
            }
        }
    }

    @Test("four-eyes: the submitter cannot approve; another approver can, and the decision names them")
    func fourEyes() async throws {
        try await Self.withApp { client, _ in
            let id = try await client.execute(
                uri: "/v1/notes", method: .post, headers: Self.headers(token: "approver-token"),
                body: ByteBuffer(string: #"{"text":"household visit done"}"#)
            ) { response in
                #expect(response.status == .created)
                return try JSONDecoder().decode([String: String?].self, from: Data(buffer: response.body))["id"]!!
            }
            try await client.execute(uri: "/v1/notes/\(id)/approval", method: .post, headers: Self.headers(token: "approver-token")) { response in
                #expect(response.status == .forbidden)
                #expect(Self.problemKind(response) == "four-eyes")
            }
            let other = try await client.execute(
                uri: "/v1/notes", method: .post, headers: Self.headers(token: "caseworker-token"),
                body: ByteBuffer(string: #"{"text":"second note"}"#)
            ) { response in
                try JSONDecoder().decode([String: String?].self, from: Data(buffer: response.body))["id"]!!
            }
            try await client.execute(uri: "/v1/notes/\(other)/approval", method: .post, headers: Self.headers(token: "approver-token")) { response in
                #expect(response.status == .ok)
                let note = (try? JSONDecoder().decode([String: String?].self, from: Data(buffer: response.body))) ?? [:]
                #expect(note["approvedBy"] == "staff-0007")
                #expect(note["submittedBy"] == "staff-0042")
            }
        }
    }

    @Test("every route is documented in openapi.yaml and every documented operation exists")
    func openAPIMatchesRoutes() async throws {
        let database = try await TestDatabase.sqlite.open(migrations: [NotesTestService.migration])
        let router = NotesTestService.router(database: database, readiness: Readiness(checks: []))
        #expect(try NotesTestService.openAPI.coverage(of: router) == .complete)
        #expect(router.routes.count == 8, "health, metrics, the document, the audit trail and the notes routes")
        try await database.close()
    }

    @Test("tokens are configured as hashes; malformed entries are named by position")
    func tokenDirectory() throws {
        #expect(NotesTestService.tokens.identity(forToken: "approver-token")?.roles == [.caseworker, .approver])
        #expect(NotesTestService.tokens.identity(forToken: "approver-token ") == nil)
        #expect(TokenDirectory.hash(ofToken: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: TokenDirectoryError.self) { try TokenDirectory(entries: "abc staff-1 registration caseworker registration") }
        #expect(throws: TokenDirectoryError.self, "a token must name the services it may act on") {
            try TokenDirectory(entries: "\(TokenDirectory.hash(ofToken: "x")) staff-1 registration caseworker")
        }
        #expect(throws: TokenDirectoryError.self, "a department is not a service") {
            try TokenDirectory(entries: "\(TokenDirectory.hash(ofToken: "x")) staff-1 audit auditor audit")
        }
        #expect(NotesTestService.tokens.identity(forToken: "auditor-token")?.services == [.registration])
        do {
            _ = try TokenDirectory(entries: "# comment\n\(TokenDirectory.hash(ofToken: "x")) staff-1 registration caseworker registration\nnot-a-hash staff-2")
            Issue.record("accepted a malformed entry")
        } catch {
            #expect(error.entry == 3)
        }
    }
}

@Suite("HTTP limits for anonymous callers")
struct AnonymousLimitTests {
    @Test("a token bucket per client: the burst, then Retry-After until the bucket refills; clients do not share a bucket")
    func tokenBucket() {
        let limiter = RateLimiter(perMinute: 3)
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(limiter.take(for: "10.0.0.1", now: start) == nil) }
        #expect(limiter.take(for: "10.0.0.1", now: start) == 20)
        #expect(limiter.take(for: "10.0.0.2", now: start) == nil)
        #expect(limiter.take(for: "10.0.0.1", now: start + .seconds(10)) == 10)
        #expect(limiter.take(for: "10.0.0.1", now: start + .seconds(21)) == nil)
    }

    @Test("a client that sends its request head slowly is cut off after the idle timeout", .timeLimit(.minutes(1)))
    func slowHeadIsClosed() async throws {
        let database = try await TestDatabase.sqlite.open(migrations: [NotesTestService.migration])
        let readiness = Readiness(checks: [])
        let router = NotesTestService.router(database: database, readiness: readiness)
        let port = PortBox()
        let host = ServiceHost(host: "127.0.0.1", port: 0, grace: .seconds(5), signals: [], idleTimeout: .seconds(1))
        let serving = Task {
            try await host.run(name: "notes", router: router, readiness: readiness, services: [], logger: quietLogger) { port.set($0) }
        }
        try await waitUntil("listening") { port.value != nil }
        let socket = try SlowClient(port: port.value!)
        let started = ContinuousClock.now
        var closed = false
        for byte in "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8 {
            guard socket.send(byte) else { closed = true; break }
            try await Task.sleep(for: .milliseconds(200))
            if ContinuousClock.now - started > .seconds(5) { break }
        }
        closed = closed || socket.isClosedByPeer()
        #expect(closed, "the server kept a connection whose head never ended")
        #expect(ContinuousClock.now - started < .seconds(5))
        socket.close()
        serving.cancel()
        _ = try? await serving.value
        try await database.close()
    }
}

/// A plain TCP client that writes one byte at a time.
private final class SlowClient {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// False once the peer has closed the connection.
    func send(_ byte: UInt8) -> Bool {
        if isClosedByPeer() { return false }
        var value = byte
        return Glibc.send(descriptor, &value, 1, Int32(MSG_NOSIGNAL)) == 1
    }

    /// Whether a read finds the end of the stream (or a reset) without waiting.
    func isClosedByPeer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 512)
        let read = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func close() { _ = Glibc.close(descriptor) }
}
