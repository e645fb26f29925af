import Foundation

/// Reads a CAP 1.2 XML document into a ``CAPAlert``. Checks the structure (root, namespace,
/// which elements exist, which are required, which may repeat); ``CAPValidator`` checks values.
/// Elements of other namespaces (e.g. an XML signature) are ignored and not served back.
public enum CAPXMLReader {
    public static func read(_ data: Data) throws(CAPError) -> CAPAlert {
        let root = try XMLTree.parse(data)
        guard root.name == "alert", root.namespace == CAPAlert.namespace else {
            throw CAPError(element: root.name, rule: "the root element must be <alert> in namespace \(CAPAlert.namespace)")
        }
        var alert = try Children(root, path: "alert", allowed: [
            "identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction", "addresses", "code",
            "note", "references", "incidents", "info",
        ])
        return CAPAlert(
            identifier: try alert.required("identifier"), sender: try alert.required("sender"),
            sent: try alert.required("sent"), status: try alert.required("status"), msgType: try alert.required("msgType"),
            source: try alert.optional("source"), scope: try alert.required("scope"),
            restriction: try alert.optional("restriction"), addresses: try alert.optional("addresses"),
            code: try alert.repeated("code"), note: try alert.optional("note"), references: try alert.optional("references"),
            incidents: try alert.optional("incidents"),
            info: try alert.elements("info").map { path, node throws(CAPError) in try info(node, path: path) }.nonEmpty)
    }

    private static func info(_ node: XMLTree, path: String) throws(CAPError) -> CAPAlert.Info {
        var info = try Children(node, path: path, allowed: [
            "language", "category", "event", "responseType", "urgency", "severity", "certainty", "audience", "eventCode",
            "effective", "onset", "expires", "senderName", "headline", "description", "instruction", "web", "contact",
            "parameter", "resource", "area",
        ])
        let category = try info.repeated("category") ?? []
        if category.isEmpty { throw CAPError(element: "\(path)/category", rule: "is required") }
        return CAPAlert.Info(
            language: try info.optional("language"), category: category, event: try info.required("event"),
            responseType: try info.repeated("responseType"), urgency: try info.required("urgency"),
            severity: try info.required("severity"), certainty: try info.required("certainty"),
            audience: try info.optional("audience"), eventCode: try info.namedValues("eventCode"),
            effective: try info.optional("effective"), onset: try info.optional("onset"), expires: try info.optional("expires"),
            senderName: try info.optional("senderName"), headline: try info.optional("headline"),
            description: try info.optional("description"), instruction: try info.optional("instruction"),
            web: try info.optional("web"), contact: try info.optional("contact"), parameter: try info.namedValues("parameter"),
            resource: try info.elements("resource").map { path, node throws(CAPError) in try resource(node, path: path) }.nonEmpty,
            area: try info.elements("area").map { path, node throws(CAPError) in try area(node, path: path) }.nonEmpty)
    }

    private static func resource(_ node: XMLTree, path: String) throws(CAPError) -> CAPAlert.Resource {
        var resource = try Children(node, path: path, allowed: ["resourceDesc", "mimeType", "size", "uri", "derefUri", "digest"])
        return CAPAlert.Resource(
            resourceDesc: try resource.required("resourceDesc"), mimeType: try resource.required("mimeType"),
            size: try resource.optional("size"), uri: try resource.optional("uri"), derefUri: try resource.optional("derefUri"),
            digest: try resource.optional("digest"))
    }

    private static func area(_ node: XMLTree, path: String) throws(CAPError) -> CAPAlert.Area {
        var area = try Children(node, path: path, allowed: ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"])
        return CAPAlert.Area(
            areaDesc: try area.required("areaDesc"), polygon: try area.repeated("polygon"), circle: try area.repeated("circle"),
            geocode: try area.namedValues("geocode"), altitude: try area.optional("altitude"), ceiling: try area.optional("ceiling"))
    }

    /// One element's CAP children grouped by name, each taken once by the reader.
    private struct Children {
        let path: String
        var byName: [String: [XMLTree]]

        init(_ node: XMLTree, path: String, allowed: Set<String>) throws(CAPError) {
            self.path = path
            byName = [:]
            for child in node.children where child.namespace == CAPAlert.namespace {
                guard allowed.contains(child.name) else {
                    throw CAPError(element: "\(path)/\(child.name)", rule: "is not an element of <\(node.name)> in CAP 1.2")
                }
                byName[child.name, default: []].append(child)
            }
        }

        func text(_ node: XMLTree, path: String) throws(CAPError) -> String {
            if let child = node.children.first(where: { $0.namespace == CAPAlert.namespace }) {
                throw CAPError(element: "\(path)/\(child.name)", rule: "<\(node.name)> holds text, not elements")
            }
            return node.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        mutating func optional(_ name: String) throws(CAPError) -> String? {
            guard let nodes = byName[name] else { return nil }
            guard nodes.count == 1 else { throw CAPError(element: "\(path)/\(name)", rule: "may appear only once") }
            return try text(nodes[0], path: "\(path)/\(name)")
        }

        mutating func required(_ name: String) throws(CAPError) -> String {
            guard let value = try optional(name) else { throw CAPError(element: "\(path)/\(name)", rule: "is required") }
            return value
        }

        mutating func repeated(_ name: String) throws(CAPError) -> [String]? {
            var values: [String] = []
            for node in byName[name] ?? [] { values.append(try text(node, path: "\(path)/\(name)")) }
            return values.nonEmpty
        }

        func elements(_ name: String) -> [(String, XMLTree)] {
            let nodes = byName[name] ?? []
            return nodes.enumerated().map { ("\(path)/\(name)[\($0.offset + 1)]", $0.element) }
        }

        func namedValues(_ name: String) throws(CAPError) -> [CAPAlert.NamedValue]? {
            var values: [CAPAlert.NamedValue] = []
            for (path, node) in elements(name) {
                var pair = try Children(node, path: path, allowed: ["valueName", "value"])
                values.append(CAPAlert.NamedValue(valueName: try pair.required("valueName"), value: try pair.required("value")))
            }
            return values.nonEmpty
        }
    }
}

extension Array {
    /// nil for an empty array: CAP's optional repeated elements are absent, not empty.
    var nonEmpty: [Element]? { isEmpty ? nil : self }

}
