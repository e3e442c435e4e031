import Foundation

/// Writing a file so that it is never seen half written.
///
/// Model files, NPY files and plots are all written through ``write(_:to:)``.
public enum AtomicFile {
    /// Why a write failed: the file's path and the system's reason.
    public struct WriteError: Error, Equatable, Sendable {
        public let path: String
        public let reason: String
    }

    /// Writes `bytes` to `url` so that a reader, or a crash, sees either the old file whole or the
    /// new one whole.
    ///
    /// The bytes go to a temporary file beside the destination, named `.<name>.<pid>.<random>.tmp`,
    /// which is flushed to disk (`fsync`) and renamed over the destination; the directory is then
    /// flushed too, so the rename itself survives a crash. On failure the temporary file is removed.
    /// - When `url` is a symbolic link (or a chain of them), the file it points to is replaced and
    ///   the link stays a link, as `cp` or an editor's save would do.
    /// - An existing file keeps its permission bits (and its owner, where the process may set it);
    ///   a new one gets `0666` less the process's umask, like any file the process creates.
    /// - Temporary files that an earlier save of the same destination left behind when its process
    ///   was killed (their process no longer exists) are removed.
    ///
    /// - Throws: ``WriteError`` naming `url`'s path and the system's reason.
    public static func write<Bytes: ContiguousBytes>(_ bytes: Bytes, to url: URL) throws(WriteError) {
        let destination = resolvingFinalLinks(url.path)
        let parent = (destination as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        let name = (destination as NSString).lastPathComponent
        removeStaleTemporaries(of: name, in: directory)
        let temporary = directory + "/" + temporaryName(of: name, pid: getpid())
        func failure() -> WriteError { WriteError(path: url.path, reason: String(cString: strerror(errno))) }

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o666)
        guard fd >= 0 else { throw failure() }
        var existing = stat()
        if stat(destination, &existing) == 0 {
            _ = fchown(fd, existing.st_uid, existing.st_gid)  // allowed for root or the same owner only
            _ = fchmod(fd, existing.st_mode & 0o7777)
        }
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
        guard rename(temporary, destination) == 0 else {
            let error = failure()
            unlink(temporary)
            throw error
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The name of a temporary file of process `pid` for the destination `name`.
    static func temporaryName(of name: String, pid: pid_t) -> String {
        ".\(name).\(pid).\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// The path a chain of symbolic links at `path` ends at (at most 40 links, as the kernel
    /// allows); `path` itself when it is not a link. The last link's target need not exist yet.
    static func resolvingFinalLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        return current
    }

    /// Removes `.<name>.<pid>.<random>.tmp` files in `directory` whose process has ended: what a
    /// save killed mid-write leaves behind. Files of running processes (a save under way) are kept.
    static func removeStaleTemporaries(of name: String, in directory: String) {
        let prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard middle.count == 2, let pid = pid_t(middle[0]), UInt32(middle[1]) != nil, pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory + "/" + entry)
            }
        }
    }
}
