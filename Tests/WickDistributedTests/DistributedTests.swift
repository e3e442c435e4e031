import Foundation
import XCTest

/// Runs Wick's MPI programs under `mpirun -np 2` on this machine (loopback) and checks what they
/// print and how they exit. The programs (wick-distributed-check, distributed-training) are
/// built next to this test bundle by `swift build --build-tests`; Open MPI's `mpirun` must be on
/// the PATH (`make deps-mpi` installs it). Every run has a time limit: a hang fails the test.
final class DistributedTests: XCTestCase {
    /// What one run printed, its exit status and how long it took.
    struct Run {
        var output: String, errors: String, status: Int32, seconds: Double
    }

    /// The time limit of one run; a run takes about a second here (debug build).
    static let timeLimit = 120.0

    /// Runs `program arguments` under `mpirun -np processes`, with this machine's settings (the
    /// same as scripts/mpirun.sh: root allowed, --oversubscribe, --bind-to none), or alone.
    func launch(_ program: String, _ arguments: [String], processes: Int? = 2,
                file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var executable = directory.appendingPathComponent(program)
        if !FileManager.default.fileExists(atPath: executable.path) {
            executable = directory.deletingLastPathComponent().appendingPathComponent(program)
        }
        let process = Process()
        if let processes {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            guard let mpirun = path.split(separator: ":").map({ "\($0)/mpirun" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                XCTFail("mpirun is not on the PATH: install Open MPI (make deps-mpi)", file: file, line: line)
                throw CocoaError(.executableNotLoadable)
            }
            process.executableURL = URL(fileURLWithPath: mpirun)
            process.arguments = ["-np", String(processes), "--oversubscribe", "--bind-to", "none", executable.path] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]) { $1 }
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wick-mpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        for url in [out, err] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        if done.wait(timeout: .now() + Self.timeLimit) == .timedOut {
            process.terminate()  // mpirun passes SIGTERM on to the processes it started
            _ = done.wait(timeout: .now() + 10)
            XCTFail("\(program) \(arguments) did not end within \(Self.timeLimit) s", file: file, line: line)
        }
        return Run(output: try String(contentsOf: out, encoding: .utf8), errors: try String(contentsOf: err, encoding: .utf8),
                   status: process.terminationStatus, seconds: Date().timeIntervalSince(start))
    }

