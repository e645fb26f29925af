import Hummingbird
import ServiceKit

// The one place where the alert service's domain errors become problem+json answers.

extension AlertError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .duplicateIdentifier(let identifier):
            .conflict(kind: "duplicate-alert", "an other alert already has the identifier '\(identifier)'")
        case .notAwaitingApproval(let identifier, let state):
            .conflict(kind: "not-awaiting-approval", "alert '\(identifier)' is \(state.rawValue)")
        case .notIssued(let identifier):
            .conflict(kind: "alert-not-issued", "alert '\(identifier)' has not been issued")
        }
    }
}

extension FollowUpRefusal: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .areaNotAssigned(let area, let staffID):
            Problem(.forbidden, kind: "area-not-assigned", title: "The area is not this officer's",
                    detail: "the areas file does not assign area '\(area)' to \(staffID)", extensions: ["areaCode": .string(area)])
        case .closed(let identifier, let endedAt):
            Problem(.forbidden, kind: "follow-up-closed", title: "The alert's follow-up has closed",
                    detail: "alert '\(identifier)' ended at \(endedAt.formatted(.iso8601)) and its grace has passed")
        case .notIssued(let identifier):
            .conflict(kind: "alert-not-issued", "alert '\(identifier)' has not been issued")
        }
    }
}

extension ShelterError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .shelterExists(let shelterId):
            .conflict(kind: "shelter-exists", "shelter '\(shelterId)' is already registered")
        case .alreadyCheckedIn(let current):
            .conflict(kind: "already-checked-in", "the person is checked in at shelter '\(current)'",
                      extensions: ["shelterId": .string(current)])
        case .notCheckedIn(let shelterId):
            .conflict(kind: "not-checked-in", "the person is not checked in at shelter '\(shelterId)'")
        case .noPlace(let shelter, let alternative):
            Self.noPlace(shelter, alternative)
        }
    }

    private static func noPlace(_ shelter: Shelter, _ alternative: Alternative?) -> Problem {
        var extensions: [String: Problem.Extension] = [:]
        if let alternative {
            let nearest = alternative.shelter
            extensions["alternative"] = .fields([
                "shelterId": nearest.shelterId, "name": nearest.name, "areaCode": nearest.areaCode,
                "places": String(nearest.capacity - nearest.occupancy), "distanceMetres": String(alternative.distanceMetres),
            ])
        }
        let offer = alternative.map { "; nearest open shelter with room: '\($0.shelter.shelterId)' (\($0.shelter.name))" }
            ?? "; no open shelter in the same street has room"
        return shelter.open
            ? .conflict(kind: "shelter-full", "shelter '\(shelter.shelterId)' is full (\(shelter.capacity))" + offer, extensions: extensions)
            : .conflict(kind: "shelter-closed", "shelter '\(shelter.shelterId)' is closed" + offer, extensions: extensions)
    }
}

extension StockError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .storeExists(let storeId):
            .conflict(kind: "store-exists", "store '\(storeId)' already exists (or already serves this shelter)")
        case .insufficient(let shortfalls):
            .conflict(
                kind: "insufficient-stock",
                "nothing was moved: " + shortfalls.map { "store '\($0.storeId)' holds \($0.onHand) of \($0.item), \($0.requested) requested (\($0.short) short)" }
                    .joined(separator: "; "),
                extensions: ["shortfall": .fields(Dictionary(uniqueKeysWithValues: shortfalls.map { ($0.item, String($0.short)) })),
                             "storeId": .string(shortfalls.first?.storeId ?? "")])
        case .stockTakeOpen(let storeId, let stockTakeId):
            .conflict(kind: "stock-take-open", "store '\(storeId)' already has stock-take '\(stockTakeId)' under way",
                      extensions: ["stockTakeId": .string(stockTakeId)])
        case .stockTakeState(let stockTakeId, let state, let action):
            .conflict(kind: "stock-take-state", "stock-take '\(stockTakeId)' is \(state): it cannot \(action)")
        case .stockTakeIncomplete(let stockTakeId, let lines):
            .conflict(kind: "stock-take-incomplete",
                      "stock-take '\(stockTakeId)' cannot end: \(lines.count) line(s) not counted or differing without a reason",
                      extensions: ["lines": .fields(lines)])
        case .correctionBelowZero(let item, let batchId):
            .conflict(kind: "stock-moved", "correcting \(item) batch \(batchId) would go below zero: stock moved since the count, count again")
        }
    }
}

extension DrillReport.NotADrill: ProblemConvertible {
    public var problem: Problem {
        .conflict(kind: "not-a-drill", "alert '\(alertId)' has status \(status); a drill report is made of Exercise alerts only")
    }
}
