extension Fen {
    /// The largest amount a request, file or event may name: ¥1,000,000,000.00. A sum of 90
    /// million such amounts still fits in 64 bits, so no total of a district's rolls can overflow;
    /// anything larger is a typing error or an attack, refused at the edge.
    public static let largestAccepted: Fen = 100_000_000_000

    /// Whether `amount` (fen, from outside) is 0 to ``largestAccepted``, or 1 to it when `positive`.
    public static func isAccepted(_ amount: Int, positive: Bool = false) -> Bool {
        (positive ? 1 : 0) <= amount && amount <= largestAccepted.value
    }
}
