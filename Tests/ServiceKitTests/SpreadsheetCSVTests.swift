import Foundation
import ServiceKit
import Testing

@Suite("CSV for spreadsheets")
struct SpreadsheetCSVTests {
    @Test("cells a spreadsheet would run as formulas are written as text; numbers stay numbers",
          arguments: [("=1+2", "'=1+2"), ("+86 138", "'+86 138"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
                      ("\tx", "'\tx"), ("\rx", "'\rx"), ("-12.50", "-12.50"), ("-3", "-3"), ("-1,234.56", "-1,234.56"), ("-1,2x", "'-1,2x"), ("账户已注销", "账户已注销"), ("", "")])
    func formulaCells(_ given: String, _ written: String) {
        #expect(SpreadsheetCSV.cell(given) == written)
    }

    @Test("a byte-order mark first, then the header and rows, quoted where they hold a comma")
    func file() throws {
        let data = try SpreadsheetCSV.data(header: ["项目", "金额（元）"], rows: [["医疗救助", "2,230,000.00"], ["=cmd", "1"]])
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: data.dropFirst(3), as: UTF8.self).split(whereSeparator: \.isNewline)
        #expect(lines == ["项目,金额（元）", "医疗救助,\"2,230,000.00\"", "'=cmd,1"])
    }
}
