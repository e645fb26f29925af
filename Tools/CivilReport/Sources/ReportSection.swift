/// One part of the report as people read it: zh-CN tables, each also a CSV file, and the bars
/// drawn beside the tables that say more as a picture.
public struct ReportSection: Sendable, Equatable {
    public var title: String
    public var tables: [ReportTable]
    /// Said when a figure the bureau reports is not on the topics.
    public var notes: [String]
}

public struct ReportTable: Sendable, Equatable {
    /// The CSV file's name, without `.csv`.
    public var id: String
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// The column drawn as bars (its cells are numbers, yuan included), or nil for no chart.
    public var chartColumn: Int?

    public init(id: String, title: String, columns: [String], rows: [[String]], chartColumn: Int? = nil) {
        (self.id, self.title, self.columns, self.rows, self.chartColumn) = (id, title, columns, rows, chartColumn)
    }
}
