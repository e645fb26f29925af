import Contracts
import Crypto
import Foundation

/// Maps bearer tokens to staff. Only SHA-256 hashes of tokens are configured, so the setting
/// (or a leaked copy of it) does not let anyone in; a presented token is hashed and compared
/// with every entry in constant time, so timing does not reveal how close a guess came.
///
/// One entry per line (or separated by `;`):
/// `<sha256 hex of the token> <staff id> <department> <role>[,<role>...] <service>[,<service>...]`;
/// `#` starts a comment. The services are the scope: a token is good only at the services it
/// names, so a registration approver's token approves nothing at relief.
public struct TokenDirectory: Sendable {
    private struct Entry: Sendable {
        let hash: [UInt8]
        let identity: StaffIdentity
    }

    private let entries: [Entry]

    /// - Throws: a message naming the line that is malformed (never the line's hash).
    public init(entries text: String) throws(TokenDirectoryError) {
        var entries: [Entry] = []
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == ";" })
        for (index, line) in lines.enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = content.split(whereSeparator: \.isWhitespace).map(String.init)
            if fields.isEmpty { continue }
            guard fields.count == 5 else {
                throw TokenDirectoryError(
                    entry: index + 1, reason: "expected '<sha256> <staff id> <department> <roles> <services>'")
            }
            guard let hash = Self.bytes(hex: fields[0]), hash.count == 32 else {
                throw TokenDirectoryError(entry: index + 1, reason: "the first field is not 64 hexadecimal digits")
            }
            let roles = Set(fields[3].split(separator: ",").map { StaffRole(String($0)) })
            var services: Set<CivilService> = []
            for name in fields[4].split(separator: ",") {
                guard let service = CivilService(rawValue: String(name)), CivilService.staffed.contains(service) else {
                    throw TokenDirectoryError(
                        entry: index + 1,
                        reason: "unknown service '\(name)'; one of \(CivilService.staffed.map(\.rawValue).joined(separator: ", "))")
                }
                services.insert(service)
            }
            entries.append(Entry(
                hash: hash, identity: StaffIdentity(staffID: fields[1], department: fields[2], roles: roles, services: services)))
        }
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The staff member the token belongs to, or nil.
    public func identity(forToken token: String) -> StaffIdentity? {
        let presented = Array(SHA256.hash(data: Data(token.utf8)))
        var found: StaffIdentity?
        for entry in entries {
            var difference: UInt8 = 0
            for index in 0..<32 { difference |= entry.hash[index] ^ presented[index] }
            if difference == 0 { found = entry.identity }
        }
        return found
    }

    /// The staff member of an `Authorization: Bearer <token>` header value, or nil.
    public func identity(forAuthorization header: String?) -> StaffIdentity? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return identity(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces))
    }

    /// The hash to configure for a token (what `civil-token` prints).
    public static func hash(ofToken token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// The token setting is malformed; names the entry by its position.
public struct TokenDirectoryError: Error, Sendable, CustomStringConvertible {
    public let entry: Int
    public let reason: String
    public var description: String { "token entry \(entry): \(reason)" }
}
