// What Tests/WickDistributedTests runs under `mpirun -np 2`; each check prints what the test
// reads, and exits with 1 when a comparison fails.
//
//   wick-distributed-check train double|float sgd|adam   2 ranks against 1 process: same weights
//   wick-distributed-check manual                        a loop of one's own (broadcastParameters,
//                                                        averageGradients) against 1 process
//   wick-distributed-check batchnorm                     running statistics equal on every rank
//   wick-distributed-check knn                           sharded k-NN against one process, digits
//   wick-distributed-check fail nan|file|mismatch        one rank fails: every rank stops
//   wick-distributed-check allocations [single]          allocations of a step, 2 ranks or 1
import CMallocCount
import Foundation
import Wick
import WickDistributed

let arguments = Array(CommandLine.arguments.dropFirst())
let mpi = MPICommunicator.world

/// The first 256 digits, pixels scaled to 0...1, and their labels.
func digits<Scalar: TensorScalar>(_: Scalar.Type, count: Int = 256) throws -> TensorDataset<Scalar, [Int]> {
    let (images, labels) = try Digits.load(as: Scalar.self)
    return TensorDataset(inputs: images[rows: 0..<count] / 16, targets: Array(labels[0..<count]))
}

func mlp<Scalar: TensorScalar>(_: Scalar.Type, hidden: Int = 16, seed: UInt64) -> Sequential<Scalar> {
    manualSeed(seed)
    return Sequential<Scalar> { Linear(64, hidden); Tanh(); Linear(hidden, 10) }
}

func trainer<Scalar: TensorScalar>(_ model: Sequential<Scalar>, _ optimizer: String) -> Trainer<Sequential<Scalar>, CrossEntropyCriterion<Scalar>> {
    let flat = model.getParameters()
    let step: any Optimizer<Scalar> = optimizer == "adam"
        ? Adam(flat, learningRate: 0.01) : SGD(flat, learningRate: 0.1, momentum: 0.9, dampening: 0)
    let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Scalar>(), optimizer: step)
    trainer.batchSize = 25       // shares of 12 and 13; the last batch of 6 gives 3 and 3
    trainer.epochs = 2           // 2 x 11 steps
    trainer.generator = RandomGenerator(seed: 7)
    trainer.progress = .quiet
    return trainer
}

/// The largest difference of `values` from rank 0's `values`, over all ranks.
func differenceFromRank0<Scalar: TensorScalar>(_ values: [Scalar]) -> Double {
    var rank0 = values
    rank0.withUnsafeMutableBufferPointer { mpi.broadcast($0.baseAddress!, count: $0.count, root: 0) }
    let mine = zip(values, rank0).map { abs(Double($0) - Double($1)) }.max() ?? 0
    return mpi.allreduceMax(mine)
}

/// Trains on 2 ranks, then (rank 0) the same model from the same seed on 1 process.
func compareTraining<Scalar: TensorScalar>(_: Scalar.Type, _ optimizer: String, tolerance: Double) throws -> Bool {
    let data = try digits(Scalar.self)
    // Rank 1 starts from other weights: the broadcast from rank 0 must replace them.
    let model = mlp(Scalar.self, seed: mpi.rank == 0 ? 3 : 99)
    let distributed = trainer(model, optimizer)
    distributed.communicator = mpi
    let history = try distributed.fit(data, validation: data)
    let weights = model.getParameters().values.scalars
    let replicas = differenceFromRank0(weights)
    guard mpi.rank == 0 else { return true }
    let reference = mlp(Scalar.self, seed: 3)
    let single = trainer(reference, optimizer)
    let singleHistory = try single.fit(data, validation: data)
    let difference = zip(weights, reference.getParameters().values.scalars).map { abs(Double($0) - Double($1)) }.max()!
    let lossDifference = abs(history.trainLosses.last! - singleHistory.trainLosses.last!)
    print("train \(Scalar.self) \(optimizer): \(data.count / 25 + 1) steps x 2 epochs, \(weights.count) weights")
    print("max |2 ranks - 1 process| = \(difference)")
    print("max |rank r - rank 0| = \(replicas)")
    print("final train loss: 2 ranks \(history.trainLosses.last!), 1 process \(singleHistory.trainLosses.last!)")
    print("validation accuracy: 2 ranks \(history.validationAccuracies.last!), 1 process \(singleHistory.validationAccuracies.last!)")
    return difference <= tolerance && replicas == 0 && lossDifference <= tolerance
        && history.validationAccuracies == singleHistory.validationAccuracies
}

