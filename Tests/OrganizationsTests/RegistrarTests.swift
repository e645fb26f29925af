import Contracts
import Foundation
import KafkaTestSupport
import Organizations
import ServiceKit
import SQLKit
import Testing

@Suite("The registrar's desk: reservations, establishment, changes, deregistration", .serialized)
struct RegistrarTests {
    static let policy = RegistrarPolicy(
        names: NameRules(suffixes: ["social-group": ["协会", "学会", "商会", "促进会", "联合会"]], forbiddenWords: ["中国"]),
        calendar: WorkingCalendar(holidays: Set((1...7).map { "2026-10-0\($0)" })),
        timeLimits: ["name-reservation": 5, "establishment": 20, "change": 20, "annual-report": 30, "deregistration": 20],
        requiredDocuments: ["establishment": ["登记申请书", "章程草案", "验资报告"]],
        reservationDays: 30)
    static let clerk = StaffIdentity(staffID: "staff-0101", department: "organizations", roles: ["clerk"])
    static let registrar = StaffIdentity(staffID: "staff-0102", department: "organizations", roles: [.approver])
    static let otherRegistrar = StaffIdentity(staffID: "staff-0103", department: "organizations", roles: [.approver])
    static let documents = ["登记申请书", "章程草案", "验资报告"].map { FilingDocument(title: $0, receivedOn: "2026-11-02") }

    func reserve(_ registrar: FilingDesk, _ name: String, today: String = "2026-11-02") async throws -> Filing {
        let filing = try await registrar.submit(
            .nameReservation, organizationId: nil,
            details: FilingDetails(name: name, kind: .socialGroup, domicileAreaCode: "330106"), documents: [],
            by: Self.clerk, today: today)
        _ = try await registrar.accept(filing.filingId, by: Self.registrar)
        return filing
    }

    func problem(_ body: () async throws -> Void) async -> Problem? {
        do { try await body(); return nil } catch let error as any ProblemConvertible { return error.problem } catch { return nil }
    }

    @Test("reserve, establish with a credit code, change, report, deregister; four-eyes, returns and name races",
          arguments: TestDatabase.available)
    func lifecycle(on kind: TestDatabase) async throws {
        let database = try await kind.open(migrations: OrganizationsService.migrations)
        let registrar = FilingDesk(database: database, policy: Self.policy)

        // Name rules, each refusal naming its rule and word.
        let forbidden = await problem {
            _ = try await registrar.submit(.nameReservation, organizationId: nil,
                                           details: FilingDetails(name: "中国西湖区体育协会", kind: .socialGroup, domicileAreaCode: "330106"),
                                           documents: [], by: Self.clerk, today: "2026-11-02")
        }
        #expect(forbidden?.extensions["rule"] == .string("forbidden-word") && forbidden?.extensions["word"] == .string("中国"))
        let suffix = await problem {
            _ = try await registrar.submit(.nameReservation, organizationId: nil,
                                           details: FilingDetails(name: "西湖区体育俱乐部", kind: .socialGroup, domicileAreaCode: "330106"),
                                           documents: [], by: Self.clerk, today: "2026-11-02")
        }
        #expect(suffix?.extensions["rule"] == .string("suffix"))

        // Two filings race for one name (spelt differently): one approval wins.
        let first = try await reserve(registrar, "西湖区老年人体育协会")
        let second = try await reserve(registrar, "西湖区　老年人（体育）协会")
        let selfApproval = await problem { _ = try await registrar.approve(first.filingId, by: Self.clerk, today: "2026-11-03") }
        #expect(selfApproval?.kind == "four-eyes")
        async let a = problem { _ = try await registrar.approve(first.filingId, by: Self.registrar, today: "2026-11-03") }
        async let b = problem { _ = try await registrar.approve(second.filingId, by: Self.otherRegistrar, today: "2026-11-03") }
        let outcomes = await [a, b]
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.compactMap { $0 }.first?.extensions["rule"] == .string("taken"))
        let winner = outcomes[0] == nil ? first : second
        let (reserved, _) = try await registrar.register.organization(winner.organizationId)
        #expect(reserved.status == .reserved && reserved.reservedUntil == "2026-12-03")

