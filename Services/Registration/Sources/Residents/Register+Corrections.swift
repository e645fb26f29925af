import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

extension Register {
    /// Corrects a resident's record, keeping the history of every changed field, and republishes
    /// what the change affects (the household or households, the contact).
    public func correct(_ id: String, _ correction: ResidentCorrection, by staff: StaffIdentity) async throws -> Resident {
        let reason = correction.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard FreeText.isText(correction.reason, maxLength: 2000) else {
            throw InvalidInput("a reason is required (up to 2000 characters)", fields: ["reason": "required, up to 2000 characters"])
        }
        if let name = correction.name, !FreeText.isLine(name, maxLength: 64) {
            throw InvalidInput("name must be 1 to 64 characters", fields: ["name": "1 to 64 characters"])
        }
        if let relationship = correction.relationship, !Self.isRelationship(relationship) {
            throw InvalidInput("relationship must be 1 to 32 characters", fields: ["relationship": "1 to 32 characters"])
        }
        if let phone = correction.phone, !phone.isEmpty, phone.range(of: "^1[0-9]{10}$", options: .regularExpression) == nil {
            throw InvalidInput("phone must be an 11-digit mainland mobile number, or empty to remove it",
                                      fields: ["phone": "11 digits starting with 1"])
        }
        if let grade = correction.disabilityGrade, !(0...4).contains(grade) {
            throw InvalidInput("disabilityGrade must be 1 to 4, or 0 to remove it", fields: ["disabilityGrade": "0 to 4"])
        }
        let now = clock.now
        return try await database.transaction { database in
            guard let before = try await Resident.rows(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else {
                throw NotFound("no resident \(id)")
            }
            var changes: [(column: String, field: String, before: String?, after: String?, value: any Encodable & Sendable)] = []
            func change(_ column: String, _ field: String, _ old: String?, _ new: String?, _ value: any Encodable & Sendable) {
                if old != new { changes.append((column, field, old, new, value)) }
            }
            if let name = correction.name?.trimmingCharacters(in: .whitespaces) { change("name", "name", before.name, name, name) }
            if let phone = correction.phone {
                let new = phone.isEmpty ? nil : phone
                change("phone", "phone", before.phone, new, new)
            }
            if let household = correction.householdId {
                guard try await database.select().column("id").from("households")
                    .where("id", .equal, SQLBind(household)).first() != nil
                else { throw InvalidInput("householdId '\(household)' is not registered", fields: ["householdId": "unknown"]) }
                change("household_id", "householdId", before.householdId, household, household)
            }
            if let relationship = correction.relationship {
                change("relationship", "relationship", before.relationship, relationship, relationship)
            }
            if let grade = correction.disabilityGrade {
                let new = grade == 0 ? nil : grade
                change("disability_grade", "disabilityGrade", before.disabilityGrade.map(String.init), new.map(String.init), new)
            }
            for (column, field, old, new) in [
                ("left_behind_child", "leftBehindChild", before.leftBehindChild, correction.leftBehindChild),
                ("child_in_difficulty", "childInDifficulty", before.childInDifficulty, correction.childInDifficulty),
                ("institutional_care", "institutionalCare", before.institutionalCare, correction.institutionalCare),
            ] {
                if let new { change(column, field, String(old), String(new), new ? 1 : 0) }
            }
            guard !changes.isEmpty else { return before }

            var update = database.update("residents").set("updated_at", to: SQLBind(now))
            for change in changes { update = update.set(change.column, to: SQLBind(change.value)) }
            try await update.where("id", .equal, SQLBind(id)).run()
            for change in changes {
                try await database.insert(into: "resident_history")
                    .columns("resident_id", "field", "before_value", "after_value", "changed_by", "changed_at", "reason")
                    .values(SQLBind(id), SQLBind(change.field), SQLBind(change.before), SQLBind(change.after),
                            SQLBind(staff.staffID), SQLBind(now), SQLBind(reason))
                    .run()
            }
            let after = try await Resident.rows(in: database, { $0.where("id", .equal, SQLBind(id)) }).first!
            if after.institutionalCare && !before.institutionalCare {
                // The 85–89 home-care subsidy is for elders living at home.
                try await LifeEvents.exitBenefits(
                    ofResident: id, programs: [.elderlyHomeCareSubsidy, .homeCare], reason: "entered institutional care", code: .institutionalCare,
                    effective: clock.today.month.next ?? clock.today.month, by: staff.staffID, at: now, in: database)
            }
            if after.householdId != before.householdId {
                for household in [before.householdId, after.householdId] {
                    try await LifeEvents.householdChanged(household, today: clock.today, at: now, in: database)
                }
            }
            if after.name != before.name || after.phone != before.phone || after.householdId != before.householdId {
                let areaCode = try await database.select().column("area_code").from("households")
                    .where("id", .equal, SQLBind(after.householdId)).first()?.decode(column: "area_code", as: String.self) ?? ""
                try await Outbox.append(
                    PersonContact(personId: after.personId, name: after.name, phone: after.phone, areaCode: areaCode,
                                  householdId: after.householdId, updatedAt: now),
                    in: database)
            }
            try await households.publish(after.householdId, in: database)
            if after.householdId != before.householdId { try await households.publish(before.householdId, in: database) }
            return after
        }
    }

    /// Every correction of a resident, oldest first, and their removal (field `removed`): a
    /// removed resident's history stays readable for the audit.
    public func history(of id: String) async throws -> [ResidentChange] {
        let changes = try await database.withConnection { database in
            try await database.select().column("*").from("resident_history").where("resident_id", .equal, SQLBind(id))
                .orderBy("seq").all().map { row in
                    ResidentChange(
                        field: try row.decode(column: "field", as: String.self),
                        before: try row.decode(column: "before_value", as: String?.self),
                        after: try row.decode(column: "after_value", as: String?.self),
                        changedBy: try row.decode(column: "changed_by", as: String.self),
                        changedAt: try row.decode(column: "changed_at", as: Date.self),
                        reason: try row.decode(column: "reason", as: String.self))
                }
        }
        if changes.isEmpty { _ = try await resident(id) }
        return changes
    }
}
