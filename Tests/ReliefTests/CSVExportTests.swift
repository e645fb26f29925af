@testable import Relief
import Testing

@Suite("CSV for spreadsheets")
struct CSVExportTests {
    @Test("cells a spreadsheet would run as formulas are written as text; numbers stay numbers",
          arguments: [("=1+2", "'=1+2"), ("+86 138", "'+86 138"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
                      ("\tx", "'\tx"), ("\rx", "'\rx"), ("-12.50", "-12.50"), ("-3", "-3"), ("账户已注销", "账户已注销"), ("", "")])
    func formulaCells(_ given: String, _ written: String) {
        #expect(CSVExport.cell(given) == written)
    }
}
