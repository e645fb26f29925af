import Foundation

/// CAP documents written for the tests: a full valid alert using every element, smaller valid
/// ones, and mutations that each break one rule of CAP 1.2.
enum CAPCorpus {
    static let identifier = "urn:oid:2.49.0.1.156.330106.2026.1129.1"

    /// Every element of CAP 1.2 at least once.
    static let full = """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(identifier)</identifier>
          <sender>duty@mca.xihu.gov.cn</sender>
          <sent>2026-11-29T08:00:00+08:00</sent>
          <status>Actual</status>
          <msgType>Alert</msgType>
          <source>西湖区应急值班室</source>
          <scope>Restricted</scope>
          <restriction>区防指成员单位</restriction>
          <code>IPAWSv1.0</code>
          <code>CN-MCA</code>
          <note>演练后转正式 &amp; 发布</note>
          <incidents>typhoon-2026-21</incidents>
          <info>
            <language>zh-CN</language>
            <category>Met</category>
            <category>Safety</category>
            <event>台风</event>
            <responseType>Evacuate</responseType>
            <responseType>Shelter</responseType>
            <urgency>Immediate</urgency>
            <severity>Severe</severity>
            <certainty>Likely</certainty>
            <audience>低洼地区居民</audience>
            <eventCode><valueName>CN-GB-T-35965</valueName><value>11B01</value></eventCode>
            <effective>2026-11-29T08:00:00+08:00</effective>
            <onset>2026-11-29T20:00:00+08:00</onset>
            <expires>2026-11-30T20:00:00+08:00</expires>
            <senderName>杭州市西湖区民政局</senderName>
            <headline>台风“海葵”预计今夜登陆</headline>
            <description>风力12级，伴有暴雨 &lt;200mm&gt;。</description>
            <instruction>请低洼地区居民立即转移至就近避灾安置点。</instruction>
            <web>https://mca.xihu.gov.cn/alerts/1</web>
            <contact>0571-00000000</contact>
            <parameter><valueName>windSpeed</valueName><value>33m/s</value></parameter>
            <resource>
              <resourceDesc>路径图</resourceDesc>
              <mimeType>image/png</mimeType>
              <size>20480</size>
              <uri>https://mca.xihu.gov.cn/alerts/1/track.png</uri>
              <digest>2fd4e1c67a2d28fced849ee1bb76e7391b93eb12</digest>
            </resource>
            <area>
              <areaDesc>北山街道</areaDesc>
              <polygon>30.20,120.10 30.30,120.10 30.30,120.20 30.20,120.20 30.20,120.10</polygon>
              <circle>30.25,120.15 2.5</circle>
              <geocode><valueName>CN-AREA</valueName><value>330106001</value></geocode>
              <altitude>0</altitude>
              <ceiling>1000</ceiling>
            </area>
          </info>
        </alert>
        """

    /// The least CAP allows for an Alert this service dispatches (one info with an area).
    static func minimal(
        identifier: String = "urn:oid:test.2", status: String = "Actual", msgType: String = "Alert",
        severity: String = "Moderate", references: String? = nil, area: String = "<geocode><valueName>CN-AREA</valueName><value>330106001</value></geocode>",
        sent: String = "2026-11-29T09:00:00+08:00"
    ) -> String {
        """
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(identifier)</identifier><sender>duty@mca.xihu.gov.cn</sender>
          <sent>\(sent)</sent><status>\(status)</status><msgType>\(msgType)</msgType><scope>Public</scope>
          \(references.map { "<references>\($0)</references>" } ?? "")
          <info><category>Met</category><event>洪水</event><urgency>Expected</urgency><severity>\(severity)</severity>
            <certainty>Possible</certainty><headline>洪水预警</headline><area><areaDesc>区域</areaDesc>\(area)</area></info>
        </alert>
        """
    }

