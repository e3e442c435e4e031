// Data-parallel training over MPI: every process holds a replica of the model, trains on its
// share of each batch, and the flat gradient is summed across processes with one allreduce per
// step (Horovod's and Torch7 distlearn's scheme; Docs/Distributed.md). Run it under mpirun:
//
//     scripts/mpirun.sh 2 .build/release/distributed-training
//
// It prints the same test accuracy as the single-process run (`distributed-training` alone, or
// under `mpirun -np 1`), with the throughput; `--measure-allreduce` times one allreduce of a
// 784-512-512-10 MLP's flat gradient against a memcpy of the same size.
import ArgumentParser
import Foundation
import SampleSupport
import Wick
import WickDistributed

@main
struct DistributedTraining: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distributed-training",
        abstract: "Train the digits MLP (or the fashion-cnn network) data-parallel on the processes mpirun starts.")

    enum DataSet: String, ExpressibleByArgument, CaseIterable {
        case digits, fashion
    }

    @OptionGroup var machine: MachineOptions

    @Option(help: "digits: the digits-mlp MLP on the bundled 8x8 digits; fashion: the fashion-cnn network on Fashion-MNIST.")
    var dataset = DataSet.digits
    @Option(help: "Training epochs (default 30 for digits, 5 for fashion).") var epochs: Int?
    @Option(help: "Global minibatch size, shared out over the processes (default 32 for digits, 64 for fashion).") var batchSize: Int?
    @Option(help: "Hidden units of the digits MLP.") var hidden = 64
    @Option(help: "Seed for initialisation and shuffling (the same on every process).") var seed: UInt64 = 1
    @Option(help: "digits: how many images train, drawn at random with the seed; the rest test.") var trainCount = 1400
    @Option(help: "fashion: use only the first N training images (default: all 60,000).") var trainLimit: Int?
    @Option(help: "fashion: use only the first N test images (default: all 10,000).") var testLimit: Int?
    @Option(help: "fashion: the directory holding the Fashion-MNIST files.")
    var dataDirectory = FashionMNIST.defaultDirectory.path
    @Option(help: "OpenBLAS threads per process (default: the cores divided by the processes on this host).")
    var blasThreads: Int?
    @Option(help: "Output folder for the trained model, written by rank 0 (default output/distributed-training).")
    var output: String?
    @Flag(help: "Time an allreduce of a 784-512-512-10 MLP's flat Float gradient against a memcpy of the same size, instead of training.")
    var measureAllreduce = false
    @Flag(help: "No progress bar and no per-epoch lines (the results are still printed).") var quiet = false

    func run() throws {
        // Every error on any process stops every process (MPI_Abort) after printing it.
        MPICommunicator.run { mpi in
            // Only rank 0 prints; the others' standard output is silenced below.
            if mpi.rank == 0 { machine.report() }
            let localProcesses = Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1
            BLAS.numThreads = blasThreads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / localProcesses)
            if measureAllreduce {
                measure(mpi)
            } else {
                try train(mpi)
            }
        }
    }

    func log(_ mpi: MPICommunicator, _ line: String) {
        if mpi.rank == 0 { print(line) }
    }

    func train(_ mpi: MPICommunicator) throws {
        let train: TensorDataset<Float, [Int]>, test: TensorDataset<Float, [Int]>, model: Sequential<Float>
        let optimizer: Adam<Float>
        switch dataset {
        case .digits:
            (train, test) = try shuffledDigits(seed: seed, trainCount: trainCount)
            manualSeed(seed)
            model = Sequential<Float> { Linear(64, hidden); ReLU(); Linear(hidden, 10) }
            optimizer = Adam(model.getParameters(), learningRate: 0.003)
        case .fashion:
            let directory = URL(fileURLWithPath: dataDirectory, isDirectory: true)
            let trainSet = try FashionMNIST.load(.train, as: Float.self, directory: directory, limit: trainLimit)
            let testSet = try FashionMNIST.load(.test, as: Float.self, directory: directory, limit: testLimit)
            train = TensorDataset(inputs: trainSet.images / 255, targets: trainSet.labels)
            test = TensorDataset(inputs: testSet.images / 255, targets: testSet.labels)
            manualSeed(seed)
            model = fashionCNN()
            optimizer = Adam(model.getParameters(), learningRate: 2e-3)
            optimizer.schedule = .step(every: (train.count + (batchSize ?? 64) - 1) / (batchSize ?? 64), factor: 0.7)
        }
        let epochs = self.epochs ?? (dataset == .digits ? 30 : 5)
        log(mpi, "\(dataset): \(train.count) training and \(test.count) test images; \(mpi.size) process\(mpi.size == 1 ? "" : "es")"
            + " (\(BLAS.numThreads) OpenBLAS thread\(BLAS.numThreads == 1 ? "" : "s") per process), \(model.getParameters().count) parameters")
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Float>(), optimizer: optimizer)
        trainer.batchSize = batchSize ?? (dataset == .digits ? 32 : 64)
        trainer.epochs = epochs
        trainer.generator = RandomGenerator(seed: seed)
        trainer.progress = quiet ? .quiet : .automatic   // shown by rank 0 only
        trainer.communicator = mpi
        let history = try trainer.fit(train, validation: test)
        let seconds = history.epochs.map(\.seconds).reduce(0, +)
        log(mpi, "trained \(epochs) epoch\(epochs == 1 ? "" : "s") of batches of \(trainer.batchSize) in \(fixed(seconds, 2)) s "
            + "(\(Int(Double(train.count * epochs) / max(seconds, 1e-9))) images/s over all processes)")
        log(mpi, "test accuracy: \(fixed(history.validationAccuracies.last ?? .nan)) (final train loss \(fixed(history.trainLosses.last ?? .nan)))")
        if mpi.rank == 0 {
            let file = try outputDirectory("distributed-training", override: output).appendingPathComponent("\(dataset).wick")
            try model.save(to: file)
            print("saved \(file.path)")
        }
    }

    /// The median time of an allreduce of the 784-512-512-10 MLP's flat gradient (in place, Float),
    /// and of a memcpy of the same number of bytes, 50 repeats each after 5 warm-up rounds.
    func measure(_ mpi: MPICommunicator) {
        let model = Sequential<Float> { Linear(784, 512); ReLU(); Linear(512, 512); ReLU(); Linear(512, 10) }
        let flat = model.getParameters()
        let bytes = flat.count * MemoryLayout<Float>.size
        let copy = UnsafeMutablePointer<Float>.allocate(capacity: flat.count)
        defer { copy.deallocate() }
        copy.initialize(repeating: 1, count: flat.count)
        func median(_ body: () -> Void) -> Double {
            var times: [Double] = []
            for round in 0..<55 {
                mpi.barrier()
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if round >= 5 { times.append(mpi.allreduceMax(elapsed)) }  // the slowest process's time
            }
            return times.sorted()[times.count / 2]
        }
        let allreduce = median { mpi.allreduceSum(flat.gradPointer, count: flat.count) }
        let memcpy = median { flat.gradPointer.update(from: copy, count: flat.count) }
        let p = Double(mpi.size)
        log(mpi, "flat gradient of 784-512-512-10: \(flat.count) Floats, \(fixed(Double(bytes) / 1e6, 2)) MB; \(mpi.size) process\(mpi.size == 1 ? "" : "es")")
        log(mpi, "allreduce (median of 50): \(fixed(allreduce * 1e3, 3)) ms, "
            + "bus bandwidth 2(p-1)/p·size/time = \(fixed(2 * (p - 1) / p * Double(bytes) / allreduce / 1e9, 2)) GB/s")
        log(mpi, "memcpy of the same size (median of 50): \(fixed(memcpy * 1e3, 3)) ms, \(fixed(Double(bytes) / memcpy / 1e9, 2)) GB/s")
        log(mpi, "allreduce / memcpy: \(fixed(allreduce / memcpy, 1))")
    }
}
