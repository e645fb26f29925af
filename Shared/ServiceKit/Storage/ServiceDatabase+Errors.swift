import AsyncKit
import NIOCore
import PostgresNIO
import SQLiteNIO

extension ServiceDatabase {
    /// True for failures that pass by themselves (the database is busy, restarting or
    /// unreachable, a transaction lost a serialization race): retry them with backoff, never
    /// dead-letter the work that met them.
    public static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let error as SQLiteError:
            return [.busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache]
                .contains(error.reason)
        case let error as PSQLError:
            guard error.code == .server else { return true }
            let state = error.serverInfo?[.sqlState] ?? ""
            // 08: connection exception; 40001 serialization failure; 40P01 deadlock;
            // 53: insufficient resources; 57P01-03: server shutting down or starting.
            return state.hasPrefix("08") || state.hasPrefix("53")
                || ["40001", "40P01", "57P01", "57P02", "57P03"].contains(state)
        case is ConnectionPoolError, is ConnectionPoolTimeoutError, is IOError, is ChannelError:
            return true
        default:
            return false
        }
    }
}
