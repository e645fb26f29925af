import CivilDomain
import Foundation
import Hummingbird
import ServiceKit

extension AlertsRoutes {
    /// Served without a token (and rate-limited per client like every public path).
    public static let publicPrefixes = ["/cap"]

    /// The public CAP feed and each public alert's CAP XML (``CAPFeed``).
    /// - Parameter baseURL: the service's public address for the feed's links; by default the
    ///   request's own host.
    static func addFeed(to router: Router<ServiceRequestContext>, alerts: AlertDesk, baseURL: String?) {
        router.get("/cap/feed.atom") { request, _ -> Response in
            let base = baseURL ?? "http://" + (request.head.authority ?? "localhost")
            let feed = CAPFeed.atom(try await alerts.issuedActual(), base: base, now: Date())
            return Response(
                status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8", .cacheControl: "public, max-age=30"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: feed)))
        }
        router.get("/cap/alerts/{file}") { _, context -> Response in
            let file = try context.parameters.require("file")
            let identifier = file.hasSuffix(".xml") ? String(file.dropLast(4)) : ""
            let decoded = identifier.removingPercentEncoding ?? identifier
            guard !decoded.isEmpty, let alert = try? await alerts.alert(decoded), CAPFeed.isPublic(alert) else {
                throw NotFound("no public alert '\(decoded)'")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/cap+xml; charset=utf-8", .cacheControl: "public, max-age=30"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: CAPXMLWriter.write(alert.cap))))
        }
    }
}
