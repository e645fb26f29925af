import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

extension TestClientProtocol {
    /// POSTs JSON as the caseworker and returns status and decoded JSON object.
    public func post(_ path: String, _ json: String, token: String = "caseworker") async throws -> (Int, [String: Any]) {
        try await send(.post, path, json, token: token)
    }

    /// PUTs JSON and returns status and decoded JSON object.
    public func put(_ path: String, _ json: String, token: String) async throws -> (Int, [String: Any]) {
        try await send(.put, path, json, token: token)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, _ json: String, token: String) async throws -> (Int, [String: Any]) {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/json"
        return try await execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: json)) { response in
            (response.status.code, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
        }
    }

    public func get(_ path: String, token: String = "caseworker") async throws -> (Int, [String: Any]) {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        return try await execute(uri: path, method: .get, headers: headers) { response in
            (response.status.code, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
        }
    }
}

extension TestClientProtocol {
    /// GETs a JSON array, or the items of a page (`{items, page, pageSize, total}`).
    public func list(_ path: String, token: String) async throws -> (Int, [[String: Any]]) {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        return try await execute(uri: path, method: .get, headers: headers) { response in
            let json = try? JSONSerialization.jsonObject(with: Data(buffer: response.body))
            return (response.status.code, json as? [[String: Any]] ?? (json as? [String: Any])?["items"] as? [[String: Any]] ?? [])
        }
    }
}
