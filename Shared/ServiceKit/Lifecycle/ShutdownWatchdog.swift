import Foundation
import Logging
import ServiceLifecycle

/// Bounds a shutdown whatever the broker's or database's state: once graceful shutdown starts,
/// a service executable (not a test running a service in its own process) ends within `limit` even if a C library's thread or a blocking call would keep it
/// alive (librdkafka's threads waiting on an unreachable broker did, for minutes). Set shorter
/// than the deployment's termination grace, so the orchestrator's SIGKILL never has to.
struct ShutdownWatchdog: Service {
    let limit: Duration
    let logger: Logger

    /// Exit status when the watchdog has to end the process: work may be left undone.
    static let exitStatus: Int32 = 3

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is ending some other way
        }
        // Returning earlier would end the group: a service that finishes stops the others.
        guard ServiceMain.ownsProcess.load(ordering: .relaxed) else { return }
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        let logger = self.logger
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            logger.critical("shutdown did not finish in time; ending the process", metadata: ["limit.seconds": "\(seconds)"])
            fflush(nil)  // every output stream, so the log line is not lost
            _exit(Self.exitStatus)
        }
    }
}
