import Foundation

/// Writing a file so that it is never seen half written.
public enum AtomicFile {
    /// Why a write failed: the file's path and the system's reason.
    public struct WriteError: Error, Equatable, Sendable {
        public let path: String
        public let reason: String
    }

    /// Writes `bytes` to a uniquely named file beside `url`, flushes it to disk, and renames it
    /// over `url`. Rename within one directory is atomic, so a reader (or a crash) sees either the
    /// old file whole or the new one whole; on failure the temporary file is removed.
    public static func write<Bytes: ContiguousBytes>(_ bytes: Bytes, to url: URL) throws(WriteError) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        func failure() -> WriteError { WriteError(path: url.path, reason: String(cString: strerror(errno))) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure() }
        let written = bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return fsync(fd) == 0
        }
        let error = written ? nil : failure()
        close(fd)
        if let error {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, url.path) == 0 else {
            let error = failure()
            unlink(temporary)
            throw error
        }
    }
}
