// JSONNumber.swift — tells JSON integers, booleans and fractions apart (Foundation boxes all as NSNumber).
import Foundation

/// On Linux `1 is Bool` is true for a parsed JSON number, so types are told apart by `objCType`.
public enum JSONNumber {
    /// Whether `value` is a JSON `true`/`false`.
    public static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// `value` as an integer, or nil when it is a boolean, a fraction, or not a number.
    public static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        switch String(cString: number.objCType) {
        case "c", "d", "f": return nil
        default: return number.intValue
        }
    }
}
