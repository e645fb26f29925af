import Contracts
import Foundation
import Hummingbird

/// The request context of every service: the request id, the authenticated staff member, and
/// JSON coding in the events' form (RFC 3339 times, sorted keys).
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// From the caller's `X-Request-Id`, or new; echoed on the response and in problem details.
    public var requestID: String
    /// Set by the bearer middleware; nil only on public endpoints.
    public var staff: StaffIdentity?
    /// A known token scoped only to these other services: refused with 403 outside the public paths.
    public var tokenScopedElsewhere: Set<CivilService>?
    /// The console session of a signed-in browser (only on `/console` paths); its CSRF token is
    /// what every console form must carry.
    public var console: ConsoleSessions.Session?
    /// Set by the router from configuration.
    public var maxBodyBytes: Int
    /// The peer's IP address (behind a proxy, the proxy's), for per-client rate limits.
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = UUID().uuidString.lowercased()
        staff = nil
        console = nil
        maxBodyBytes = 1_048_576
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { maxBodyBytes }
    public var requestDecoder: JSONDecoder { CivilEventCoding.decoder }
    public var responseEncoder: JSONEncoder { CivilEventCoding.encoder }

    /// The caller, who must hold `role`.
    /// - Throws: 401 problem without a caller, 403 problem without the role.
    public func staff(withRole role: StaffRole) throws(Problem) -> StaffIdentity {
        guard let staff else { throw Problem.unauthorized("no bearer token") }
        guard staff.roles.contains(role) else { throw Problem.forbidden(role: role.rawValue) }
        return staff
    }

    /// The caller, who must hold at least one of `roles` (e.g. anyone who may read).
    public func staff(withAnyRole roles: Set<StaffRole>) throws(Problem) -> StaffIdentity {
        guard let staff else { throw Problem.unauthorized("no bearer token") }
        guard !staff.roles.isDisjoint(with: roles) else {
            throw Problem.forbidden(role: roles.map(\.rawValue).sorted().joined(separator: " or "))
        }
        return staff
    }
}
