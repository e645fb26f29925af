/// One setting a service reads at start-up. Every service lists its keys in one array, which
/// `--help` prints as a table, so the keys are documented where they are defined.
public struct SettingKey: Sendable, Hashable {
    /// Dotted and camel-cased, e.g. `http.maxBodyBytes`.
    public let name: String
    /// The expected form, shown in help and in errors, e.g. `a port number 1-65535`.
    public let form: String
    public let summary: String
    /// Shown in help; nil when the setting is required or optional without default.
    public let defaultValue: String?
    /// Never printed, logged or echoed in an error; also read from the secrets directory.
    public let isSecret: Bool

    public init(_ name: String, form: String, summary: String, default defaultValue: String? = nil, secret: Bool = false) {
        self.name = name
        self.form = form
        self.summary = summary
        self.defaultValue = defaultValue
        self.isSecret = secret
    }

    private var words: [[String]] {
        name.split(separator: ".").map { component in
            var words: [String] = []
            var current = ""
            for character in component {
                if character.isUppercase, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(character.lowercased())
            }
            words.append(current)
            return words
        }
    }

    /// `--http-max-body-bytes`.
    public var flag: String { "--" + words.map { $0.joined(separator: "-") }.joined(separator: "-") }
    /// `HTTP_MAX_BODY_BYTES`.
    public var environmentVariable: String { words.map { $0.joined(separator: "_") }.joined(separator: "_").uppercased() }
    /// `http-max-body-bytes`, the file name in the secrets directory.
    public var secretFileName: String { String(flag.dropFirst(2)) }
}
