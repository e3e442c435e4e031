import Foundation

/// How the ``Trainer`` reports progress on standard error.
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
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Finishes an epoch: ends the bar's line or prints the epoch's line.
    func epochEnded(_ record: EpochRecord) {
        guard style != .quiet else { return }
        var text = String(format: "epoch %d/%d  loss %.4f", record.epoch, epochs, record.trainLoss)
        if let a = record.trainAccuracy { text += String(format: "  acc %.4f", a) }
        if let l = record.validationLoss { text += String(format: "  val_loss %.4f", l) }
        if let a = record.validationAccuracy { text += String(format: "  val_acc %.4f", a) }
        text += String(format: "  %.1fs  %.0f samples/s", record.seconds, record.samplesPerSecond)
        let prefix = style == .bar ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
