import Foundation

/// A plot that renders itself as a standalone SVG document.
public protocol SVGRenderable {
    /// The complete SVG document (UTF-8 XML, with its `<?xml?>` declaration).
    ///
    /// - Throws: ``PlotError`` when the plot's data is inconsistent.
    func svg() throws -> String
}

extension SVGRenderable {
    /// Renders the plot and writes it to `url` atomically: into a temporary file beside `url`,
    /// then renamed over it, so a reader never sees half a file. The directory must exist.
    ///
    /// - Throws: ``PlotError`` for inconsistent data or when the file cannot be written.
    public func write(to url: URL) throws {
        let data = Data(try svg().utf8)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw PlotError.unwritableFile(path: url.path, reason: error.localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw PlotError.unwritableFile(path: url.path, reason: reason)
        }
    }
}
