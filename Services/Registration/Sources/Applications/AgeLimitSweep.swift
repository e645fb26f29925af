import CivilDomain
import Logging
import ServiceKit
import ServiceLifecycle

/// Runs ``LifeEvents/sweepAgeLimits(today:database:now:)`` when the service starts and then
/// every hour, so a child allowance or an 85–89 subsidy ends the month after the birthday
/// whatever day the birthday falls on. Each sweep is idempotent: running it twice a day, or on
/// two replicas, exits nothing twice (an exited application is no longer open, and the sweep
/// runs in one write transaction).
struct AgeLimitSweep: Service {
    let database: ServiceDatabase
    let clock: BureauClock
    let logger: Logger
    var interval: Duration = .seconds(3600)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let exits = try await LifeEvents.sweepAgeLimits(today: clock.today, database: database, now: clock.now)
                    if !exits.isEmpty { logger.info("benefits ended at their age limit", metadata: ["exits": "\(exits.count)"]) }
                } catch {
                    logger.warning("age-limit sweep failed; trying again next time",
                                   metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
