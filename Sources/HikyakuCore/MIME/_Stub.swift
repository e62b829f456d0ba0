public struct MailAddress { public let address: String; public init(_ a: String, displayName: String? = nil) throws(MIMEError) { address = a } }
public enum MIMEError: Error, CustomStringConvertible { case x; public var description: String { "x" } }
