import Foundation
import Logging
import UnixSignals

/// Bounds a shutdown whatever the broker's or database's state: from the first SIGTERM or
/// SIGINT, a service executable ends within `limit` even if a C library's thread or a blocking
/// call would keep it alive (librdkafka's threads waiting on an unreachable broker did, for
/// minutes). Set shorter than the deployment's termination grace, so the orchestrator's SIGKILL
/// never has to. Armed by ``ServiceMain`` only, so a test running a service in its own process
/// is never ended by it.
enum ShutdownWatchdog {
    /// Exit status when the watchdog has to end the process: work may be left undone.
    static let exitStatus: Int32 = 3

    static func arm(limit: Duration, logger: Logger) {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        Task.detached {
            for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: seconds)
                    logger.critical("shutdown did not finish in time; ending the process", metadata: ["limit.seconds": "\(seconds)"])
                    fflush(nil)  // every output stream, so the log line is not lost
                    _exit(exitStatus)
                }
                return
            }
        }
    }
}
