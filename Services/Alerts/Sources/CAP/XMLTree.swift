import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: name, namespace, child elements and its own text. Foundation's
/// `XMLParser` is event-based; CAP is small, so the reader builds this tree and walks it.
struct XMLTree: Sendable {
    var name: String
    var namespace: String?
    var children: [XMLTree] = []
    var text = ""

    /// - Throws: ``CAPError`` on the root element when the document is not UTF-8 (a byte-order
    ///   mark, a NUL byte, invalid bytes or another declared encoding), not well-formed XML, or
    ///   declares a DTD or an entity (CAP has none; refusing them keeps entity expansion out).
    ///   Only UTF-8 is read, so the byte check for declarations cannot be passed by another
    ///   encoding; the parser also stops at any declaration it meets, whatever the bytes look like.
    static func parse(_ data: Data) throws(CAPError) -> XMLTree {
        try checkEncoding(data)
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw CAPError(element: "alert", rule: "a document type declaration is not allowed in CAP")
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        let parsed = parser.parse()
        if builder.declarationFound {
            throw CAPError(element: "alert", rule: "a document type declaration is not allowed in CAP")
        }
        guard parsed, let root = builder.root else {
            let line = parser.lineNumber
            throw CAPError(element: "alert", rule: "not well-formed XML (line \(line))")
        }
        return root
    }

    /// CAP messages are exchanged as UTF-8 (CAP 1.2, 3.3.1); anything else is refused before parsing.
    static func checkEncoding(_ data: Data) throws(CAPError) {
        let bytes = [UInt8](data)
        let boms: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE]]
        if boms.contains(where: { bytes.starts(with: $0) }) {
            throw CAPError(element: "alert", rule: "must be UTF-8 without a byte-order mark")
        }
        if bytes.contains(0) { throw CAPError(element: "alert", rule: "must be UTF-8 text without NUL bytes") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CAPError(element: "alert", rule: "must be UTF-8 text")
        }
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            let declaration = text[..<end.lowerBound].lowercased()
            if let encoding = declaration.range(of: "encoding") {
                let value = declaration[encoding.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                guard value.hasPrefix("utf-8") else {
                    throw CAPError(element: "alert", rule: "must be UTF-8; the document declares another encoding")
                }
            }
        }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLTree] = []
        var root: XMLTree?
        /// Set when the parser met a DTD, entity, element, attribute or notation declaration.
        var declarationFound = false

        private func refuse(_ parser: XMLParser) {
            declarationFound = true
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) { refuse(parser) }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            refuse(parser)
        }

        func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) { refuse(parser) }

        func parser(_ parser: XMLParser, foundAttributeDeclarationWithName attributeName: String, forElement elementName: String,
                    type: String?, defaultValue: String?) {
            refuse(parser)
        }

        func parser(_ parser: XMLParser, foundNotationDeclarationWithName name: String, publicID: String?, systemID: String?) {
            refuse(parser)
        }

        func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?,
                    notationName: String?) {
            refuse(parser)
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
            refuse(parser)
            return nil
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            stack.append(XMLTree(name: elementName, namespace: namespaceURI))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}
