import Foundation
internal import WickCore

/// A plot that renders itself as a standalone SVG document.
public protocol SVGRenderable {
    /// The complete SVG document (UTF-8 XML, with its `<?xml?>` declaration).
    ///
    /// - Throws: ``PlotError`` when the plot's data is inconsistent.
    func svg() throws -> String
}

extension SVGRenderable {
    /// Renders the plot and writes it to `url` atomically (WickCore's `AtomicFile`): into a
    /// temporary file beside `url`, flushed to disk, then renamed over it, so a reader never sees
    /// half a file and a failed write leaves any old file whole. The directory must exist.
    ///
    /// - Throws: ``PlotError`` for inconsistent data (nothing is written then), or
    ///   ``PlotError/unwritableFile(path:reason:)`` naming `url` when the file cannot be written.
    public func write(to url: URL) throws {
        let data = Data(try svg().utf8)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw PlotError.unwritableFile(path: error.path, reason: error.reason)
        }
    }
}
