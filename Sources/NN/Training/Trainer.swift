import Foundation

/// Trains a model on a dataset by minibatch gradient descent: the modern `nn.StochasticGradient`.
///
/// ```swift
/// let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(),
///                       optimizer: Adam(model.getParameters(), learningRate: 1e-3))
/// trainer.batchSize = 64
/// trainer.epochs = 20
/// let history = try trainer.fit(train, validation: test)
/// ```
/// Each epoch shuffles the sample order with a seeded generator, assembles minibatches into
/// reused tensors, and runs forward, criterion, backward and the optimizer step; after the first
/// batch a step allocates nothing. With a validation set it reports loss (and accuracy for class
/// labels) per epoch and can stop early when the validation loss stops improving.
public final class Trainer<Model: Module, Loss: Criterion> where Loss.Scalar == Model.Scalar {
    /// The model's scalar type: `Float` or `Double`.
    public typealias Scalar = Model.Scalar

    /// Stops training after `patience` epochs without a validation loss more than `minDelta`
    /// below the best so far.
    public struct EarlyStopping: Sendable {
        /// The number of epochs without improvement after which training stops.
        public var patience: Int
        /// How far a validation loss must fall below the best so far to count as an improvement.
        public var minDelta: Double
        /// Stops after `patience` epochs (5 by default) without a validation loss more than `minDelta`
        /// (0 by default) below the best.
        public init(patience: Int = 5, minDelta: Double = 0) {
            self.patience = patience
            self.minDelta = minDelta
        }
    }

    /// What an iteration hook sees.
    public struct Iteration {
        /// 1-based epoch and batch numbers.
        public var epoch: Int, batch: Int, batches: Int
        /// The batch's loss.
        public var loss: Double
    }

    /// The model being trained.
    public let model: Model
    /// The loss the model is trained to minimise.
    public let criterion: Loss
    /// Updates the model's parameters after every batch.
    public let optimizer: any Optimizer<Scalar>
    /// Samples per minibatch (the last batch of an epoch may be smaller).
    public var batchSize = 32
    /// Passes over the training set.
    public var epochs = 10
    /// Shuffle the sample order every epoch (from ``generator``).
    public var shuffle = true
    /// The source of the shuffles.
    public var generator = RandomGenerator(seed: 0)
    /// Early stopping on the validation loss, or nil.
    public var earlyStopping: EarlyStopping?
    /// Progress on standard error.
    public var progress = ProgressStyle.automatic
    /// Called after every optimizer step.
    public var onIteration: ((Iteration) -> Void)?
    /// Called after every epoch with its record; `history` holds all records so far.
    public var onEpoch: ((EpochRecord) -> Void)?
    /// The records of the last ``fit(_:validation:)``.
    public private(set) var history = TrainingHistory()

    /// A trainer with the default settings; build `optimizer` on `model.getParameters()` so that it
    /// updates this model.
    public init(model: Model, criterion: Loss, optimizer: any Optimizer<Scalar>) {
        self.model = model
        self.criterion = criterion
        self.optimizer = optimizer
    }