        // Establishment: documents checked, returned for correction, resubmitted, approved.
        let details = FilingDetails(name: reserved.name, kind: .socialGroup, domicileAreaCode: "330106001", legalRepresentative: "张建国",
                                    businessScope: "组织老年人体育健身活动", startUpFundsFen: 3_000_000, supervisingUnit: "区体育局")
        let missing = await problem {
            _ = try await registrar.submit(.establishment, organizationId: reserved.organizationId, details: details,
                                           documents: Array(Self.documents.prefix(1)), by: Self.clerk, today: "2026-11-10")
        }
        #expect(missing?.kind == "documents-missing" && missing?.extensions["missing"] == .strings(["章程草案", "验资报告"]))
        let establishment = try await registrar.submit(.establishment, organizationId: reserved.organizationId, details: details,
                                                       documents: Self.documents, by: Self.clerk, today: "2026-11-10")
        #expect(establishment.dueOn == "2026-12-08", "20 working days")
        let returned = try await registrar.returnForCorrection(establishment.filingId, reason: "章程草案缺少签章", by: Self.registrar)
        #expect(returned.status == .returned && returned.reason == "章程草案缺少签章")
        _ = try await registrar.resubmit(establishment.filingId, details: details, documents: Self.documents, by: Self.clerk, today: "2026-11-12")
        _ = try await registrar.accept(establishment.filingId, by: Self.registrar)
        _ = try await registrar.approve(establishment.filingId, by: Self.registrar, today: "2026-11-20")
        let (active, _) = try await registrar.register.organization(reserved.organizationId)
        #expect(active.status == .active && active.establishedOn == "2026-11-20")
        #expect(active.creditCode == "51330106MJ0000018H")
        #expect(try CreditCode(active.creditCode ?? "").regionCode == "330106")

