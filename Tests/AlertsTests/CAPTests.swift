@testable import Alerts
import Foundation
import Testing

@Suite("CAP 1.2 reading, validation and writing")
struct CAPTests {
    static let valid: [(String, String)] = [
        ("every element", CAPCorpus.full),
        ("minimal", CAPCorpus.minimal()),
        ("a test alert", CAPCorpus.minimal(status: "Test")),
        ("an exercise with a circle only", CAPCorpus.minimal(status: "Exercise", area: "<circle>30.25,120.15 3</circle>")),
        ("an update", CAPCorpus.minimal(msgType: "Update", references: "duty@mca.xihu.gov.cn,\(CAPCorpus.identifier),2026-11-29T08:00:00+08:00")),
        ("a cancel with two references", CAPCorpus.minimal(msgType: "Cancel", references:
            "duty@mca.xihu.gov.cn,a,2026-11-29T08:00:00+08:00 duty@mca.xihu.gov.cn,b,2026-11-29T08:10:00-00:00")),
        ("an Ack without info", #"""
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>ack-1</identifier><sender>gw@example.cn</sender>
            <sent>2026-11-29T08:00:00-00:00</sent><status>System</status><msgType>Ack</msgType><scope>Private</scope>
            <addresses>duty@mca.xihu.gov.cn</addresses><references>duty@mca.xihu.gov.cn,x,2026-11-29T08:00:00+08:00</references></alert>
            """#),
    ]

    @Test("valid documents are accepted and served back equivalent, in XML and in JSON", arguments: valid)
    func validRoundTrip(_ name: String, _ document: String) throws {
        let alert = try CAPXMLReader.read(Data(document.utf8))
        try CAPValidator.validate(alert)
        let written = CAPXMLWriter.write(alert)
        #expect(try CAPXMLReader.read(Data(written.utf8)) == alert, "\(name)")
        let json = try JSONEncoder().encode(alert)
        #expect(try JSONDecoder().decode(CAPAlert.self, from: json) == alert)
    }

    @Test("the full document keeps every value, escaped text included")
    func fullValues() throws {
        let alert = try CAPXMLReader.read(Data(CAPCorpus.full.utf8))
        #expect(alert.code == ["IPAWSv1.0", "CN-MCA"])
        #expect(alert.note == "演练后转正式 & 发布")
        let info = try #require(alert.info?.first)
        #expect(info.category == ["Met", "Safety"] && info.responseType == ["Evacuate", "Shelter"])
        #expect(info.description == "风力12级，伴有暴雨 <200mm>。")
        #expect(info.area?.first?.geocode == [CAPAlert.NamedValue(valueName: "CN-AREA", value: "330106001")])
        #expect(info.resource?.first?.size == "20480")
        #expect(CAPXMLWriter.write(alert).contains("&lt;200mm&gt;"))
        #expect(CAPTime.parse(alert.sent) == Date(timeIntervalSince1970: 1_795_910_400))
    }

    @Test("invalid documents are refused, naming the element", arguments: CAPCorpus.invalid)
    func invalid(_ name: String, _ document: String, _ element: String) {
        do throws(CAPError) {
            let alert = try CAPXMLReader.read(Data(document.utf8))
            try CAPValidator.validate(alert)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.element == element, "\(name): \(error)")
            #expect(!error.rule.isEmpty)
        }
    }

    /// Documents that are not UTF-8, including a UTF-16 one whose DTD an ASCII search cannot see.
    static let notUTF8: [(String, Data)] = [
        ("UTF-16 with a byte-order mark and a DTD", Data([0xFF, 0xFE])
            + ("<!DOCTYPE alert [<!ENTITY x \"y\">]>" + CAPCorpus.minimal()).data(using: .utf16LittleEndian)!),
        ("UTF-16 big-endian without a mark", ("<?xml version=\"1.0\"?>" + CAPCorpus.minimal()).data(using: .utf16BigEndian)!),
        ("a UTF-8 byte-order mark", Data([0xEF, 0xBB, 0xBF]) + Data(CAPCorpus.minimal().utf8)),
        ("a NUL byte", Data(CAPCorpus.minimal().utf8) + Data([0])),
        ("an invalid UTF-8 byte", Data(CAPCorpus.minimal().replacingOccurrences(of: "洪水预警", with: "X").utf8).map { $0 == UInt8(ascii: "X") ? 0xC3 : $0 }
            .reduce(into: Data()) { $0.append($1) }),
        ("another declared encoding", Data(("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + CAPCorpus.minimal()).utf8)),
    ]

    @Test("only UTF-8 is read: a mark, a NUL, invalid bytes or another encoding are refused before parsing",
          arguments: notUTF8)
    func onlyUTF8(_ name: String, _ document: Data) {
        let error = #expect(throws: CAPError.self) { try CAPXMLReader.read(document) }
        #expect(error?.element == "alert", "\(name): \(error.map(String.init(describing:)) ?? "")")
    }

    @Test("a declared UTF-8 encoding is accepted")
    func declaredUTF8() throws {
        let document = #"<?xml version="1.0" encoding="UTF-8"?>"# + CAPCorpus.minimal()
        #expect(try CAPXMLReader.read(Data(document.utf8)).status == "Actual")
    }

    @Test("every enumeration value of CAP 1.2 is accepted")
    func enumerations() throws {
        var alert = try CAPXMLReader.read(Data(CAPCorpus.minimal().utf8))
        for status in CAPValidator.statuses { alert.status = status; try CAPValidator.validate(alert) }
        for scope in ["Public"] { alert.scope = scope; try CAPValidator.validate(alert) }
        for category in CAPValidator.categories { alert.info![0].category = [category]; try CAPValidator.validate(alert) }
        for type in CAPValidator.responseTypes { alert.info![0].responseType = [type]; try CAPValidator.validate(alert) }
        for urgency in CAPValidator.urgencies { alert.info![0].urgency = urgency; try CAPValidator.validate(alert) }
        for severity in CAPValidator.severities { alert.info![0].severity = severity; try CAPValidator.validate(alert) }
        for certainty in CAPValidator.certainties { alert.info![0].certainty = certainty; try CAPValidator.validate(alert) }
        #expect(CAPValidator.statuses.count == 5 && CAPValidator.messageTypes.count == 5 && CAPValidator.categories.count == 12)
    }

    @Test("polygons and circles contain what they should")
    func geometry() throws {
        let square = try #require(GeoPolygon(cap: "30.20,120.10 30.30,120.10 30.30,120.20 30.20,120.20 30.20,120.10"))
        #expect(square.contains(GeoPoint(latitude: 30.25, longitude: 120.15)))
        #expect(!square.contains(GeoPoint(latitude: 30.35, longitude: 120.15)))
        let circle = try #require(GeoCircle(cap: "30.25,120.15 1"))
        #expect(circle.contains(GeoPoint(latitude: 30.255, longitude: 120.15)))
        #expect(!circle.contains(GeoPoint(latitude: 30.27, longitude: 120.15)))
    }
}
