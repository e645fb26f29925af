import Foundation
import Hummingbird
import ServiceKit

extension Request {
    /// Reads a CAP alert in either form: `application/cap+xml` (or `application/xml`) or JSON
    /// with the CAP element names. A document that cannot be read is 422 `invalid-cap` naming the
    /// element and rule; the CAP rules themselves are checked by `AlertDesk.submit`.
    func decodeCAP(context: ServiceRequestContext) async throws -> CAPAlert {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        let cap: CAPAlert
        do {
            if contentType.hasPrefix("application/cap+xml") || contentType.hasPrefix("application/xml") {
                let body = self.body
                let buffer: ByteBuffer
                do {
                    buffer = try await body.collect(upTo: context.maxBodyBytes)
                } catch {
                    throw Problem.bodyTooLarge(limit: context.maxBodyBytes)
                }
                cap = try CAPXMLReader.read(Data(buffer.readableBytesView))
            } else if contentType.hasPrefix("application/json") {
                do {
                    cap = try await decodeJSON(as: CAPAlert.self, context: context)
                } catch let problem as Problem where problem.kind == "invalid-body" {
                    throw CAPError(element: "alert", rule: problem.detail)
                }
            } else {
                throw Problem(.unsupportedMediaType, kind: "unsupported-media-type", title: "The body must be CAP XML or JSON",
                              detail: "send Content-Type: application/cap+xml or application/json")
            }
        } catch let error as CAPError {
            throw Problem.invalidCAP(error)
        }
        return cap
    }
}

extension Problem {
    static func invalidCAP(_ error: CAPError) -> Problem {
        Problem(.unprocessableContent, kind: "invalid-cap", title: "The alert breaks a CAP 1.2 rule",
                detail: error.description, extensions: ["element": .string(error.element), "rule": .string(error.rule)])
    }
}