/// A Torch7-style loop of one's own, without the Trainer: rank 0's weights broadcast, each rank
/// on its half of each batch of 32, gradients averaged, an SGD step with momentum; against one
/// process on the whole batches (Double).
func compareManualLoop() throws -> Bool {
    let data = try digits(Double.self)
    func train(_ model: Sequential<Double>, distributed: Bool) {
        let flat = model.getParameters()
        let optimizer = SGD(flat, learningRate: 0.1, momentum: 0.9, dampening: 0)
        let criterion = CrossEntropyCriterion<Double>()
        if distributed { mpi.broadcastParameters(flat) }
        for b in 0..<8 {
            let batch = (b * 32)..<((b + 1) * 32)
            let rows = distributed ? mpi.shard(of: batch) : batch
            let x = data.inputs[rows: rows], y = Array(data.targets[rows])
            optimizer.zeroGrad()
            let output = model.forward(x)
            _ = criterion.forward(output, y)
            model.backward(x, criterion.backward(output, y))
            if distributed { mpi.averageGradients(flat) }
            optimizer.step()
        }
    }
    let model = mlp(Double.self, seed: mpi.rank == 0 ? 3 : 99)
    train(model, distributed: true)
    let weights = model.getParameters().values.scalars
    let replicas = differenceFromRank0(weights)
    guard mpi.rank == 0 else { return true }
    let reference = mlp(Double.self, seed: 3)
    train(reference, distributed: false)
    let difference = zip(weights, reference.getParameters().values.scalars).map { abs($0 - $1) }.max()!
    print("manual loop: 8 steps, max |2 ranks - 1 process| = \(difference), max |rank r - rank 0| = \(replicas)")
    return difference <= 1e-10 && replicas == 0
}

/// A network with batch normalization: after training, every rank holds the same running
/// statistics and weights.
func checkBatchNormalization() throws -> Bool {
    let data = try digits(Double.self)
    manualSeed(5)
    let model = Sequential<Double> { Linear(64, 16); BatchNormalization(16); ReLU(); Linear(16, 10) }
    let t = trainer(model, "sgd")
    t.communicator = mpi
    try t.fit(data)
    var statistics: [Double] = []
    model.apply { if let bn = $0 as? BatchNormalization<Double> { statistics += bn.runningMean.scalars + bn.runningVar.scalars } }
    let statisticsDifference = differenceFromRank0(statistics)
    let weightsDifference = differenceFromRank0(model.getParameters().values.scalars)
    if mpi.rank == 0 {
        print("batchnorm: max |rank r - rank 0| running statistics \(statisticsDifference), weights \(weightsDifference)")
        print("batchnorm: running mean moved from 0: \(statistics.prefix(16).contains { $0 != 0 })")
    }
    return statisticsDifference == 0 && weightsDifference == 0 && statistics.prefix(16).contains { $0 != 0 }
}

/// The digits' first 1500 images as the training set, sharded over the ranks, against one
/// process on all of them; the other 297 are the queries.
func checkNeighbors() throws -> Bool {
    let (images, labels) = try Digits.load(as: Double.self)
    let train = images[rows: 0..<1500], trainLabels = Array(labels[0..<1500])
    let test = images[rows: 1500..<labels.count], testLabels = Array(labels[1500...])
    var same = true
    for (k, weighting) in [(3, NeighborWeighting.uniform), (8, .distance)] {
        let rows = mpi.shard(of: 0..<1500)
        var sharded = ShardedKNearestNeighborsClassifier<Double>(k: k, weighting: weighting, communicator: mpi)
        try sharded.fit(train[rows: rows], Array(trainLabels[rows]))
        let found = try sharded.kneighbors(test)
        let predicted = try sharded.predict(test)
        let accuracy = try sharded.score(test, testLabels)
        var single = KNearestNeighborsClassifier<Double>(k: k, weighting: weighting)
        try single.fit(train, trainLabels)
        let reference = try single.kneighbors(test), referencePredicted = try single.predict(test)
        let referenceAccuracy = try single.score(test, testLabels)
        let identical = found == reference && predicted == referencePredicted
        same = same && identical && accuracy == referenceAccuracy
        if mpi.rank == 0 {
            print("knn k=\(k) \(weighting): \(mpi.size) shards, \(test.shape[0]) queries, identical neighbours and predictions: \(identical), accuracy \(accuracy) (1 process \(referenceAccuracy))")
        }
    }
    return same
}

