// JSONValue+Foundation.swift — to and from JSONSerialization's objects: the reference the parser and writer are tested against.
import Foundation

extension JSONValue {
    /// What `JSONSerialization.jsonObject(with:)` returned, as a `JSONValue`; nil for anything it
    /// never returns. Its numbers are told apart by `objCType` (on Linux a parsed `1` casts to
    /// `Bool`): booleans, integers that fit `Int`, and the rest as doubles.
    package init?(foundationObject object: Any) {
        switch object {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c": self = .bool(number.boolValue)
            case "s", "i", "l", "q": self = .int(number.intValue)
            default: self = .double(number.doubleValue)
            }
        case let array as [Any]:
            var elements: [JSONValue] = []
            for element in array {
                guard let value = JSONValue(foundationObject: element) else { return nil }
                elements.append(value)
            }
            self = .array(elements)
        case let dictionary as [String: Any]:
            var members: [String: JSONValue] = [:]
            for (key, element) in dictionary {
                guard let value = JSONValue(foundationObject: element) else { return nil }
                members[key] = value
            }
            self = .object(members)
        default: return nil
        }
    }

    /// The value as the Swift objects `JSONSerialization.data(withJSONObject:)` takes.
    package var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .array(let elements): return elements.map(\.foundationObject)
        case .object(let members): return members.mapValues(\.foundationObject)
        }
    }
}
