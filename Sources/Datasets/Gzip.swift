import CZlib
import Foundation
import WickCore

/// gzip compression and decompression through zlib.
///
/// The loaders call ``decompressIfNeeded(_:)`` on every file they read, so `train-images-idx3-ubyte.gz`
/// and `train-images-idx3-ubyte` load the same way; a file is taken as gzip when it starts with the
/// gzip magic bytes `1f 8b`, whatever its name.
public enum Gzip {
    /// True when `data` starts with the gzip magic bytes `1f 8b`.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// `data` decompressed when it is gzip (see ``isCompressed(_:)``), `data` itself otherwise.
    public static func decompressIfNeeded(_ data: Data) throws -> Data {
        isCompressed(data) ? try decompress(data) : data
    }

    /// Decompresses a gzip stream (several concatenated members are joined, as `gunzip` does).
    ///
    /// - Throws: ``DatasetError/corruptCompressedData(reason:)`` when the stream is corrupt or
    ///   ends early, ``DatasetError/noData(what:)`` when `data` is empty.
    public static func decompress(_ data: Data) throws -> Data {
        guard !data.isEmpty else { throw DatasetError.noData(what: "gzip") }
        guard data.count < Int(UInt32.max) else {
            throw DatasetError.unsupported(format: "gzip", reason: "inputs of 4 GiB or more")
        }
        var output = Data()
        // A gzip member ends with its uncompressed size modulo 2^32: a good first guess, but only a
        // claim. Deflate expands at most 1032-fold, so no more than that is reserved for a file of
        // this size (a 4-byte file claiming a gigabyte reserves 4 KiB).
        let trailerSize = data.suffix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        output.reserveCapacity(min(trailerSize, data.count * 1032, 1 << 30))
        var stream = z_stream()
        // 15 + 32: the largest window, and let zlib detect the gzip (or zlib) header itself.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.corruptCompressedData(reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = max(1 << 16, min(data.count * 4, 1 << 24))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            let base = input.bindMemory(to: UInt8.self).baseAddress!
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = UInt32(input.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    output.append(out.baseAddress!, count: out.count - Int(stream.avail_out))
                    return status
                }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (what `cat a.gz b.gz` makes).
                    if stream.avail_in >= 2, stream.next_in[0] == 0x1F, stream.next_in[1] == 0x8B {
                        inflateReset(&stream)
                        continue
                    }
                    if stream.avail_in > 0 {
                        throw DatasetError.corruptCompressedData(reason: "\(stream.avail_in) stray bytes after the end of the stream")
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw DatasetError.corruptCompressedData(reason: "the stream ends early (truncated file)")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw DatasetError.corruptCompressedData(reason: message)
                }
            }
        }
        return output
    }

    /// Compresses `data` (smaller than 4 GiB) into a single gzip member, as `gzip -<level>` does;
    /// `level` runs from 0 (store) to 9 (smallest), 6 being zlib's default.
    public static func compress(_ data: Data, level: Int = 6) -> Data {
        wickPrecondition(data.count < Int(UInt32.max), "Gzip.compress: \(data.count) bytes is over the 4 GiB limit")
        wickPrecondition((0...9).contains(level), "Gzip.compress: level must be in 0...9, got \(level)")
        var stream = z_stream()
        // 15 + 16: the largest window, with a gzip header and trailer instead of zlib's.
        let initStatus = deflateInit2_(&stream, Int32(level), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                       zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        wickPrecondition(initStatus == Z_OK, "Gzip.compress: deflateInit2 failed with status \(initStatus)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
        let written: Int = data.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: UInt8.self).baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                // deflateBound guarantees a single Z_FINISH call completes.
                let status = deflate(&stream, Z_FINISH)
                wickPrecondition(status == Z_STREAM_END, "Gzip.compress: deflate returned \(status)")
                return out.count - Int(stream.avail_out)
            }
        }
        return Data(output[0..<written])
    }
}