        // A change keeps old and new values; the old name is free again.
        let change = try await registrar.submit(
            .change, organizationId: active.organizationId,
            details: FilingDetails(name: "西湖区老年人健身协会", businessScope: "组织老年人健身活动"), documents: [],
            by: Self.clerk, today: "2026-11-23")
        _ = try await registrar.accept(change.filingId, by: Self.otherRegistrar)
        _ = try await registrar.approve(change.filingId, by: Self.otherRegistrar, today: "2026-11-24")
        let (changed, history) = try await registrar.register.organization(active.organizationId)
        #expect(changed.name == "西湖区老年人健身协会")
        #expect(history.map { "\($0.field): \($0.oldValue ?? "") -> \($0.newValue ?? "")" }.sorted() == [
            "businessScope: 组织老年人体育健身活动 -> 组织老年人健身活动", "name: \(active.name) -> 西湖区老年人健身协会",
        ])
        let oldName = try await reserve(registrar, "西湖区老年人体育协会", today: "2026-11-25")
        _ = try await registrar.approve(oldName.filingId, by: Self.registrar, today: "2026-11-25")

        // Revocation of the organization that took the old name back: released again, recorded.
        _ = try await registrar.approve(try await registrar.submit(
            .establishment, organizationId: oldName.organizationId,
            details: FilingDetails(name: "西湖区老年人体育协会", kind: .socialGroup, legalRepresentative: "王", businessScope: "体育",
                                   startUpFundsFen: 0, supervisingUnit: "区体育局"),
            documents: Self.documents, by: Self.clerk, today: "2026-11-25").filingId.accepted(by: registrar), by: Self.registrar, today: "2026-11-25")
        let revoked = try await registrar.register.revoke(oldName.organizationId, reason: "连续两年未参加年度检查", by: Self.registrar)
        #expect(revoked.status == .revoked)
        #expect(try await registrar.register.organization(oldName.organizationId).1.last?.newValue == "revoked: 连续两年未参加年度检查")
        let twice = await problem { _ = try await registrar.register.revoke(oldName.organizationId, reason: "x", by: Self.registrar) }
        #expect(twice?.kind == "state-conflict")

        // Overdue: an annual report nobody decided.
        let report = try await registrar.submit(.annualReport, organizationId: active.organizationId,
                                                details: FilingDetails(year: 2026), documents: [], by: Self.clerk, today: "2026-11-25")
        #expect(try await !registrar.overdue(today: report.dueOn).map(\.filingId).contains(report.filingId), "due today is not overdue")
        #expect(try await registrar.overdue(today: "2027-02-01").map(\.filingId).contains(report.filingId))

        // Deregistration releases the name.
        let deregistration = try await registrar.submit(.deregistration, organizationId: active.organizationId, details: FilingDetails(),
                                                        documents: [], by: Self.clerk, today: "2026-11-26")
        _ = try await registrar.accept(deregistration.filingId, by: Self.registrar)
        _ = try await registrar.approve(deregistration.filingId, by: Self.registrar, today: "2026-11-27")
        #expect(try await registrar.register.organization(active.organizationId).0.status == .deregistered)
        let after = await problem {
            _ = try await registrar.submit(.change, organizationId: active.organizationId, details: FilingDetails(businessScope: "x"),
                                           documents: [], by: Self.clerk, today: "2026-11-28")
        }
        #expect(after?.kind == "state-conflict")

        let records = try await database.withConnection { database in
            try await database.select().column("event_type").from("outbox_events").all()
                .map { try $0.decode(column: "event_type", as: String.self) }
        }
        #expect(records.filter { $0 == OrganizationRecord.eventType }.count == 7,
                "reservation, establishment, change, second reservation, its establishment, revocation, deregistration")
        #expect(records.filter { $0 == FilingStatus.eventType }.count > 10)
        try await database.close()
    }

    @Test("an establishment needs a live reservation for the same name and kind", arguments: TestDatabase.available)
    func establishmentNeedsLiveReservation(on kind: TestDatabase) async throws {
        let database = try await kind.open(migrations: OrganizationsService.migrations)
        let registrar = FilingDesk(database: database, policy: Self.policy)
        let filing = try await reserve(registrar, "西湖区社区营造促进会")
        _ = try await registrar.approve(filing.filingId, by: Self.registrar, today: "2026-11-02")
        let details = FilingDetails(name: "西湖区社区营造促进会", kind: .socialGroup, legalRepresentative: "李", businessScope: "社区营造",
                                    startUpFundsFen: 100, supervisingUnit: "区民政局")
        let expired = await problem {
            _ = try await registrar.submit(.establishment, organizationId: filing.organizationId, details: details,
                                           documents: Self.documents, by: Self.clerk, today: "2026-12-03")
        }
        #expect(expired?.kind == "no-live-reservation")
        var otherName = details
        otherName.name = "西湖区社区发展促进会"
        let mismatch = await problem {
            _ = try await registrar.submit(.establishment, organizationId: filing.organizationId, details: otherName,
                                           documents: Self.documents, by: Self.clerk, today: "2026-11-20")
        }
        #expect(mismatch?.kind == "no-live-reservation")
        // After the reservation lapsed, someone else may reserve the name.
        let again = try await reserve(registrar, "西湖区社区营造促进会", today: "2026-12-05")
        _ = try await registrar.approve(again.filingId, by: Self.registrar, today: "2026-12-05")
        #expect(try await registrar.register.organization(again.organizationId).0.status == .reserved)
        try await database.close()
    }
}

extension String {
    /// Accepts the filing with this id (a registrar other than the clerk), returning the id.
    func accepted(by registrar: FilingDesk) async throws -> String {
        _ = try await registrar.accept(self, by: RegistrarTests.otherRegistrar)
        return self
    }
}
