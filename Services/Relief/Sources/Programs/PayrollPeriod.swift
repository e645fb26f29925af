import Foundation

/// Benefit months, `YYYY-MM` (Asia/Shanghai). Text in this form sorts as time does.
public enum PayrollPeriod {
    public static func isMonth(_ text: String) -> Bool {
        text.utf8.count == 7 && text.range(of: "^[0-9]{4}-(0[1-9]|1[0-2])$", options: .regularExpression) != nil
    }

    /// The year part, as the budget and the medical cap count years.
    public static func year(of month: String) -> String { String(month.prefix(4)) }
}
