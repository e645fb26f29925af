import Contracts

/// The bureau's words for the codes on the topics, as every console shows them.
extension Vulnerability {
    public var label: String {
        switch self {
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
}

extension BenefitProgram {
    public var label: String {
        switch self {
        case .dibao: "最低生活保障（低保）"
        case .temporaryRelief: "临时救助"
        case .emergencyRelief: "急难救助"
        case .medicalAssistance: "医疗救助"
        case .childLivingAllowance: "困境儿童基本生活补贴"
        case .elderlyHomeCareSubsidy: "高龄居家养老补贴"
        case .homeCare: "居家养老服务"
        }
    }
}
