import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The listed group of a campaign grant (e.g. the Spring Festival grant to dibao households'
/// elderly): who is on it, and who put them there and when. Listing someone twice changes
/// nothing; a campaign's run pays each listed person once, and a later run pays only those
/// listed since.
public struct CampaignRecipients: Sendable {
    let database: ServiceDatabase
    let catalog: ProgramCatalog

    public init(database: ServiceDatabase, catalog: ProgramCatalog) {
        self.database = database
        self.catalog = catalog
    }

    public static let migration = DatabaseMigration("relief-campaign-recipients-1") { database in
        try await database.create(table: "campaign_recipients")
            .column("program_id", type: .text, .notNull)
            .column("beneficiary_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("listed_by", type: .text, .notNull)
            .column("listed_at", type: .timestamp, .notNull)
            .primaryKey("program_id", "beneficiary_id")
            .run()
    }

    /// One person on a campaign's list.
    public struct Recipient: Sendable, Codable, Equatable {
        public let beneficiaryId: String
        public let householdId: String
        public let listedBy: String
        public let listedAt: Date
    }

    /// What a listing request did.
    public struct Listing: Sendable, Codable, Equatable {
        public let programId: String
        public let listed: Int
        public let alreadyListed: Int
    }

    struct ListRequest: StrictRequestBody {
        static let fields: Set<String> = ["recipients"]
        struct Entry: StrictRequestBody {
            static let fields: Set<String> = ["beneficiaryId", "householdId"]
            let beneficiaryId: String
            let householdId: String
        }
        let recipients: [Entry]
    }

    /// Adds people to a campaign's list, all or none.
    /// - Throws: 404 for a program that is not a campaign; 400 `invalid-body` naming the first bad entry.
    func list(_ request: ListRequest, program programId: String, by staff: StaffIdentity) async throws -> Listing {
        guard let program = catalog.program(programId), program.kind == .campaign else {
            throw NotFound("no campaign '\(programId)' in the catalog")
        }
        guard !request.recipients.isEmpty, request.recipients.count <= 10_000 else {
            throw InvalidInput("give 1 to 10000 recipients per request", fields: ["recipients": "1 to 10000 entries"])
        }
        for (index, entry) in request.recipients.enumerated() {
            if !PersonPseudonymizer.isPseudonym(entry.beneficiaryId) {
                throw InvalidInput("recipient \(index) is not valid",
                                          fields: ["recipients[\(index)].beneficiaryId": "a person pseudonym p_ + 32 hex digits"])
            }
            if !FreeText.isLine(entry.householdId, maxLength: 64) {
                throw InvalidInput("recipient \(index) is not valid", fields: ["recipients[\(index)].householdId": "required"])
            }
        }
        let now = Date()
        let entered = try await database.transaction { database in
            try await database.insertRows(
                into: "campaign_recipients", columns: ["program_id", "beneficiary_id", "household_id", "listed_by", "listed_at"],
                rows: request.recipients.map { [programId, $0.beneficiaryId, $0.householdId, staff.staffID, now] },
                ignoringConflictsOn: ["program_id", "beneficiary_id"], returning: "beneficiary_id"
            ).count
        }
        return Listing(programId: programId, listed: entered, alreadyListed: request.recipients.count - entered)
    }

    public func recipients(program programId: String) async throws -> [Recipient] {
        guard catalog.program(programId)?.kind == .campaign else { throw NotFound("no campaign '\(programId)' in the catalog") }
        return try await database.withConnection { try await Self.recipients(program: programId, in: $0) }
    }

    static func recipients(program programId: String, in database: any SQLDatabase) async throws -> [Recipient] {
        try await database.select().column("*").from("campaign_recipients").where("program_id", .equal, SQLBind(programId))
            .orderBy("beneficiary_id").all().map { row in
                Recipient(
                    beneficiaryId: try row.decode(column: "beneficiary_id", as: String.self),
                    householdId: try row.decode(column: "household_id", as: String.self),
                    listedBy: try row.decode(column: "listed_by", as: String.self),
                    listedAt: try row.decode(column: "listed_at", as: Date.self))
            }
    }
}
