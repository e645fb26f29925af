import Contracts

/// The bureau's own words for the codes on the topics.
enum ReportLabels {
    static let noData = "主题上无此数据"

    static func reason(_ code: String) -> String {
        switch DecisionReason(rawValue: code) {
        case .incomeAboveStandard: "收入超过标准"
        case .incomeChanged: "收入变化"
        case .standardChanged: "标准调整"
        case .notEligible: "不符合条件"
        case .documentsMissing: "材料不全"
        case .falseInformation: "虚报瞒报"
        case .deceased: "死亡"
        case .movedOut: "迁出"
        case .registeredInError: "登记错误"
        case .ageLimit: "超过年龄"
        case .institutionalCare: "入住机构"
        case .review: "复核"
        case .other, nil: "其他"
        }
    }

    static func areaKind(_ kind: String) -> String {
        switch kind {
        case "urban": "城市"
        case "rural": "农村"
        default: "未知"
        }
    }

    static func filingKind(_ kind: String) -> String {
        switch FilingStatus.Kind(rawValue: kind) {
        case .nameReservation: "名称预先核准"
        case .establishment: "成立登记"
        case .change: "变更登记"
        case .annualReport: "年度报告"
        case .deregistration: "注销登记"
        case nil: kind
        }
    }

    static let organizationKinds: [(code: String, label: String)] = [
        ("social-group", "社会团体"), ("private-non-enterprise-unit", "民办非企业单位"), ("foundation", "基金会"), ("unknown", "未知"),
    ]

    static func response(_ response: String) -> String {
        switch NotificationAcknowledged.Response(rawValue: response) {
        case .received: "已收到"
        case .safe: "平安"
        case .needsHelp: "需要帮助"
        case .evacuated: "已转移"
        case nil: response
        }
    }

    static func severity(_ severity: String) -> String {
        switch severity {
        case "Extreme": "特别严重"
        case "Severe": "严重"
        case "Moderate": "较重"
        case "Minor": "一般"
        default: "未知"
        }
    }

    static func serviceType(_ type: String) -> String {
        switch type {
        case "housekeeping": "助洁"
        case "daily-care": "生活照料"
        case "meal-delivery": "助餐"
        case "bathing": "助浴"
        case "medical-escort": "助医"
        case "companionship": "精神慰藉"
        default: type
        }
    }
}
