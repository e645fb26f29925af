/// A setting is missing or malformed. Start-up stops with this message, which names the key, how
/// to give it, and the expected form, and never contains a secret's value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let key: SettingKey
    public let problem: String

    public init(key: SettingKey, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String {
        "configuration: \(key.name) (\(key.flag) or \(key.environmentVariable)) \(problem); expected \(key.form)"
    }
}
