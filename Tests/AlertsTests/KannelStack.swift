import Foundation
import KafkaTestSupport

/// Kannel on loopback for the SMS tests: bearerbox with a fake SMSC link and a message store,
/// `fakesmsc` (from kannel-extras) as the carrier, and smsbox with the sendsms interface. What
/// fakesmsc receives is read back from its log.
final class KannelStack: @unchecked Sendable {
    static let bearerbox = "/usr/sbin/bearerbox", smsbox = "/usr/sbin/smsbox", fakesmsc = "/usr/lib/kannel/test/fakesmsc"
    static var isInstalled: Bool { [bearerbox, smsbox, fakesmsc].allSatisfy(FileManager.default.isExecutableFile(atPath:)) }

    let folder: URL
    let sendsmsPort: Int
    private let smscPort: Int
    private var processes: [String: Process] = [:]
    let username = "alerts", password = "kannel-test-secret"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kannel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (admin, box) = (try ServiceProcess.freePort(), try ServiceProcess.freePort())
        smscPort = try ServiceProcess.freePort()
        sendsmsPort = try ServiceProcess.freePort()
        let configuration = """
            group = core
            admin-port = \(admin)
            admin-password = test
            smsbox-port = \(box)
            box-allow-ip = 127.0.0.1
            admin-allow-ip = 127.0.0.1
            log-level = 1
            store-type = file
            store-location = \(folder.path)/kannel.store
            dlr-storage = internal

            group = smsc
            smsc = fake
            smsc-id = fake
            port = \(smscPort)
            connect-allow-ip = 127.0.0.1

            group = smsbox
            bearerbox-host = 127.0.0.1
            bearerbox-port = \(box)
            sendsms-port = \(sendsmsPort)
            sendsms-interface = 127.0.0.1
            http-request-retry = 20
            http-queue-delay = 1

            group = sendsms-user
            username = \(username)
            password = \(password)
            concatenation = true
            max-messages = 10

            group = sms-service
            keyword = default
            text = "No service"
            """
        try configuration.write(to: folder.appendingPathComponent("kannel.conf"), atomically: true, encoding: .utf8)
    }

    var sendsmsURL: String { "http://127.0.0.1:\(sendsmsPort)/cgi-bin/sendsms" }

    func start() throws {
        try start("bearerbox", Self.bearerbox, ["-v", "1", folder.appendingPathComponent("kannel.conf").path])
        Thread.sleep(forTimeInterval: 1)
        // fakesmsc sends nothing of its own (-m 0 would exit): it reads messages to send from
        // stdin, which stays open and empty.
        try start("fakesmsc", "/bin/sh", ["-c", "tail -f /dev/null | exec \(Self.fakesmsc) -H 127.0.0.1 -r \(smscPort) -i 0 -m -1"],
                  log: "fakesmsc.log")
        try startSMSBox()
    }

    func startSMSBox() throws {
        try start("smsbox", Self.smsbox, ["-v", "1", folder.appendingPathComponent("kannel.conf").path])
    }

    /// The gateway goes away at once (smsbox waits on its pending reports when asked to stop).
    func stopSMSBox() {
        guard let process = processes.removeValue(forKey: "smsbox") else { return }
        Self.kill(process)
    }

    func stop() {
        for name in ["smsbox", "fakesmsc", "bearerbox"] {
            guard let process = processes.removeValue(forKey: name) else { continue }
            Self.kill(process)
        }
        // The shell's pipeline children outlive it.
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-f", "-r \(smscPort) -i 0"]
        try? pkill.run()
        for _ in 0..<100 where pkill.isRunning { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// Each message fakesmsc got: the number it was sent to, and its text.
    func received() -> [(to: String, text: String)] {
        guard let log = try? String(contentsOf: folder.appendingPathComponent("fakesmsc.log"), encoding: .utf8) else { return [] }
        return log.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let start = line.range(of: "Got message "), let open = line.range(of: ": <", range: start.upperBound..<line.endIndex),
                  line.hasSuffix(">")
            else { return nil }
            let fields = line[open.upperBound..<line.index(before: line.endIndex)].split(separator: " ", maxSplits: 3)
            guard fields.count == 4 else { return nil }
            return (String(fields[1]), Self.text(String(fields[3]), coding: String(fields[2])))
        }
    }

    /// fakesmsc prints UCS-2 text form-encoded (`+` a space byte), two bytes a character, big-endian.
    static func text(_ encoded: String, coding: String) -> String {
        guard coding == "ucs-2" else { return encoded.removingPercentEncoding ?? encoded }
        var bytes: [UInt8] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            if encoded[index] == "%", let end = encoded.index(index, offsetBy: 3, limitedBy: encoded.endIndex),
               let byte = UInt8(encoded[encoded.index(after: index)..<end], radix: 16) {
                bytes.append(byte)
                index = end
            } else if encoded[index] == "+" {
                bytes.append(0x20)
                index = encoded.index(after: index)
            } else {
                bytes.append(contentsOf: Array(String(encoded[index]).utf8))
                index = encoded.index(after: index)
            }
        }
        return String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) },
                      as: UTF16.self)
    }

    /// SIGKILL, then up to 5 s for it to be gone (Foundation's waitUntilExit can wait forever here).
    private static func kill(_ process: Process) {
        Glibc.kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
    }

    private func start(_ name: String, _ executable: String, _ arguments: [String], log: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = folder.appendingPathComponent(log ?? "\(name).log")
        if !FileManager.default.fileExists(atPath: output.path) { _ = FileManager.default.createFile(atPath: output.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: output)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[name] = process
    }

    deinit { stop() }
}
