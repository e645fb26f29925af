import Foundation

extension HalfYearReport {
    /// The report in the bureau's structure: 社会救助, 养老服务, 社会组织, 防灾减灾.
    public var sections: [ReportSection] {
        [socialAssistanceSection, elderlyCareSection, organizationsSection, disasterSection]
    }

    /// Fen as the bureau writes yuan: `698,000.00`.
    static func yuan(_ fen: Int) -> String {
        let (whole, cents) = abs(fen).quotientAndRemainder(dividingBy: 100)
        let digits = String(whole)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (fen < 0 ? "-" : "") + grouped + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? String(format: "%.1f%%", Double(part) * 100 / Double(whole)) : ReportLabels.noData
    }

    var socialAssistanceSection: ReportSection {
        let assistance = socialAssistance
        let dibao = assistance.dibao
        let roll = ReportTable(
            id: "dibao", title: "城乡低保（期末在册）", columns: ["项目", "数值"],
            rows: [
                ["期末在册户数", "\(dibao.households)"], ["期末在册人数", "\(dibao.persons)"],
                ["本期新增户数", "\(dibao.newHouseholds)"], ["本期退出户数", "\(dibao.exitedHouseholds)"],
                ["在册重度残疾人数", "\(dibao.severelyDisabledPersons)"],
            ])
        let exits = ReportTable(
            id: "dibao-exits", title: "低保退出原因", columns: ["原因", "户数"],
            rows: dibao.exitsByReason.sorted { $0.key < $1.key }.map { [ReportLabels.reason($0.key), "\($0.value)"] }, chartColumn: 1)
        let kinds = ReportTable(
            id: "dibao-area-kinds", title: "城乡低保补助水平", columns: ["类别", "户数", "人数", "月补助（元）", "月人均补助（元）", "保障标准（元）", "占标准"],
            rows: dibao.byAreaKind.map { kind in
                [ReportLabels.areaKind(kind.areaKind), "\(kind.households)", "\(kind.persons)", Self.yuan(kind.monthlyTopUpFen),
                 Self.yuan(kind.averageTopUpPerPersonFen), kind.standardFen.map(Self.yuan) ?? ReportLabels.noData,
                 kind.percentOfStandard.map { "\($0)%" } ?? ReportLabels.noData]
            }, chartColumn: 4)
        let child = assistance.childLivingAllowance
        let relief = ReportTable(
            id: "assistance", title: "临时救助、医疗救助与儿童福利", columns: ["项目", "人次", "户数", "金额（元）"],
            rows: [
                ["临时救助", "\(assistance.temporaryRelief.personTimes)", "\(assistance.temporaryRelief.households)",
                 Self.yuan(assistance.temporaryRelief.amountFen)],
                ["急难型临时救助", "\(assistance.emergencyRelief.personTimes)", "\(assistance.emergencyRelief.households)",
                 Self.yuan(assistance.emergencyRelief.amountFen)],
                ["医疗救助", "\(assistance.medicalAssistance.personTimes)", "\(assistance.medicalAssistance.households)",
                 Self.yuan(assistance.medicalAssistance.amountFen)],
                ["困境儿童基本生活补贴（本期合计）", "—", "—", Self.yuan(child.paidInPeriodFen)],
            ], chartColumn: 3)
        let children = ReportTable(
            id: "child-allowance", title: "困境儿童基本生活补贴（期末月）", columns: ["保障儿童（人）", "每人每月（元）"],
            rows: [["\(child.children)", child.monthlyFenPerChild.map(Self.yuan) ?? "不等"]])
        let campaigns = ReportTable(
            id: "campaign-grants", title: "节日慰问金", columns: ["项目", "人数", "每人（元）", "合计（元）"],
            rows: assistance.campaignGrants.map {
                [programNames[$0.programId] ?? $0.programId, "\($0.recipients)", $0.amountFen.map(Self.yuan) ?? "不等", Self.yuan($0.totalFen)]
            }, chartColumn: 3)
        return ReportSection(
            title: "一、社会救助", tables: [roll, exits, kinds, relief, children, campaigns],
            notes: ["在册与新增、退出按救助月份（决定的生效月份）计；金额按本期各月的支付指令计，补发不重复计。"])
    }