    /// Trains for ``epochs`` epochs (fewer with early stopping) and returns the history.
    ///
    /// - Throws: ``TrainingError/nonFiniteLoss(epoch:batch:loss:)`` as soon as a batch's loss is
    ///   NaN or infinite, ``TrainingError/emptyDataset`` for an empty training set.
    @discardableResult
    public func fit<Data: Dataset>(_ train: Data, validation: Data? = nil) throws -> TrainingHistory
    where Data.Scalar == Scalar, Data.Targets == Loss.Target {
        guard train.count > 0 else { throw TrainingError.emptyDataset }
        wickPrecondition(batchSize > 0, "Trainer: batchSize must be positive, got \(batchSize)")
        history = TrainingHistory()
        var reporter = ProgressReporter(style: progress, epochs: epochs)
        var order = Array(0..<train.count)
        var inputs = Tensor<Scalar>(), targets = Data.Targets()
        let batches = (train.count + batchSize - 1) / batchSize
        var bestValidation = Double.infinity, epochsWithoutImprovement = 0

        for epoch in 1...Swift.max(epochs, 1) where epochs > 0 {
            if shuffle { generator.shuffle(&order) }
            model.training()
            let started = Date.timeIntervalSinceReferenceDate
            var lossSum = 0.0, correct = 0, counted = 0, hasAccuracy = true
            for b in 0..<batches {
                let indices = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, train.count)]
                train.fillBatch(indices, inputs: &inputs, targets: &targets)
                let output = model.forward(inputs)
                let loss = Double(criterion.forward(output, targets))
                guard loss.isFinite else {
                    throw nonFiniteLossError(inputs: inputs, targets: targets, indices: indices, epoch: epoch, batch: b + 1, loss: loss)
                }
                if let c = targets.correctPredictions(output) { correct += c } else { hasAccuracy = false }
                optimizer.zeroGrad()
                // The inputs are data: no gradient with respect to them is needed.
                model.backwardParameters(inputs, criterion.backward(output, targets), scale: 1)
                optimizer.step()
                lossSum += loss * Double(indices.count)
                counted += indices.count
                onIteration?(Iteration(epoch: epoch, batch: b + 1, batches: batches, loss: loss))
                let elapsed = Date.timeIntervalSinceReferenceDate - started
                reporter.batch(epoch: epoch, batch: b + 1, of: batches, runningLoss: lossSum / Double(counted),
                               samplesPerSecond: Double(counted) / Swift.max(elapsed, 1e-9), elapsed: elapsed)
            }
            let seconds = Date.timeIntervalSinceReferenceDate - started
            var record = EpochRecord(
                epoch: epoch, trainLoss: lossSum / Double(counted),
                trainAccuracy: hasAccuracy ? Double(correct) / Double(counted) : nil,
                validationLoss: nil, validationAccuracy: nil,
                seconds: seconds, samplesPerSecond: Double(counted) / Swift.max(seconds, 1e-9))
            if let validation {
                let result = evaluate(validation)
                record.validationLoss = result.loss
                record.validationAccuracy = result.accuracy
            }
            history.epochs.append(record)
            reporter.epochEnded(record)
            onEpoch?(record)
            if let rule = earlyStopping, let loss = record.validationLoss {
                if loss < bestValidation - rule.minDelta {
                    bestValidation = loss
                    epochsWithoutImprovement = 0
                } else {
                    epochsWithoutImprovement += 1
                    if epochsWithoutImprovement >= rule.patience {
                        history.stoppedEarly = true
                        break
                    }
                }
            }
        }
        model.training()
        return history
    }

    /// The mean loss (and accuracy, for class labels) of the model on `data`, in evaluation
    /// mode, in batches of ``batchSize``. Leaves the model in evaluation mode.
    public func evaluate<Data: Dataset>(_ data: Data) -> (loss: Double, accuracy: Double?)
    where Data.Scalar == Scalar, Data.Targets == Loss.Target {
        model.evaluate()
        var inputs = Tensor<Scalar>(), targets = Data.Targets()
        var lossSum = 0.0, correct = 0, hasAccuracy = true
        let all = Array(0..<data.count)
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let indices = all[start..<Swift.min(start + batchSize, data.count)]
            data.fillBatch(indices, inputs: &inputs, targets: &targets)
            let output = model.forward(inputs)
            lossSum += Double(criterion.forward(output, targets)) * Double(indices.count)
            if let c = targets.correctPredictions(output) { correct += c } else { hasAccuracy = false }
        }
        let n = Double(Swift.max(data.count, 1))
        return (lossSum / n, hasAccuracy && data.count > 0 ? Double(correct) / n : nil)
    }

    /// The confusion matrix of the model on `data` (class labels): each sample's highest score
    /// against its label, in evaluation mode, in batches of ``batchSize``. The number of classes
    /// is the width of the model's output (`N x classes`); `classNames`, if given, name them for
    /// printing (and fix the number of classes, needed for an empty data set). Leaves the model
    /// in evaluation mode.
    ///
    /// ```swift
    /// print(trainer.confusionMatrix(on: test, classNames: FashionMNIST.classNames))
    /// ```
    public func confusionMatrix<Data: Dataset>(on data: Data, classNames: [String] = []) -> ConfusionMatrix
    where Data.Scalar == Scalar, Data.Targets == [Int] {
        model.evaluate()
        var inputs = Tensor<Scalar>(), targets = [Int]()
        var confusion: ConfusionMatrix? = classNames.isEmpty ? nil : ConfusionMatrix(classNames: classNames)
        let all = Array(0..<data.count)
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let indices = all[start..<Swift.min(start + batchSize, data.count)]
            data.fillBatch(indices, inputs: &inputs, targets: &targets)
            let output = model.forward(inputs)
            if confusion == nil { confusion = ConfusionMatrix(classCount: output.shape.last ?? 1) }
            confusion!.batchAdd(scores: output.reshaped(to: [indices.count, output.count / Swift.max(indices.count, 1)]),
                                targets: targets)
        }
        wickPrecondition(confusion != nil, "Trainer.confusionMatrix(on:): an empty data set and no class names give no number of classes")
        return confusion!
    }

    /// Why the loss is not finite: a sample of the batch holding NaN or an infinity, else
    /// divergence (only looked into once the loss has failed).
    private func nonFiniteLossError<Targets>(
        inputs: Tensor<Scalar>, targets: Targets, indices: ArraySlice<Int>, epoch: Int, batch: Int, loss: Double
    ) -> TrainingError {
        for (tensor, inTarget) in [(inputs, false), ((targets as? Tensor<Scalar>) ?? Tensor(), true)] where tensor.count > 0 {
            let stride = tensor.count / Swift.max(indices.count, 1)
            if let k = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
                return .nonFiniteData(epoch: epoch, batch: batch, sample: indices[indices.startIndex + k / Swift.max(stride, 1)], inTarget: inTarget)
            }
        }
        return .nonFiniteLoss(epoch: epoch, batch: batch, loss: loss)
    }
}
