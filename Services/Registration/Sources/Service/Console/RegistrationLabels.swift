import Contracts
import ServiceKit

/// The bureau's words for the register's own codes (programs and flags are labelled in the kit).
enum RegistrationLabels {
    static func status(_ status: BenefitApplication.Status) -> String {
        switch status {
        case .draft: "草稿"
        case .submitted: "待审批"
        case .active: "在保"
        case .rejected: "不予批准"
        case .suspended: "暂停"
        case .exited: "已退出"
        }
    }

    static let programs: [[String: String]] = BenefitProgram.allCases.map { ["code": $0.rawValue, "label": $0.label] }
    static let flags: [[String: String]] = Vulnerability.allCases.map { ["code": $0.rawValue, "label": $0.label] }
}
