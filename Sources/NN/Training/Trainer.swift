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
///
/// With a ``communicator`` the trainer is one of several processes training one model together,
/// data-parallel (Horovod's and Torch7 `distlearn`'s scheme, see Docs/Distributed.md): every
/// process holds a replica, takes its share of each batch, and the gradient is summed across
/// processes with one allreduce per step before the same optimizer step everywhere.
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
    /// The processes this trainer trains with, data-parallel, or nil (the default) for one process.
    ///
    /// Every process runs the same program: the same model (shapes are checked at the start of
    /// ``fit(_:validation:)``, which throws ``DistributedTrainingError/modelMismatch(rank0:rank:shapes:)``
    /// on every process when they differ), the same data sets, settings and ``generator`` seed.
    /// Then, in ``fit(_:validation:)``:
    /// - the optimizer's parameters and the batch normalization running statistics are broadcast
    ///   from rank 0, so the replicas start identical;
    /// - every process shuffles the same order, and of each batch of ``batchSize`` samples takes
    ///   its consecutive share (``Communicator/shard(of:)``: sizes differ by at most one);
    /// - after the forward pass the processes sum their losses, correct counts and failure flags
    ///   (one allreduce of `3 + size` Doubles), so a NaN loss on any process stops every process
    ///   with an error at the same batch, never a hang: the failing process throws its own
    ///   ``TrainingError``, the others ``DistributedTrainingError/otherRankFailed(rank:epoch:batch:)``;
    /// - each process scales its gradient by its share of the batch (`n_rank / n`, with
    ///   ``Criterion/sizeAverage``; 1 without), and the optimizer's flat gradient is summed in place
    ///   across processes (one allreduce of ``FlatParameters/count`` scalars), which gives the
    ///   gradient of the whole batch; then every process takes the same optimizer step;
    /// - at the end of each epoch the running statistics of batch normalization are averaged
    ///   across processes (within a batch each process normalizes by its own share's statistics,
    ///   as Horovod does without synchronised batch normalization);
    /// - ``evaluate(_:)`` (and so validation) runs each process on its share of the data and sums
    ///   the results, so epoch records and early stopping are the same on every process;
    /// - only rank 0 shows ``progress``; ``onIteration`` and ``onEpoch`` run on every process with
    ///   the same, whole-batch values; ``confusionMatrix(on:classNames:)`` is not shared out: each
    ///   process computes it on all of the data.
    ///
    /// A class-weighted ``ClassNLLCriterion`` averages by the weights of each share, so its
    /// distributed gradient is close to, not equal to, the single-process one.
    public var communicator: (any Communicator)?

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
        let communicator = self.communicator, rank = communicator?.rank ?? 0, size = communicator?.size ?? 1
        var reporter = ProgressReporter(style: rank == 0 ? progress : .quiet, epochs: epochs)
        var order = Array(0..<train.count)
        var inputs = Tensor<Scalar>(), targets = Data.Targets()
        let batches = (train.count + batchSize - 1) / batchSize
        var bestValidation = Double.infinity, epochsWithoutImprovement = 0
        // Distributed: per batch, the summed loss, correct count, count of processes without an
        // accuracy, and one failure flag per rank (allocated once: a step allocates nothing).
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: 3 + size)
        defer { sums.deallocate() }
        var runningStatistics: [(pointer: UnsafeMutablePointer<Scalar>, count: Int)] = []
        if let communicator {
            try startReplicas(communicator)
            runningStatistics = model.runningStatisticBuffers
        }

        for epoch in 1...Swift.max(epochs, 1) where epochs > 0 {
            if shuffle { generator.shuffle(&order) }
            model.training()
            let started = Date.timeIntervalSinceReferenceDate
            var lossSum = 0.0, correct = 0, counted = 0, hasAccuracy = true
            for b in 0..<batches {
                let batch = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, train.count)]
                // This process's share of the batch (all of it without a communicator).
                let indices = communicator.map { batch[$0.shard(of: batch.startIndex..<batch.endIndex)] } ?? batch
                var loss = 0.0, output = Tensor<Scalar>(), failure: Error?
                var batchCorrect: Int? = 0
                if !indices.isEmpty {
                    train.fillBatch(indices, inputs: &inputs, targets: &targets)
                    output = model.forward(inputs)
                    loss = Double(criterion.forward(output, targets))
                    if loss.isFinite {
                        batchCorrect = targets.correctPredictions(output)
                    } else {
                        failure = nonFiniteLossError(inputs: inputs, targets: targets, indices: indices, epoch: epoch, batch: b + 1, loss: loss)
                    }
                }
                if let communicator {
                    // Every process learns whether any failed before anyone stops or waits.
                    sums[0] = failure == nil ? loss * Double(indices.count) : 0
                    sums[1] = Double(batchCorrect ?? 0)
                    sums[2] = batchCorrect == nil ? 1 : 0
                    for r in 0..<size { sums[3 + r] = r == rank && failure != nil ? 1 : 0 }
                    communicator.allreduceSum(sums, count: 3 + size)
                    if let failure { throw failure }
                    if let failed = (0..<size).first(where: { sums[3 + $0] != 0 }) {
                        throw DistributedTrainingError.otherRankFailed(rank: failed, epoch: epoch, batch: b + 1)
                    }
                    loss = sums[0] / Double(batch.count)
                    batchCorrect = sums[2] == 0 ? Int(sums[1]) : nil
                } else if let failure {
                    throw failure
                }
                if let batchCorrect { correct += batchCorrect } else { hasAccuracy = false }
                optimizer.zeroGrad()
                if !indices.isEmpty {
                    // A share's mean gradient, weighted by the share's part of the batch, summed over
                    // the processes below, is the mean gradient of the whole batch.
                    let scale = communicator != nil && criterion.sizeAverage ? Scalar(Double(indices.count) / Double(batch.count)) : 1
                    // The inputs are data: no gradient with respect to them is needed.
                    model.backwardParameters(inputs, criterion.backward(output, targets), scale: scale)
                }
                if let communicator {
                    communicator.allreduceSum(optimizer.parameters.gradPointer, count: optimizer.parameters.count)
                }
                optimizer.step()
                lossSum += loss * Double(batch.count)
                counted += batch.count
                onIteration?(Iteration(epoch: epoch, batch: b + 1, batches: batches, loss: loss))
                let elapsed = Date.timeIntervalSinceReferenceDate - started
                reporter.batch(epoch: epoch, batch: b + 1, of: batches, runningLoss: lossSum / Double(counted),
                               samplesPerSecond: Double(counted) / Swift.max(elapsed, 1e-9), elapsed: elapsed)
            }
            if let communicator {
                for (pointer, count) in runningStatistics {
                    communicator.allreduceSum(pointer, count: count)
                    for i in 0..<count { pointer[i] /= Scalar(Double(size)) }
                }
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
    ///
    /// With a ``communicator`` this is collective: each process evaluates its consecutive share
    /// of `data` (``Communicator/shard(of:)``) and the sums are added across processes, so every
    /// process returns the result on all of `data`.
    public func evaluate<Data: Dataset>(_ data: Data) -> (loss: Double, accuracy: Double?)
    where Data.Scalar == Scalar, Data.Targets == Loss.Target {
        model.evaluate()
        var inputs = Tensor<Scalar>(), targets = Data.Targets()
        // The loss sum, correct count, and count of processes whose targets have no accuracy.
        var sums = [0.0, 0, 0]
        let share = communicator?.shard(of: 0..<data.count) ?? 0..<data.count
        let all = Array(0..<data.count)
        for start in stride(from: share.lowerBound, to: share.upperBound, by: batchSize) {
            let indices = all[start..<Swift.min(start + batchSize, share.upperBound)]
            data.fillBatch(indices, inputs: &inputs, targets: &targets)
            let output = model.forward(inputs)
            sums[0] += Double(criterion.forward(output, targets)) * Double(indices.count)
            if let c = targets.correctPredictions(output) { sums[1] += Double(c) } else { sums[2] = 1 }
        }
        if let communicator { communicator.allreduceSum(&sums, count: 3) }
        let n = Double(Swift.max(data.count, 1))
        return (sums[0] / n, sums[2] == 0 && data.count > 0 ? sums[1] / n : nil)
    }

    /// Checks that every process holds a model of the same shapes, then copies rank 0's
    /// parameters and running statistics to the others.
    private func startReplicas(_ communicator: any Communicator) throws {
        let shapes = communicator.allgather(model.parameterShapeSignature + " (\(optimizer.parameters.count) scalars optimized)")
        if let rank = shapes.firstIndex(where: { $0 != shapes[0] }) {
            throw DistributedTrainingError.modelMismatch(rank0: shapes[0], rank: rank, shapes: shapes[rank])
        }
        communicator.broadcastParameters(optimizer.parameters)
        for (pointer, count) in model.runningStatisticBuffers {
            communicator.broadcast(pointer, count: count, root: 0)
        }
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
