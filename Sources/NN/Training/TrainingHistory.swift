/// What one epoch of training measured.
public struct EpochRecord: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// The mean training loss over the epoch's batches (weighted by batch size).
    public var trainLoss: Double
    /// Training accuracy, when the targets are class labels.
    public var trainAccuracy: Double?
    /// Validation loss, when a validation set was given.
    public var validationLoss: Double?
    /// Validation accuracy, when a validation set of class labels was given.
    public var validationAccuracy: Double?
    /// Wall time of the epoch in seconds.
    public var seconds: Double
    /// Training samples per second.
    public var samplesPerSecond: Double
}

/// The per-epoch record of a ``Trainer/fit(_:validation:)`` run, for printing and plotting.
public struct TrainingHistory: Sendable, Equatable {
    /// One record per completed epoch.
    public var epochs: [EpochRecord] = []
    /// True when early stopping ended the run.
    public var stoppedEarly = false
    /// The epoch with the lowest validation loss, if any.
    public var bestEpoch: Int? {
        epochs.filter { $0.validationLoss != nil }.min { $0.validationLoss! < $1.validationLoss! }?.epoch
    }

    /// An empty history.
    public init() {}

    /// Training losses, one per epoch.
    public var trainLosses: [Double] { epochs.map(\.trainLoss) }
    /// Validation losses, one per epoch (empty without a validation set).
    public var validationLosses: [Double] { epochs.compactMap(\.validationLoss) }
    /// Training accuracies (empty for regression).
    public var trainAccuracies: [Double] { epochs.compactMap(\.trainAccuracy) }
    /// Validation accuracies (empty without a validation set of class labels).
    public var validationAccuracies: [Double] { epochs.compactMap(\.validationAccuracy) }
}

/// Why training stopped with an error.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The loss became NaN or infinite (1-based epoch and batch).
    case nonFiniteLoss(epoch: Int, batch: Int, loss: Double)
    /// The training set has no samples.
    case emptyDataset
    /// A sample of the data holds NaN or an infinity (its 0-based index in the data set; 1-based
    /// epoch and batch, where the loss stopped being finite): the data, not the learning rate, is
    /// at fault.
    case nonFiniteData(epoch: Int, batch: Int, sample: Int, inTarget: Bool)

    /// A sentence naming why training stopped, with a hint where one helps.
    public var description: String {
        switch self {
        case let .nonFiniteLoss(epoch, batch, loss):
            return "training diverged: the loss is \(loss) at epoch \(epoch), batch \(batch); try a smaller learning rate"
        case .emptyDataset:
            return "the training set has no samples"
        case let .nonFiniteData(epoch, batch, sample, inTarget):
            return "the loss is not finite at epoch \(epoch), batch \(batch): the \(inTarget ? "target" : "input") of sample \(sample) holds NaN or an infinity; clean or rescale the data"
        }
    }
}