    var elderlyCareSection: ReportSection {
        let care = elderlyCare
        let summary = ReportTable(
            id: "elderly-care", title: "居家养老服务", columns: ["项目", "数值"],
            rows: [
                ["期末有居家养老服务计划的老人", "\(care.homeCarePlans)"],
                ["85—89 周岁老人", "\(care.aged85To89)"],
                ["85—89 周岁覆盖率（高龄补贴或服务计划）", Self.percent(care.aged85To89Covered, of: care.aged85To89)],
                ["服务满意率（回访无异议）", Self.percent(care.visitsAccepted, of: care.visitsAccepted + care.visitsDisputed)],
            ])
        let centres = ReportTable(
            id: "care-centres", title: "居家养老服务照料中心（按星级）", columns: ["星级", "中心数"],
            rows: care.centresByStarRating.isEmpty ? [] : (1...5).reversed().map { ["\($0) 星", "\(care.centresByStarRating["\($0)"] ?? 0)"] },
            chartColumn: 1)
        let hours = ReportTable(
            id: "care-hours", title: "服务时长（小时）", columns: ["服务类型", "小时"],
            rows: care.minutesByServiceType.sorted { $0.key < $1.key }.map {
                [ReportLabels.serviceType($0.key), String(format: "%.1f", Double($0.value) / 60)]
            }, chartColumn: 1)
        let subsidies = ReportTable(
            id: "care-subsidies", title: "补助与结算（元）", columns: ["项目", "金额（元）"],
            rows: care.subsidiesFen.sorted { $0.key < $1.key }.map { [programNames[$0.key] ?? $0.key, Self.yuan($0.value)] }, chartColumn: 1)
        return ReportSection(title: "二、养老服务", tables: [summary, centres, hours, subsidies], notes: [])
    }

    var organizationsSection: ReportSection {
        let kinds = ReportLabels.organizationKinds.filter { kind in
            kind.code != "unknown" || organizations.approved.values.contains { $0["unknown"] != nil }
        }
        let filingKinds = ["name-reservation", "establishment", "change", "annual-report", "deregistration"]
        let table = ReportTable(
            id: "organizations", title: "社会组织登记（本期办结）", columns: ["事项"] + kinds.map(\.label) + ["合计"],
            rows: filingKinds.map { filing in
                let counts = kinds.map { organizations.approved[filing]?[$0.code] ?? 0 }
                return [ReportLabels.filingKind(filing)] + counts.map(String.init) + ["\(counts.reduce(0, +))"]
            }, chartColumn: kinds.count + 1)
        return ReportSection(title: "三、社会组织", tables: [table], notes: ["本期收到申请 \(organizations.submitted) 件。"])
    }

    var disasterSection: ReportSection {
        let disaster = disasterPrevention
        let alerts = ReportTable(
            id: "alerts", title: "预警信息发布", columns: ["事件", "级别", "条数"],
            rows: disaster.alerts.map { [$0.event, ReportLabels.severity($0.severity), "\($0.count)"] }, chartColumn: 2)
        let reach = ReportTable(
            id: "alert-reach", title: "预警触达与反馈", columns: ["项目", "数值"],
            rows: [
                ["更新 / 解除", "\(disaster.updates) / \(disaster.cancellations)"],
                ["应通知 / 已通知（人次）", "\(disaster.targeted) / \(disaster.notified)"],
                ["短信发出 / 送达", "\(disaster.smsSent) / \(disaster.smsDelivered)"],
                ["回复确认的居民", "\(disaster.acknowledged)"],
                ["确认率", Self.percent(disaster.acknowledged, of: disaster.notified)],
                ["确认用时中位数（分钟）", disaster.medianMinutesToAcknowledge.map(String.init) ?? ReportLabels.noData],
                ["求助", "\(disaster.needsHelp)"],
                ["开放避灾安置场所", "\(disaster.sheltersOpened)"],
                ["安置人数（各场所峰值合计）", "\(disaster.peopleSheltered)"],
            ])
        let responses = ReportTable(
            id: "alert-responses", title: "居民回复", columns: ["回复", "人数"],
            rows: disaster.responses.sorted { $0.key < $1.key }.map { [ReportLabels.response($0.key), "\($0.value)"] }, chartColumn: 1)
        let stock = ReportTable(
            id: "relief-materials", title: "救灾物资（本期）", columns: ["物资", "单位", "入库", "发放", "调拨至安置场所"],
            rows: disaster.stock.map {
                [$0.name ?? $0.item, $0.unit ?? "", "\($0.received)", "\($0.issued)", "\($0.suppliedToShelters)"]
            }, chartColumn: 3)
        return ReportSection(title: "四、防灾减灾", tables: [alerts, reach, responses, stock], notes: [])
    }
}
