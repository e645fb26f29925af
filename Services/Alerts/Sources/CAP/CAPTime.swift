import CivilDomain
import Foundation

/// CAP's dateTime: `YYYY-MM-DDThh:mm:ss+hh:mm`, with an explicit offset; "Z" is not allowed
/// (UTC is written `-00:00` or `+00:00`), and no fractions of a second.
public enum CAPTime {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 25 else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (22, ":")]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1.asciiValue }),
              bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              let offsetHours = digits(20..<22), let offsetMinutes = digits(23..<25),
              (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              offsetHours <= 14, offsetMinutes <= 59
        else { return nil }
        let sign = bytes[19] == UInt8(ascii: "+") ? 1 : -1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let local = calendar.date(from: components),
              calendar.component(.day, from: local) == day
        else { return nil }
        return local.addingTimeInterval(-Double(sign * (offsetHours * 3600 + offsetMinutes * 60)))
    }

    /// Writes an instant the CAP way, in the bureau's time zone with its offset (+08:00).
    public static func format(_ date: Date) -> String {
        let c = BureauClock.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = BureauClock.timeZone.secondsFromGMT(for: date)
        let local = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                           c.minute ?? 0, c.second ?? 0)
        return local + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)
    }
}
