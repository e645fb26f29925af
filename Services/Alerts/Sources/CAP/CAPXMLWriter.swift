/// Writes a ``CAPAlert`` as a CAP 1.2 XML document, elements in the order the CAP schema's
/// sequences require.
public enum CAPXMLWriter {
    public static func write(_ alert: CAPAlert) -> String {
        var xml = XMLText()
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"\(CAPAlert.namespace)\">\n")
        xml.element("identifier", alert.identifier, depth: 1)
        xml.element("sender", alert.sender, depth: 1)
        xml.element("sent", alert.sent, depth: 1)
        xml.element("status", alert.status, depth: 1)
        xml.element("msgType", alert.msgType, depth: 1)
        xml.element("source", alert.source, depth: 1)
        xml.element("scope", alert.scope, depth: 1)
        xml.element("restriction", alert.restriction, depth: 1)
        xml.element("addresses", alert.addresses, depth: 1)
        for code in alert.code ?? [] { xml.element("code", code, depth: 1) }
        xml.element("note", alert.note, depth: 1)
        xml.element("references", alert.references, depth: 1)
        xml.element("incidents", alert.incidents, depth: 1)
        for info in alert.info ?? [] { write(info, to: &xml) }
        xml.raw("</alert>\n")
        return xml.text
    }

    private static func write(_ info: CAPAlert.Info, to xml: inout XMLText) {
        xml.open("info", depth: 1)
        xml.element("language", info.language, depth: 2)
        for category in info.category { xml.element("category", category, depth: 2) }
        xml.element("event", info.event, depth: 2)
        for type in info.responseType ?? [] { xml.element("responseType", type, depth: 2) }
        xml.element("urgency", info.urgency, depth: 2)
        xml.element("severity", info.severity, depth: 2)
        xml.element("certainty", info.certainty, depth: 2)
        xml.element("audience", info.audience, depth: 2)
        for code in info.eventCode ?? [] { xml.namedValue("eventCode", code, depth: 2) }
        xml.element("effective", info.effective, depth: 2)
        xml.element("onset", info.onset, depth: 2)
        xml.element("expires", info.expires, depth: 2)
        xml.element("senderName", info.senderName, depth: 2)
        xml.element("headline", info.headline, depth: 2)
        xml.element("description", info.description, depth: 2)
        xml.element("instruction", info.instruction, depth: 2)
        xml.element("web", info.web, depth: 2)
        xml.element("contact", info.contact, depth: 2)
        for parameter in info.parameter ?? [] { xml.namedValue("parameter", parameter, depth: 2) }
        for resource in info.resource ?? [] {
            xml.open("resource", depth: 2)
            xml.element("resourceDesc", resource.resourceDesc, depth: 3)
            xml.element("mimeType", resource.mimeType, depth: 3)
            xml.element("size", resource.size, depth: 3)
            xml.element("uri", resource.uri, depth: 3)
            xml.element("derefUri", resource.derefUri, depth: 3)
            xml.element("digest", resource.digest, depth: 3)
            xml.close("resource", depth: 2)
        }
        for area in info.area ?? [] {
            xml.open("area", depth: 2)
            xml.element("areaDesc", area.areaDesc, depth: 3)
            for polygon in area.polygon ?? [] { xml.element("polygon", polygon, depth: 3) }
            for circle in area.circle ?? [] { xml.element("circle", circle, depth: 3) }
            for geocode in area.geocode ?? [] { xml.namedValue("geocode", geocode, depth: 3) }
            xml.element("altitude", area.altitude, depth: 3)
            xml.element("ceiling", area.ceiling, depth: 3)
            xml.close("area", depth: 2)
        }
        xml.close("info", depth: 1)
    }
}
