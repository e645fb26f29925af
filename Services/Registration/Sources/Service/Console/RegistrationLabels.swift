import Contracts

/// The bureau's words for the register's codes, as the consoles show them.
enum RegistrationLabels {
    static func program(_ program: BenefitProgram) -> String {
        switch program {
        case .dibao: "最低生活保障（低保）"
        case .temporaryRelief: "临时救助"
        case .emergencyRelief: "急难救助"
        case .medicalAssistance: "医疗救助"
        case .childLivingAllowance: "困境儿童基本生活补贴"
        case .elderlyHomeCareSubsidy: "高龄居家养老补贴"
        case .homeCare: "居家养老服务"
        }
    }

    static func flag(_ flag: Vulnerability) -> String {
        switch flag {
        case .aged60Plus: "60岁以上"
        case .aged80Plus: "80岁以上"
        case .aged85To89: "85至89岁"
        case .livingAlone: "独居"
        case .disability: "残疾"
        case .leftBehindChild: "留守儿童"
        case .childInDifficulty: "困境儿童"
        case .institutionalCare: "机构供养"
        case .dibaoHousehold: "低保家庭"
        }
    }

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

    static let programs: [[String: String]] = BenefitProgram.allCases.map { ["code": $0.rawValue, "label": program($0)] }
    static let flags: [[String: String]] = Vulnerability.allCases.map { ["code": $0.rawValue, "label": flag($0)] }
}
