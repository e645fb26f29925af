import Configuration
import Foundation
import SystemPackage

/// A service's settings, read through swift-configuration from (in order of precedence) the
/// command line, environment variables, and files in the secrets directory (one file per key,
/// named like ``SettingKey/secretFileName``, as Kubernetes and Docker mount secrets).
///
/// Typed accessors turn a missing or malformed value into a ``ConfigurationError`` instead of
/// swift-configuration's silent fallback, so a typo never starts a service with a default.
public struct ServiceConfiguration: Sendable {
    /// Where secret files are read from; itself a setting.
    public static let secretsDirectory = SettingKey(
        "secrets.directory", form: "a directory path",
        summary: "Folder with one file per secret setting (e.g. auth-tokens).")

    private let reader: ConfigReader
    public let keys: [SettingKey]

    /// - Parameters:
    ///   - keys: every key the service reads (for help and for checks).
    ///   - arguments: the command line, including the program name.
    ///   - environment: the process environment.
    public init(
        keys: [SettingKey], arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws {
        self.keys = keys + [Self.secretsDirectory]
        let secretFlags = Set(keys.filter(\.isSecret).map(\.flag))
        let secretVariables = Set(keys.filter(\.isSecret).map(\.environmentVariable))
        var providers: [any ConfigProvider] = [
            CommandLineArgumentsProvider(arguments: arguments, secretsSpecifier: .specific(secretFlags)),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secretVariables)),
        ]
        let early = ConfigReader(providers: providers)
        if let directory = early.string(forKey: ConfigKey(Self.secretsDirectory.name)) {
            guard FileManager.default.fileExists(atPath: directory) else {
                throw ConfigurationError(key: Self.secretsDirectory, problem: "names '\(directory)', which does not exist")
            }
            providers.append(try await DirectoryFilesProvider(directoryPath: FilePath(directory)))
        }
        reader = ConfigReader(providers: providers)
    }

    /// The value as given, or the key's default. The command-line provider splits a value at
    /// commas (`--kafka-bootstrap a:9092,b:9092`); such a value is joined back.
    public func string(_ key: SettingKey) -> String? {
        let configKey = ConfigKey(key.name)
        if let value = reader.string(forKey: configKey, isSecret: key.isSecret) { return value }
        if let parts = reader.stringArray(forKey: configKey, isSecret: key.isSecret), !parts.isEmpty {
            return parts.joined(separator: ",")
        }
        return key.defaultValue
    }

    public func requiredString(_ key: SettingKey) throws(ConfigurationError) -> String {
        guard let value = string(key), !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ConfigurationError(key: key, problem: key.isSecret ? "is missing (also looked for the secret file \(key.secretFileName))" : "is missing")
        }
        return value
    }

    /// Parses the value with `parse`, which returns nil for a malformed value.
    public func value<Value>(_ key: SettingKey, _ parse: (String) -> Value?) throws(ConfigurationError) -> Value? {
        guard let text = string(key) else { return nil }
        guard let value = parse(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ConfigurationError(key: key, problem: key.isSecret ? "is malformed" : "is '\(text)'")
        }
        return value
    }

    public func required<Value>(_ key: SettingKey, _ parse: (String) -> Value?) throws(ConfigurationError) -> Value {
        _ = try requiredString(key)
        return try value(key, parse)!
    }

    /// Loads the file a setting names (areas, program catalog, registrar policy), turning any
    /// failure to read or parse it into a start-up error that names the setting.
    public func file<Value>(_ key: SettingKey, _ load: (URL) throws -> Value) throws(ConfigurationError) -> Value {
        let path = try requiredString(key)
        do {
            return try load(URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(key: key, problem: "names a file that cannot be used (\(error))")
        }
    }

    public func port(_ key: SettingKey) throws(ConfigurationError) -> Int {
        try required(key) { Int($0).flatMap { (0...65_535).contains($0) ? $0 : nil } }
    }

    public func positiveInt(_ key: SettingKey) throws(ConfigurationError) -> Int {
        try required(key) { Int($0).flatMap { $0 > 0 ? $0 : nil } }
    }

    /// Seconds, written as a number (`30`, `2.5`).
    public func seconds(_ key: SettingKey) throws(ConfigurationError) -> Duration {
        try required(key) { Double($0).flatMap { $0 >= 0 ? Duration.milliseconds(Int64($0 * 1000)) : nil } }
    }

    /// The help text: every key with its flag, environment variable, default and form.
    public static func helpTable(for keys: [SettingKey]) -> String {
        let all = keys + [secretsDirectory]
        var rows = [["flag", "environment", "default", "expected", "meaning"]]
        for key in all {
            rows.append([
                key.flag, key.environmentVariable, key.isSecret ? "(secret)" : key.defaultValue ?? "-", key.form,
                key.summary,
            ])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[4]
        }.joined(separator: "\n") + "\n"
    }
}