    /// (what is wrong, the document, the element the refusal must name)
    static let invalid: [(String, String, String)] = [
        ("not XML", "<alert", "alert"),
        ("wrong root", #"<message xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>"#, "message"),
        ("wrong namespace", full.replacingOccurrences(of: "cap:1.2\"", with: "cap:1.1\""), "alert"),
        ("a DTD", "<!DOCTYPE alert [<!ENTITY x \"y\">]>" + minimal(), "alert"),
        ("identifier missing", full.replacingOccurrences(of: "<identifier>\(identifier)</identifier>", with: ""), "alert/identifier"),
        ("identifier with a space", full.replacingOccurrences(of: "<identifier>\(identifier)", with: "<identifier>urn:oid:1 2"), "alert/identifier"),
        ("identifier with a comma", full.replacingOccurrences(of: "<identifier>\(identifier)", with: "<identifier>a,b"), "alert/identifier"),
        ("sender missing", full.replacingOccurrences(of: "<sender>duty@mca.xihu.gov.cn</sender>", with: ""), "alert/sender"),
        ("sender with a space", full.replacingOccurrences(of: "<sender>duty@", with: "<sender>duty @"), "alert/sender"),
        ("sent missing", full.replacingOccurrences(of: "<sent>2026-11-29T08:00:00+08:00</sent>", with: ""), "alert/sent"),
        ("sent in Z", full.replacingOccurrences(of: "<sent>2026-11-29T08:00:00+08:00", with: "<sent>2026-11-29T00:00:00Z"), "alert/sent"),
        ("sent impossible date", full.replacingOccurrences(of: "<sent>2026-11-29T08", with: "<sent>2026-02-30T08"), "alert/sent"),
        ("status missing", full.replacingOccurrences(of: "<status>Actual</status>", with: ""), "alert/status"),
        ("status unknown", full.replacingOccurrences(of: "<status>Actual", with: "<status>Real"), "alert/status"),
        ("msgType missing", full.replacingOccurrences(of: "<msgType>Alert</msgType>", with: ""), "alert/msgType"),
        ("msgType unknown", full.replacingOccurrences(of: "<msgType>Alert", with: "<msgType>Warning"), "alert/msgType"),
        ("scope missing", full.replacingOccurrences(of: "<scope>Restricted</scope>", with: ""), "alert/scope"),
        ("scope unknown", full.replacingOccurrences(of: "<scope>Restricted", with: "<scope>Everyone"), "alert/scope"),
        ("Restricted without restriction", full.replacingOccurrences(of: "<restriction>区防指成员单位</restriction>", with: ""), "alert/restriction"),
        ("Private without addresses", full.replacingOccurrences(of: "<scope>Restricted", with: "<scope>Private"), "alert/addresses"),
        ("Update without references", minimal(msgType: "Update"), "alert/references"),
        ("Cancel without references", minimal(msgType: "Cancel"), "alert/references"),
        ("references malformed", minimal(msgType: "Cancel", references: "duty@mca.xihu.gov.cn,only-two"), "alert/references"),
        ("element twice", full.replacingOccurrences(of: "<status>Actual</status>", with: "<status>Actual</status><status>Test</status>"), "alert/status"),
        ("unknown element", full.replacingOccurrences(of: "<note>", with: "<priority>1</priority><note>"), "alert/priority"),
        ("text element with children", full.replacingOccurrences(of: "<source>西湖区应急值班室</source>", with: "<source><sender>x</sender></source>"), "alert/source/sender"),
        ("category missing", full.replacingOccurrences(of: "<category>Met</category>\n    <category>Safety</category>", with: ""), "alert/info[1]/category"),
        ("category unknown", full.replacingOccurrences(of: "<category>Met", with: "<category>Weather"), "alert/info[1]/category"),
        ("event missing", full.replacingOccurrences(of: "<event>台风</event>", with: ""), "alert/info[1]/event"),
        ("responseType unknown", full.replacingOccurrences(of: "<responseType>Evacuate", with: "<responseType>Run"), "alert/info[1]/responseType"),
        ("urgency missing", full.replacingOccurrences(of: "<urgency>Immediate</urgency>", with: ""), "alert/info[1]/urgency"),
        ("urgency unknown", full.replacingOccurrences(of: "<urgency>Immediate", with: "<urgency>Now"), "alert/info[1]/urgency"),
        ("severity missing", full.replacingOccurrences(of: "<severity>Severe</severity>", with: ""), "alert/info[1]/severity"),
        ("severity unknown", full.replacingOccurrences(of: "<severity>Severe", with: "<severity>High"), "alert/info[1]/severity"),
        ("certainty missing", full.replacingOccurrences(of: "<certainty>Likely</certainty>", with: ""), "alert/info[1]/certainty"),
        ("certainty unknown", full.replacingOccurrences(of: "<certainty>Likely", with: "<certainty>VeryLikely"), "alert/info[1]/certainty"),
        ("language malformed", full.replacingOccurrences(of: "<language>zh-CN", with: "<language>zh_CN"), "alert/info[1]/language"),
        ("eventCode without value", full.replacingOccurrences(of: "<value>11B01</value>", with: ""), "alert/info[1]/eventCode[1]/value"),
        ("effective malformed", full.replacingOccurrences(of: "<effective>2026-11-29T08:00:00+08:00", with: "<effective>2026-11-29 08:00"), "alert/info[1]/effective"),
        ("onset malformed", full.replacingOccurrences(of: "<onset>2026-11-29T20:00:00+08:00", with: "<onset>tonight"), "alert/info[1]/onset"),
        ("expires malformed", full.replacingOccurrences(of: "<expires>2026-11-30T20:00:00+08:00", with: "<expires>2026-11-30T20:00:00.5+08:00"), "alert/info[1]/expires"),
        ("parameter without valueName", full.replacingOccurrences(of: "<valueName>windSpeed</valueName>", with: ""), "alert/info[1]/parameter[1]/valueName"),
        ("resource without mimeType", full.replacingOccurrences(of: "<mimeType>image/png</mimeType>", with: ""), "alert/info[1]/resource[1]/mimeType"),
        ("resource without resourceDesc", full.replacingOccurrences(of: "<resourceDesc>路径图</resourceDesc>", with: ""), "alert/info[1]/resource[1]/resourceDesc"),
        ("resource size not a number", full.replacingOccurrences(of: "<size>20480", with: "<size>20KB"), "alert/info[1]/resource[1]/size"),
        ("areaDesc missing", full.replacingOccurrences(of: "<areaDesc>北山街道</areaDesc>", with: ""), "alert/info[1]/area[1]/areaDesc"),
        ("polygon not closed", full.replacingOccurrences(of: "30.20,120.20 30.20,120.10</polygon>", with: "30.20,120.20 30.21,120.10</polygon>"), "alert/info[1]/area[1]/polygon"),
        ("polygon too short", full.replacingOccurrences(of: "<polygon>30.20,120.10 30.30,120.10 30.30,120.20 30.20,120.20 30.20,120.10", with: "<polygon>30.20,120.10 30.30,120.10 30.20,120.10"), "alert/info[1]/area[1]/polygon"),
        ("polygon latitude out of range", full.replacingOccurrences(of: "<polygon>30.20,120.10 30.30,120.10", with: "<polygon>30.20,120.10 95.30,120.10"), "alert/info[1]/area[1]/polygon"),
        ("circle without radius", full.replacingOccurrences(of: "<circle>30.25,120.15 2.5", with: "<circle>30.25,120.15"), "alert/info[1]/area[1]/circle"),
        ("geocode without valueName", full.replacingOccurrences(of: "<valueName>CN-AREA</valueName>", with: ""), "alert/info[1]/area[1]/geocode[1]/valueName"),
        ("ceiling without altitude", full.replacingOccurrences(of: "<altitude>0</altitude>", with: ""), "alert/info[1]/area[1]/ceiling"),
        ("altitude not a number", full.replacingOccurrences(of: "<altitude>0", with: "<altitude>sea level"), "alert/info[1]/area[1]/altitude"),
    ]
}
