/// Why a household file was refused as a whole (a bad row is reported, not thrown).
public enum ImportError: Error, Sendable, Equatable {
    /// The header has columns the import does not know: a misspelling would silently drop data.
    case unknownColumns([String])
}
