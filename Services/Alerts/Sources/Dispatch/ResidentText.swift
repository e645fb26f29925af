/// The text a person reads on their phone: the headline and instruction, marked 【演练】 for an
/// exercise and 【预警取消】 for a cancellation. The dispatch workers send it and the typhoon
/// room shows it before an alert is issued, so both say the same.
public enum ResidentText {
    public static func text(headline: String, exercise: Bool = false, cancel: Bool = false) -> String {
        if exercise { return "【演练】" + headline }
        if cancel { return "【预警取消】" + headline }
        return headline
    }
}
