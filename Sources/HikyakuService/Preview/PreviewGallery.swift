// PreviewGallery.swift — previews every job in a folder and writes them as one static page for template authors.
import Foundation
import HikyakuBase
import HikyakuMail

/// One job file of the gallery: the mail the worker would send for it, or why there is none.
public struct GalleryEntry: Sendable {
    /// The job file's name, e.g. `password_reset-ja.json`.
    public let file: String
    /// A name unique in the gallery, used for the anchor and the `.eml` file: `password_reset-ja`.
    public let name: String
    /// The job, when it parsed.
    public let job: Job?
    /// The mail, when it composed.
    public let mail: ComposedMail?
    /// Charset lines from `MailComposer.previewWarnings` (empty for UTF-8 mail).
    public let warnings: [String]
    /// Why there is no mail: the job or template error, one line.
    public let error: String?
}

/// Renders the jobs of a folder through `MailComposer.preview` (the worker's code path, fake
/// secrets, no spool or token store) and writes `index.html` plus one `.eml` per mail.
public struct PreviewGallery: Sendable {
    /// The composer every entry is rendered with.
    public let composer: MailComposer

    /// A gallery rendering through `composer`.
    public init(composer: MailComposer) {
        self.composer = composer
    }

    /// Every `*.json` file in `jobs`, previewed at `now` and ordered by kind, then locale
    /// (`ja`, `en`, `ja+en`), then file name. A bad job becomes an entry with its `error`; it
    /// never stops the others. Throws `PreviewError.gallery` only if `jobs` cannot be listed.
    public func entries(jobs: URL, now: Date) throws(PreviewError) -> [GalleryEntry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: jobs.path)
        } catch {
            throw .gallery(path: jobs.path, reason: "cannot list the jobs directory")
        }
        var entries: [GalleryEntry] = []
        var used = Set<String>()
        for file in names.sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") {
            var name = String(file.dropLast(5)).replacingOccurrences(of: "+", with: "_")
            while !used.insert(name).inserted { name += "_" }
            entries.append(
                entry(file: file, name: name, data: FileManager.default.contents(atPath: jobs.appendingPathComponent(file).path), now: now))
        }
        let kinds = composer.library.catalogue.names
        let locales = JobLocale.allCases
        func rank(_ entry: GalleryEntry) -> (Int, Int, String) {
            guard let job = entry.job else { return (kinds.count, 0, entry.file) }
            return (kinds.firstIndex(of: job.kind.name) ?? kinds.count, locales.firstIndex(of: job.locale) ?? 0, entry.file)
        }
        return entries.sorted { rank($0) < rank($1) }
    }

    private func entry(file: String, name: String, data: Data?, now: Date) -> GalleryEntry {
        guard let data else {
            return GalleryEntry(file: file, name: name, job: nil, mail: nil, warnings: [], error: "cannot read the file")
        }
        let job: Job
        do {
            job = try JobParser.parse(data, catalogue: composer.library.catalogue)
        } catch {
            return GalleryEntry(file: file, name: name, job: nil, mail: nil, warnings: [], error: error.description)
        }
        do {
            let mail = try composer.preview(job: job, id: name, now: now)
            let warnings = composer.previewWarnings(job: job, mail: mail, now: now)
            return GalleryEntry(file: file, name: name, job: job, mail: mail, warnings: warnings, error: nil)
        } catch {
            return GalleryEntry(file: file, name: name, job: job, mail: nil, warnings: [], error: error.description)
        }
    }

    /// Writes `index.html` (see `page(_:generatedAt:)`) and `<name>.eml` for every mail into
    /// `directory`, creating it if needed, and returns the page's URL. Writes nothing else.
    /// Throws `PreviewError.gallery` naming the file that could not be written.
    @discardableResult
    public func write(_ entries: [GalleryEntry], to directory: URL, generatedAt now: Date) throws(PreviewError) -> URL {
        func save(_ data: Data, _ url: URL) throws(PreviewError) {
            do {
                try data.write(to: url, options: .atomic)
                FileActivity.noteCreated()
            } catch {
                throw .gallery(path: url.path, reason: "cannot write (\(error.localizedDescription))")
            }
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .gallery(path: directory.path, reason: "cannot create the directory")
        }
        for entry in entries {
            guard let mail = entry.mail else { continue }
            try save(Data(mail.bytes), directory.appendingPathComponent("\(entry.name).eml"))
        }
        let index = directory.appendingPathComponent("index.html")
        try save(Data(page(entries, generatedAt: now).utf8), index)
        return index
    }
}
