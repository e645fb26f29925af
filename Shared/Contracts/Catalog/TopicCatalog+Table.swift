/// The catalog as text, for operators and analysts who do not read Swift.
extension TopicCatalog {
    public static let tableColumns = [
        "topic", "key", "partitions", "cleanup", "retention", "data", "writer", "readers", "event types", "dead letters",
    ]

    /// One row per topic, in ``tableColumns`` order.
    public static func tableRows(_ topics: [TopicSpec] = all) -> [[String]] {
        topics.map { topic in
            [
                topic.name, topic.key, String(topic.partitions), topic.cleanupPolicy.rawValue,
                topic.retention.description, topic.classification.rawValue, topic.writer.rawValue,
                topic.readers.map(\.rawValue).joined(separator: ", "),
                topic.eventTypes.map { $0.eventType }.joined(separator: ", "), topic.deadLetterTopic,
            ]
        }
    }

    /// Columns padded to their widest cell, for a terminal.
    public static func textTable(_ topics: [TopicSpec] = all) -> String {
        let rows = [tableColumns] + tableRows(topics)
        let widths = tableColumns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    /// A Markdown document: the table, then each topic's summary and its event types' schemas.
    /// `docs/topics.md` is this text; a test fails when it is out of date.
    public static func markdown() -> String {
        var text = """
            # Topics

            Generated from `Shared/Contracts/Catalog/TopicCatalog.swift` by `swift run civil-topics --format markdown`.
            Do not edit by hand.

            Every record is a CloudEvents 1.0 event in Kafka binary mode: the value is the JSON data; `ce_id`,
            `ce_source`, `ce_type`, `ce_time`, `ce_subject`, `ce_dataschema` and `content-type` are headers.
            `ce_id` is stable across redelivery: deduplicate on it. Money is integer fen. Persons appear on
            analytics-safe topics by pseudonym only. Within a version only optional fields are added; any other
            change makes a new `.v<N>` topic and event type.

            Dead-letter topics (`<topic>.dlq`) keep records for \(TopicSpec.deadLetterRetention.description) with
            the headers `dlq_origin_topic`, `dlq_origin_partition`, `dlq_origin_offset`, `dlq_error`, `dlq_time`
            and `dlq_consumer`.


            """
        text += "| " + tableColumns.joined(separator: " | ") + " |\n"
        text += "|" + String(repeating: " --- |", count: tableColumns.count) + "\n"
        for row in tableRows() { text += "| " + row.joined(separator: " | ") + " |\n" }
        text += "\n## Event types\n\n"
        for topic in all {
            text += "### `\(topic.name)`\n\n\(topic.summary)\n\n"
            for type in topic.eventTypes {
                text += "- `\(type.eventType)`: schema [`\(type.schemaFile)`](../\(type.schemaFile)), "
                text += "`ce_dataschema` `\(type.dataSchema)`\n"
            }
            text += "\n"
        }
        return text
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
