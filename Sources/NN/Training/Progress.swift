import Foundation

/// How the ``Trainer`` reports progress on standard error.
///
/// Standard output is flushed before each progress write, so that what a program prints
/// (buffered when it goes to a file or a pipe) and the progress lines come out in the order they
/// were written when both go to the same place (`swift run digits-mlp > log.txt 2>&1`).
public enum ProgressStyle: Sendable {
    /// A live bar on a terminal, one line per epoch otherwise.
    case automatic
    /// A live bar (epoch, batch i/N, running loss, samples/s, ETA), redrawn in place.
    case bar
    /// One plain line per epoch.
    case lines
    /// Nothing.
    case quiet
}

/// Draws the progress bar and epoch lines.
struct ProgressReporter {
    let style: ProgressStyle
    let epochs: Int
    private var lastDraw = 0.0

    init(style: ProgressStyle, epochs: Int) {
        let isTerminal = isatty(STDERR_FILENO) == 1
        self.style = style == .automatic ? (isTerminal ? .bar : .lines) : style
        self.epochs = epochs
    }

    /// Redraws the bar, at most ten times a second (and always for the last batch).
    mutating func batch(epoch: Int, batch: Int, of batches: Int, runningLoss: Double, samplesPerSecond: Double, elapsed: Double) {
        guard style == .bar else { return }
        let now = Date.timeIntervalSinceReferenceDate
        if batch < batches && now - lastDraw < 0.1 { return }
        lastDraw = now
        let width = 24, filled = batches == 0 ? width : width * batch / batches
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" + String(repeating: " ", count: width - filled - 1) : "")
        let remaining = batch == 0 ? 0 : elapsed / Double(batch) * Double(batches - batch)
        let line = String(format: "\repoch %d/%d [%@] %d/%d loss %.4f  %.0f samples/s  ETA %@ ",
                          epoch, epochs, bar, batch, batches, runningLoss, samplesPerSecond, Self.duration(remaining))
        Self.writeToStandardError(line)
    }

    /// Finishes an epoch: ends the bar's line or prints the epoch's line.
    func epochEnded(_ record: EpochRecord) {
        guard style != .quiet else { return }
        var text = String(format: "epoch %d/%d  loss %.4f", record.epoch, epochs, record.trainLoss)
        if let a = record.trainAccuracy { text += String(format: "  acc %.4f", a) }
        if let l = record.validationLoss { text += String(format: "  val_loss %.4f", l) }
        if let a = record.validationAccuracy { text += String(format: "  val_acc %.4f", a) }
        text += String(format: "  %@  %.0f samples/s", Self.epochTime(record.seconds), record.samplesPerSecond)
        let prefix = style == .bar ? "\r\u{1B}[K" : ""
        Self.writeToStandardError(prefix + text + "\n")
    }

    /// Writes `text` to standard error after flushing standard output, so that lines already
    /// printed come first.
    static func writeToStandardError(_ text: String) {
        fflush(nil)  // every C output stream, standard output among them
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// An epoch's time in a unit that shows it: `840 ms`, `12.3 s`, `2m05s`.
    static func epochTime(_ seconds: Double) -> String {
        if seconds < 0.9995 { return String(format: "%.0f ms", seconds * 1000) }
        if seconds < 59.95 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        return String(format: "%dm%02ds", s / 60, s % 60)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
