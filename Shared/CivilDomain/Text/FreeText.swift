/// Text a person typed: a name, a relationship, a reason, a title. One rule for all of them, the
/// same rule the OpenAPI documents state as a pattern (``linePattern``, ``textPattern``), so a
/// client that follows the document is never refused and the register never holds a blank name,
/// a control character or a 10,000-character "reason".
///
/// Lengths count Unicode scalars, as JSON Schema's `maxLength` does, not Swift characters: a
/// string of combining marks is one character but many scalars.
public enum FreeText {
    /// One line: at least one visible character, no control characters.
    public static let linePattern = #"^(?=.*\S)[^\x00-\x1f\x7f-\x9f]+$"#
    /// Several lines: as a line, but tabs and line breaks allowed.
    public static let textPattern = #"^(?=[\s\S]*\S)[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+$"#

    /// Whether `text` is one line of at most `maxLength` scalars with something visible in it.
    public static func isLine(_ text: String, maxLength: Int) -> Bool {
        isText(text, maxLength: maxLength, allowing: [])
    }

    /// Whether `text` is at most `maxLength` scalars with something visible in it; tabs and line
    /// breaks are allowed.
    public static func isText(_ text: String, maxLength: Int) -> Bool {
        isText(text, maxLength: maxLength, allowing: ["\t", "\n", "\r"])
    }

    private static func isText(_ text: String, maxLength: Int, allowing breaks: Set<Unicode.Scalar>) -> Bool {
        var count = 0
        var visible = false
        for scalar in text.unicodeScalars {
            count += 1
            if count > maxLength { return false }
            let value = scalar.value
            if value < 0x20 || (0x7f...0x9f).contains(value) {
                guard breaks.contains(scalar) else { return false }
            } else if !scalar.properties.isWhitespace {
                visible = true
            }
        }
        return visible
    }
}
