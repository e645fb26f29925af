import Foundation
import ServiceKit

/// The typhoon room's compose form as a CAP 1.2 alert: the same ``CAPAlert`` the API reads from
/// XML, validated by the same ``CAPValidator``. Areas are picked by code (each a geocode) or drawn
/// as a circle; a second info in English is added when an English headline is given.
struct CAPForm {
    static let categories = ["Met", "Geo", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"]
    static let urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"]
    static let severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
    static let certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"]
    static let statuses = ["Actual", "Exercise", "Test"]
    static let labels: [String: String] = [
        "Met": "气象", "Geo": "地质", "Safety": "安全", "Security": "治安", "Rescue": "救援", "Fire": "火灾", "Health": "卫生",
        "Env": "环境", "Transport": "交通", "Infra": "基础设施", "CBRNE": "危化", "Other": "其他",
        "Immediate": "立即", "Expected": "预计（1小时内）", "Future": "将来", "Past": "已过去", "Unknown": "未知",
        "Extreme": "特别严重（红）", "Severe": "严重（橙）", "Moderate": "较重（黄）", "Minor": "一般（蓝）",
        "Observed": "已发生", "Likely": "很可能", "Possible": "可能", "Unlikely": "不太可能",
        "Actual": "正式发布", "Exercise": "演练（只发给工作人员）", "Test": "测试（不发给任何人）",
    ]

    /// Field names of the picked areas: `area-<code>`.
    static let areaPrefix = "area-"

    /// The alert the form describes. Its identifier and sent time come from the form when it was
    /// previewed, so issuing sends exactly what was shown.
    static func alert(from form: ConsoleForm, sender: String, areaNames: [String: AlertAreas.Area], now: Date = Date()) -> CAPAlert {
        let identifier = form["identifier"] ?? "urn:uuid:" + UUID().uuidString.lowercased()
        let sent = form["sent"] ?? CAPForm.time(now)
        let msgType = form["msgType"] ?? "Alert"
        var areas: [CAPAlert.Area] = form.fields.keys.filter { $0.hasPrefix(areaPrefix) }.sorted().map { key in
            let code = String(key.dropFirst(areaPrefix.count))
            return CAPAlert.Area(areaDesc: areaNames[code]?.name ?? code, geocode: [.init(valueName: "CN-AREA", value: code)])
        }
        if let latitude = form["circleLatitude"], let longitude = form["circleLongitude"], let radius = form["circleRadiusKm"] {
            areas.append(CAPAlert.Area(areaDesc: form["circleDescription"] ?? "圈定范围", circle: ["\(latitude),\(longitude) \(radius)"]))
        }
        func info(language: String, headline: String?, description: String?, instruction: String?) -> CAPAlert.Info {
            CAPAlert.Info(
                language: language, category: [form["category"] ?? "Met"], event: form["event"] ?? "", urgency: form["urgency"] ?? "",
                severity: form["severity"] ?? "", certainty: form["certainty"] ?? "", headline: headline, description: description,
                instruction: instruction, area: areas.isEmpty ? nil : areas)
        }
        var infos = [info(language: "zh-CN", headline: form["headline"], description: form["description"], instruction: form["instruction"])]
        if let english = form["headlineEnglish"] {
            infos.append(info(language: "en-US", headline: english, description: form["descriptionEnglish"], instruction: form["instructionEnglish"]))
        }
        return CAPAlert(
            identifier: identifier, sender: sender, sent: sent, status: form["status"] ?? "Actual", msgType: msgType, scope: "Public",
            references: msgType == "Alert" ? nil : form["references"], info: msgType == "Cancel" && form["headline"] == nil ? nil : infos)
    }

    /// A CAP time in the district's zone, to the second (`2026-12-07T16:30:00+08:00`).
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))+08:00"
    }

    static func options(_ values: [String], selected: String?) -> [[String: String]] {
        values.map { ["value": $0, "label": labels[$0] ?? $0, "selected": $0 == selected ? "selected" : ""] }
    }
}
