// PreviewError.swift — why the preview gallery could not be built, one line each.
import Foundation

/// The gallery could not list its jobs or write its page. A job that does not compose is not an
/// error here: its entry shows why.
public enum PreviewError: Error, CustomStringConvertible {
    /// `path` could not be listed, created or written.
    case gallery(path: String, reason: String)

    public var description: String {
        switch self {
        case .gallery(let path, let reason): return "gallery \(path): \(reason)"
        }
    }
}
