import Foundation

/// File reading and atomic writing shared by the loaders.
enum FileIO {
    /// The whole contents of `url`, or ``DatasetError/unreadableFile(path:reason:)``.
    static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "\(error.localizedDescription)" : "no such file"
            throw DatasetError.unreadableFile(path: url.path, reason: reason)
        }
    }

    /// Writes `data` to a uniquely named file beside `url` and renames it over `url`.
    ///
    /// `rename(2)` within one directory is atomic: a reader sees either the old file whole or the
    /// new file whole, never a partial one, and a crash mid-write leaves the old file in place.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw DatasetError.unwritableFile(path: url.path, reason: error.localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw DatasetError.unwritableFile(path: url.path, reason: reason)
        }
    }
}
