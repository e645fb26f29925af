/// Why a console page is not shown: the browser has no session (it is sent to sign in), or a
/// form came without its session's CSRF token (refused, nothing changed).
public enum ConsoleRefusal: Error, Sendable, Equatable {
    case signInNeeded
    case formExpired
}