    /// The number after `prefix` on the first line holding it.
    func number(after prefix: String, in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(prefix) }),
              let range = line.range(of: prefix) else { return nil }
        return Double(line[range.upperBound...].prefix { "0123456789.-+e".contains($0) })
    }

    /// 2 ranks train 22 steps of an MLP on digits (shares of 12 and 13 of each batch of 25, the
    /// last batch 3 and 3; rank 1 starting from other weights) and end with the weights of one
    /// process trained on the same batches, and with identical replicas.
    func checkTraining(_ scalar: String, _ optimizer: String, tolerance: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try launch("wick-distributed-check", ["train", scalar, optimizer])
        XCTAssertEqual(run.status, 0, run.output + run.errors, file: file, line: line)
        let difference = try XCTUnwrap(number(after: "max |2 ranks - 1 process| = ", in: run.output), run.output, file: file, line: line)
        XCTAssertLessThanOrEqual(difference, tolerance, file: file, line: line)
        XCTAssertEqual(number(after: "max |rank r - rank 0| = ", in: run.output), 0, run.output, file: file, line: line)
        XCTAssertTrue(run.output.contains("PASSED"), run.output, file: file, line: line)
    }

    func testDoubleSGDWithMomentumOnTwoRanksMatchesOneProcess() throws {
        try checkTraining("double", "sgd", tolerance: 1e-10)
    }

    func testDoubleAdamOnTwoRanksMatchesOneProcess() throws {
        try checkTraining("double", "adam", tolerance: 1e-10)
    }

    func testFloatSGDWithMomentumOnTwoRanksMatchesOneProcess() throws {
        try checkTraining("float", "sgd", tolerance: 1e-5)
    }

    func testFloatAdamOnTwoRanksMatchesOneProcess() throws {
        try checkTraining("float", "adam", tolerance: 1e-5)
    }

    /// A loop of one's own (Torch7 style, no Trainer) with `broadcastParameters` and
    /// `averageGradients` on 2 ranks, each on half of every batch of 32, gives one process's
    /// weights on the whole batches.
    func testManualLoopWithAveragedGradientsMatchesOneProcess() throws {
        let run = try launch("wick-distributed-check", ["manual"])
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        let difference = try XCTUnwrap(number(after: "max |2 ranks - 1 process| = ", in: run.output), run.output)
        XCTAssertLessThanOrEqual(difference, 1e-10)
        XCTAssertTrue(run.output.contains("max |rank r - rank 0| = 0.0"), run.output)
    }

    /// Batch normalization's running statistics are averaged at the end of each epoch: every rank
    /// ends with the same statistics (moved from their start) and weights.
    func testBatchNormalizationStatisticsAgreeAcrossRanks() throws {
        let run = try launch("wick-distributed-check", ["batchnorm"])
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("batchnorm: max |rank r - rank 0| running statistics 0.0, weights 0.0"), run.output)
        XCTAssertTrue(run.output.contains("running mean moved from 0: true"), run.output)
    }

    /// The digits' 1500 training images in 2 shards give the neighbours, distances, predictions
    /// and accuracy of one process on all of them (k = 3 uniform; k = 8 distance-weighted).
    func testShardedNeighborsMatchOneProcessOnDigits() throws {
        let run = try launch("wick-distributed-check", ["knn"])
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("knn k=3 uniform: 2 shards, 297 queries, identical neighbours and predictions: true, accuracy 0.9595959595959596 (1 process 0.9595959595959596)"), run.output)
        XCTAssertTrue(run.output.contains("knn k=8 distance: 2 shards, 297 queries, identical neighbours and predictions: true"), run.output)
    }

    /// Runs `wick-distributed-check fail how`, in which one rank fails, and asserts that the job
    /// ended with a non-zero status, well within the time limit, and that no rank trained on.
    func launchFailing(_ how: String, file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let run = try launch("wick-distributed-check", ["fail", how], file: file, line: line)
        XCTAssertNotEqual(run.status, 0, file: file, line: line)
        XCTAssertLessThan(run.seconds, 30, file: file, line: line)
        XCTAssertFalse(run.output.contains("trained without failing"), run.output, file: file, line: line)
        return run
    }

    /// A NaN in rank 1's share of the first batch: both ranks stop at that batch, rank 1 with the
    /// data error, rank 0 naming rank 1; the job exits non-zero, well within the time limit.
    func testNaNLossOnOneRankStopsBothRanks() throws {
        let run = try launchFailing("nan")
        XCTAssertTrue(run.errors.contains("rank 1 of 2: error: the loss is not finite at epoch 1, batch 1: the input of sample 20 holds NaN"), run.errors)
        XCTAssertTrue(run.errors.contains("rank 0 of 2: error: rank 1 stopped training at epoch 1, batch 1"), run.errors)
    }

    /// Rank 1 fails to read a file while rank 0 waits in training's first collective call: MPI_Abort
    /// stops rank 0 too.
    func testRankThrowingOutsideTrainingStopsTheOther() throws {
        let run = try launchFailing("file")
        XCTAssertTrue(run.errors.contains("rank 1 of 2: error:") && run.errors.contains("nonexistent/wick-distributed-check.wick"), run.errors)
    }

    /// Models of different shapes on the two ranks: both stop at the start, naming both shapes.
    func testModelMismatchIsDetectedAtStartNamingBothShapes() throws {
        let run = try launchFailing("mismatch")
        XCTAssertTrue(run.errors.contains("the model replicas differ: rank 0 has parameters [16x64, 16, 10x16, 10] (1210 scalars optimized), "
                                          + "rank 1 has [17x64, 17, 10x17, 10] (1285 scalars optimized)"), run.errors)
    }

    /// The sample on 2 processes prints the accuracy of the single-process run (no mpirun).
    func testDistributedTrainingSampleMatchesSingleProcess() throws {
        let output = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let arguments = ["--epochs", "3", "--quiet", "--output", output]
        let two = try launch("distributed-training", arguments)
        let one = try launch("distributed-training", arguments, processes: nil)
        XCTAssertEqual(two.status, 0, two.output + two.errors)
        XCTAssertEqual(one.status, 0, one.output + one.errors)
        XCTAssertTrue(two.output.contains("2 processes (1 OpenBLAS thread per process)"), two.output)
        let accuracy = try XCTUnwrap(number(after: "test accuracy: ", in: two.output), two.output)
        XCTAssertEqual(accuracy, try XCTUnwrap(number(after: "test accuracy: ", in: one.output), one.output))
        XCTAssertGreaterThan(accuracy, 0.85)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/digits.wick"))
    }

    /// `--measure-allreduce` times the allreduce and the memcpy of the 784-512-512-10 gradient.
    func testAllreduceMeasurementPrintsBothTimes() throws {
        let run = try launch("distributed-training", ["--measure-allreduce"])
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("flat gradient of 784-512-512-10: 669706 Floats, 2.68 MB; 2 processes"), run.output)
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "allreduce (median of 50): ", in: run.output)), 0)
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "memcpy of the same size (median of 50): ", in: run.output)), 0)
    }

    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wick-distributed-\(UUID().uuidString)").path
    }
}
