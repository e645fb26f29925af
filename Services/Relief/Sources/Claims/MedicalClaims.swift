import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Takes medical-assistance claims. Each earns its share of the cost up to what is left of the
/// beneficiary's yearly cap; the running total per person and year is updated under a row lock,
/// so two claims entered at once cannot both spend the same remainder. Claims are paid by the
/// medical-assistance payroll run of a month on or after their service month.
public struct MedicalClaims: Sendable {
    let database: ServiceDatabase
    let catalog: ProgramCatalog
    let entitlements: EntitlementLedger

    public init(database: ServiceDatabase, catalog: ProgramCatalog, entitlements: EntitlementLedger) {
        self.database = database
        self.catalog = catalog
        self.entitlements = entitlements
    }

    public static let migration = DatabaseMigration("relief-medical-claims-1") { database in
        try await database.create(table: "medical_claims")
            .column("claim_id", type: .text, .primaryKey(autoIncrement: false))
            .column("beneficiary_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("service_month", type: .text, .notNull)
            .column("out_of_pocket_fen", type: .bigint, .notNull)
            .column("share_fen", type: .bigint, .notNull)
            .column("assistance_fen", type: .bigint, .notNull)
            .column("entered_by", type: .text, .notNull)
            .column("entered_at", type: .timestamp, .notNull)
            .run()
        try await database.create(table: "medical_cap_usage")
            .column("beneficiary_id", type: .text, .notNull)
            .column("year", type: .text, .notNull)
            .column("used_fen", type: .bigint, .notNull)
            .primaryKey("beneficiary_id", "year")
            .run()
    }

    public func enter(_ request: MedicalClaimRequest, by staff: StaffIdentity) async throws -> MedicalClaim {
        AuditTrail.name(request.claimId)
        var errors: [String: String] = [:]
        if !FreeText.isLine(request.claimId, maxLength: 64) { errors["claimId"] = "required, up to 64 characters" }
        if !PersonPseudonymizer.isPseudonym(request.beneficiaryId) {
            errors["beneficiaryId"] = "a person pseudonym p_ + 32 hex digits"
        }
        if !Month.isMonth(request.serviceMonth) { errors["serviceMonth"] = "YYYY-MM" }
        if !Fen.isAccepted(request.outOfPocketFen, positive: true) { errors["outOfPocketFen"] = "fen, 1 to \(Fen.largestAccepted.value)" }
        guard errors.isEmpty else { throw InvalidInput("the claim is not valid", fields: errors) }
        guard let program = catalog.program(paying: .medicalAssistance), program.kind == .claims,
              let rate = program.rate(in: request.serviceMonth),
              let share = rate.shareBasisPoints, let cap = rate.annualCapFen
        else {
            throw PaymentError.noClaimRate(month: request.serviceMonth)
        }
        let entitled = try await database.withConnection { database in
            try await entitlements.entitlements(
                in: request.serviceMonth, program: .medicalAssistance, beneficiary: request.beneficiaryId, in: database)
        }.contains(where: \.payable)
        guard entitled else {
            throw PaymentError.notEntitled(month: request.serviceMonth)
        }
        let shareFen = try Fen.share(of: Fen(request.outOfPocketFen), basisPoints: share).value
        let year = (Month(request.serviceMonth)?.yearText ?? "")
        let now = Date()
        return try await database.transaction { database in
            if let existing = try await Self.claim(request.claimId, in: database) {
                guard existing.beneficiaryId == request.beneficiaryId, existing.outOfPocketFen == request.outOfPocketFen,
                      existing.serviceMonth == request.serviceMonth
                else {
                    throw PaymentError.claimExists(claimId: request.claimId)
                }
                return existing
            }
            try await database.insert(into: "medical_cap_usage").columns("beneficiary_id", "year", "used_fen")
                .values(SQLBind(request.beneficiaryId), SQLBind(year), SQLBind(0))
                .ignoringConflicts(with: ["beneficiary_id", "year"]).run()
            let used = try await database.select().column("used_fen").from("medical_cap_usage")
                .where("beneficiary_id", .equal, SQLBind(request.beneficiaryId)).where("year", .equal, SQLBind(year))
                .for(.update).first()?.decode(column: "used_fen", as: Int.self) ?? 0
            let remaining = max(0, cap - used)
            guard remaining > 0 else {
                throw PaymentError.annualCapReached(capFen: cap, usedFen: used, year: year)
            }
            let assistance = min(shareFen, remaining)
            try await database.update("medical_cap_usage").set("used_fen", to: SQLBind(used + assistance))
                .where("beneficiary_id", .equal, SQLBind(request.beneficiaryId)).where("year", .equal, SQLBind(year)).run()
            try await database.insert(into: "medical_claims")
                .columns("claim_id", "beneficiary_id", "household_id", "service_month", "out_of_pocket_fen", "share_fen",
                         "assistance_fen", "entered_by", "entered_at")
                .values(SQLBind(request.claimId), SQLBind(request.beneficiaryId), SQLBind(request.householdId),
                        SQLBind(request.serviceMonth), SQLBind(request.outOfPocketFen), SQLBind(shareFen),
                        SQLBind(assistance), SQLBind(staff.staffID), SQLBind(now))
                .run()
            return MedicalClaim(
                claimId: request.claimId, beneficiaryId: request.beneficiaryId, householdId: request.householdId,
                serviceMonth: request.serviceMonth, outOfPocketFen: request.outOfPocketFen, shareFen: shareFen,
                assistanceFen: assistance, enteredBy: staff.staffID, enteredAt: now)
        }
    }

    /// Claims with a service month on or before `month`, for a run to pay.
    static func claims(upTo month: String, in database: any SQLDatabase) async throws -> [MedicalClaim] {
        try await database.select().column("*").from("medical_claims")
            .where("service_month", .lessThanOrEqual, SQLBind(month)).orderBy("claim_id").all().map(decode)
    }

    static func claim(_ id: String, in database: any SQLDatabase) async throws -> MedicalClaim? {
        try await database.select().column("*").from("medical_claims").where("claim_id", .equal, SQLBind(id)).first().map(decode)
    }

    private static func decode(_ row: any SQLRow) throws -> MedicalClaim {
        MedicalClaim(
            claimId: try row.decode(column: "claim_id", as: String.self),
            beneficiaryId: try row.decode(column: "beneficiary_id", as: String.self),
            householdId: try row.decode(column: "household_id", as: String.self),
            serviceMonth: try row.decode(column: "service_month", as: String.self),
            outOfPocketFen: try row.decode(column: "out_of_pocket_fen", as: Int.self),
            shareFen: try row.decode(column: "share_fen", as: Int.self),
            assistanceFen: try row.decode(column: "assistance_fen", as: Int.self),
            enteredBy: try row.decode(column: "entered_by", as: String.self),
            enteredAt: try row.decode(column: "entered_at", as: Date.self))
    }
}
