// PreviewGallery+Page.swift — the gallery's one static HTML page: an index, then each mail's headers and parts side by side.
import Foundation
import HikyakuMail

extension PreviewGallery {
    /// The whole page: a kind × locale index, then per mail its decoded headers, the text part and
    /// the HTML part in a sandboxed `<iframe srcdoc>` next to each other. Every value is escaped
    /// once, here; the page loads nothing from anywhere. The mail's HTML may not run scripts
    /// (`sandbox` without `allow-scripts`); the page's own one-line script only sizes each frame to
    /// its content, which `allow-same-origin` lets it measure.
    public func page(_ entries: [GalleryEntry], generatedAt now: Date) -> String {
        let charsets = composer.settings.charsets.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>hikyaku template gallery</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header class="top" id="top"><h1>hikyaku template gallery</h1>
            <p>\(e(String(entries.count))) job files · templates <code>\(e(composer.library.directory.path))</code> · text charsets \
            \(e(charsets.isEmpty ? "UTF-8" : charsets.joined(separator: ", "))) · generated \
            \(e(MIMEMessage.rfc5322Date(now, in: composer.format.timeZone))) · links and codes are preview values, never real</p></header>

            """
        html += index(entries)
        for entry in entries { html += section(entry) }
        html += "<script>\(Self.sizeFrames)</script>\n</body>\n</html>\n"
        return html
    }

    /// A table with one row per kind and one column per locale, each cell linking to its mail.
    private func index(_ entries: [GalleryEntry]) -> String {
        var rows = ""
        for kind in composer.library.catalogue.names {
            rows += "<tr><th scope=\"row\">\(e(kind))</th>"
            for locale in JobLocale.allCases {
                let found = entries.filter { $0.job?.kind.name == kind && $0.job?.locale == locale }
                let links = found.map { entry in
                    let label = entry.mail?.rendered.subject ?? "error"
                    return "<a href=\"#\(e(entry.name))\">\(e(label))</a>"
                }
                rows += "<td>\(links.isEmpty ? "<span class=\"missing\">no job</span>" : links.joined(separator: "<br>"))</td>"
            }
            rows += "</tr>\n"
        }
        let failed = entries.filter { $0.mail == nil }.map { "<li><a href=\"#\(e($0.name))\">\(e($0.file))</a></li>" }
        let failures = failed.isEmpty ? "" : "<p class=\"error\">Not rendered:</p><ul>\(failed.joined())</ul>\n"
        return """
            <nav class="card"><table class="index"><thead><tr><th></th><th scope="col">ja</th><th scope="col">en</th>\
            <th scope="col">ja+en</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            \(failures)</nav>

            """
    }

    /// One mail: title, warnings or error, decoded headers, then the two parts side by side.
    private func section(_ entry: GalleryEntry) -> String {
        let title = entry.job.map { "\($0.kind.name) · \($0.locale.rawValue)" } ?? entry.file
        var html = "<section class=\"card\" id=\"\(e(entry.name))\">\n<h2>\(e(title))</h2>\n"
        html += "<p class=\"source\">job <code>\(e(entry.file))</code>"
        if entry.mail != nil {
            let href = entry.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? entry.name
            html += " · message <a href=\"\(e(href)).eml\">\(e(entry.name)).eml</a>"
        }
        html += " · <a href=\"#top\">index</a></p>\n"
        for warning in entry.warnings { html += "<p class=\"warning\">\(e(warning))</p>\n" }
        if let fallback = entry.mail?.charsetFallback, entry.warnings.isEmpty {
            html += "<p class=\"warning\">\(e(fallback))</p>\n"
        }
        guard let mail = entry.mail else {
            return html + "<p class=\"error\">\(e(entry.error ?? "not rendered"))</p>\n</section>\n"
        }
        html += "<table class=\"headers\">\n"
        for field in HeaderDecoder.fields(of: mail.bytes) {
            html += "<tr><th scope=\"row\">\(e(field.name))</th><td>\(e(field.value))</td></tr>\n"
        }
        html += "</table>\n"
        let parts = Self.partHeaders(of: mail.bytes)
        func label(_ index: Int, _ fallback: String) -> String {
            guard index < parts.count else { return fallback }
            let type = parts[index].first { $0.name.lowercased() == "content-type" }?.value ?? fallback
            let encoding = parts[index].first { $0.name.lowercased() == "content-transfer-encoding" }?.value
            return type + (encoding.map { " · \($0)" } ?? "")
        }
        html += """
            <div class="parts">
            <div class="part"><h3>\(e(label(0, "text/plain")))</h3><pre class="text">\(e(mail.rendered.text))</pre></div>
            <div class="part"><h3>\(e(label(1, "text/html")))</h3><iframe sandbox="allow-same-origin" title="HTML part of \(e(entry.name))" \
            srcdoc="\(e(mail.rendered.html))"></iframe></div>
            </div>
            </section>

            """
        return html
    }

    /// The header fields of each body part of a multipart message, in order.
    static func partHeaders(of bytes: [UInt8]) -> [[(name: String, value: String)]] {
        let text = String(decoding: bytes, as: UTF8.self)
        let top = HeaderDecoder.fields(of: bytes)
        guard let type = top.first(where: { $0.name.lowercased() == "content-type" })?.value,
            let range = type.range(of: "boundary=\"")
        else { return [] }
        let boundary = type[range.upperBound...].prefix { $0 != "\"" }
        return text.components(separatedBy: "\r\n--\(boundary)\r\n").dropFirst().map { HeaderDecoder.fields(of: Array($0.utf8)) }
    }

    private func e(_ text: String) -> String { TemplateEscaping.html.escape(text) }

    /// Grows every frame to the height of the mail it shows, once everything has loaded.
    static let sizeFrames = """
        addEventListener("load",()=>{for(const f of document.querySelectorAll("iframe")){\
        f.style.height=(f.contentDocument.documentElement.scrollHeight+2)+"px";}});
        """

    static let style = """
        body{margin:0;background:#f3f4f6;color:#1f2328;font:14px/1.5 system-ui,"Noto Sans CJK JP","Hiragino Sans",sans-serif}\
        header.top{background:#1f2933;color:#fff;padding:12px 24px}header.top h1{margin:0;font-size:20px}\
        header.top p{margin:4px 0 0;color:#cbd2d9;font-size:13px}header.top code{color:#fff}\
        .card{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:16px 24px;padding:12px 20px}\
        h2{margin:0;font-size:18px}h3{margin:0 0 6px;font-size:13px;color:#57606a;font-weight:600}\
        .source{margin:2px 0 10px;color:#57606a;font-size:13px}\
        table.index{border-collapse:collapse}table.index th,table.index td{border:1px solid #d0d7de;padding:4px 10px;\
        text-align:left;vertical-align:top}table.index thead th{background:#f6f8fa}.missing{color:#cf222e}\
        table.headers{border-collapse:collapse;margin:0 0 12px;font-size:13px}\
        table.headers th{text-align:left;color:#57606a;font-weight:600;padding:1px 12px 1px 0;white-space:nowrap;vertical-align:top}\
        table.headers td{font-family:ui-monospace,"Noto Sans Mono CJK JP",monospace;word-break:break-all;padding:1px 0}\
        .parts{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;align-items:stretch}\
        .part{display:flex;flex-direction:column}\
        pre.text{flex:1 0 auto;margin:0;padding:12px;border:1px solid #d0d7de;background:#fbfbfc;white-space:pre-wrap;\
        overflow-wrap:anywhere;font:13px/1.5 ui-monospace,"Noto Sans Mono CJK JP",monospace}\
        iframe{flex:1 0 auto;width:100%;height:640px;border:1px solid #d0d7de;background:#fff}\
        .warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;margin:6px 0}\
        .error{background:#ffebe9;border:1px solid #ff8182;border-radius:6px;padding:6px 10px;margin:6px 0}
        """
}