/// The world communicator, with the allocations made inside MPI's calls left out of the count
/// (Open MPI's allreduce algorithms allocate a scratch buffer on every call).
final class UncountedMPI: Communicator {
    var rank: Int { mpi.rank }
    var size: Int { mpi.size }
    func allreduceSum<Scalar: TensorScalar>(_ buffer: UnsafeMutablePointer<Scalar>, count: Int) {
        wick_malloc_pause(1)
        defer { wick_malloc_pause(0) }
        mpi.allreduceSum(buffer, count: count)
    }
    func broadcast<Scalar: TensorScalar>(_ buffer: UnsafeMutablePointer<Scalar>, count: Int, root: Int) {
        mpi.broadcast(buffer, count: count, root: root)
    }
    func allgather(_ text: String) -> [String] { mpi.allgather(text) }
}

/// The allocations of each training step after the first epoch, outside MPI's calls (Float, SGD
/// with momentum; the first epoch's steps make the buffers). Each epoch's last batch is smaller
/// (6 samples) and re-sizes the buffers, so only steps between full batches count.
func countAllocations(distributed: Bool) throws -> Bool {
    guard wick_malloc_counting() != 0 else {
        print("allocations: not counted: a sanitizer build replaces malloc")
        return true
    }
    let data = try digits(Float.self)
    let t = trainer(mlp(Float.self, seed: 1), "sgd")
    t.epochs = 3
    t.communicator = distributed ? UncountedMPI() : nil
    var counts: [Int] = [], batches: [Int] = []
    counts.reserveCapacity(64)
    batches.reserveCapacity(64)
    t.onIteration = { iteration in
        counts.append(wick_malloc_count())
        batches.append(iteration.epoch > 1 ? iteration.batch : 0)
    }
    try t.fit(data)
    let perStep = (1..<counts.count).filter { batches[$0] > 1 && batches[$0] < 11 }.map { counts[$0] - counts[$0 - 1] }
    print("rank \(mpi.rank): allocations per step after the first epoch: \(perStep.max() ?? -1) at most, over \(perStep.count) steps")
    return perStep.count == 18 && perStep.max() == 0
}

/// One rank fails; every rank must stop (the test measures how soon).
func fail(_ how: String) throws {
    var data = try digits(Double.self)
    let hidden = how == "mismatch" && mpi.rank == 1 ? 17 : 16
    if how == "nan" {
        // Sample 20 lies in rank 1's share of the first batch (samples 12..<25 of its order).
        var inputs = data.inputs
        inputs[20, 3] = .nan
        data = TensorDataset(inputs: inputs, targets: data.targets)
    }
    if how == "file" && mpi.rank == 1 {
        _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent/wick-distributed-check.wick"))
    }
    let model = mlp(Double.self, hidden: hidden, seed: 1)
    let t = trainer(model, "sgd")
    t.shuffle = how != "nan"
    t.communicator = mpi
    try t.fit(data)
    print("rank \(mpi.rank): trained without failing")
}

let passed: Bool = MPICommunicator.run { _ in
    switch (arguments.first, arguments.count) {
    case ("train", 3):
        let optimizer = arguments[2]
        return arguments[1] == "float"
            ? try compareTraining(Float.self, optimizer, tolerance: 1e-5)
            : try compareTraining(Double.self, optimizer, tolerance: 1e-10)
    case ("manual", 1): return try compareManualLoop()
    case ("batchnorm", 1): return try checkBatchNormalization()
    case ("knn", 1): return try checkNeighbors()
    case ("allocations", 1): return try countAllocations(distributed: true)
    case ("allocations", 2): return try countAllocations(distributed: false)
    case ("fail", 2):
        try fail(arguments[1])
        return true
    default:
        FileHandle.standardError.write(Data("usage: wick-distributed-check train double|float sgd|adam | manual | batchnorm | knn | fail nan|file|mismatch | allocations [single]\n".utf8))
        return false
    }
}
if mpi.rank == 0 { print(passed ? "PASSED" : "FAILED") }
exit(passed ? 0 : 1)
