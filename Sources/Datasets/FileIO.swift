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

    /// Writes `data` atomically (see `AtomicFile.write`), reporting failure as
    /// ``DatasetError/unwritableFile(path:reason:)``.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw DatasetError.unwritableFile(path: error.path, reason: error.reason)
        }
    }
}
