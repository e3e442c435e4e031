import CMPI
import Foundation
import NN
import WickCore

/// MPI's world communicator: every process `mpirun` started, as a `Communicator` for the
/// data-parallel `Trainer` and ``ShardedKNearestNeighborsClassifier`` (Open MPI; Torch7's
/// `torch-mpi` and Horovod's `hvd.init()`, `hvd.rank()`, `hvd.size()`).
///
/// ```swift
/// let mpi = MPICommunicator.world          // MPI_Init on first use
/// trainer.communicator = mpi               // data-parallel training
/// if mpi.rank == 0 { try model.save(to: file) }
/// mpi.finalize()                           // before the program ends
/// ```
/// Start the program with `mpirun -np N program` (Docs/Distributed.md). Without `mpirun` it is
/// a group of one process (MPI's singleton start). MPI is initialised with
/// `MPI_THREAD_FUNNELED`: only the thread that first touched ``world`` calls MPI (Wick's own
/// helper and OpenBLAS threads never do). An error inside MPI stops every process
/// (`MPI_ERRORS_ARE_FATAL`).
public final class MPICommunicator: Communicator, @unchecked Sendable {
    /// The world communicator, initialising MPI (`MPI_Init_thread`) on first use.
    public static let world = MPICommunicator()

    /// This process's number in `0..<size` (`MPI_Comm_rank`).
    public let rank: Int
    /// The number of processes (`MPI_Comm_size`).
    public let size: Int
    /// The host this process runs on (`MPI_Get_processor_name`).
    public let processorName: String
    private let comm: MPI_Comm
    /// A copy of the world communicator for ``run(_:)``'s agreement on stopping, so that its
    /// barrier can never be matched with a collective call of the program's.
    private let stopComm: MPI_Comm

    private init() {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            MPI_Init_thread(nil, nil, wick_mpi_thread_funneled(), &provided)
        }
        comm = wick_mpi_comm_world()
        var copy: MPI_Comm?
        MPI_Comm_dup(comm, &copy)
        stopComm = copy!
        var value: Int32 = 0
        MPI_Comm_rank(comm, &value)
        rank = Int(value)
        MPI_Comm_size(comm, &value)
        size = Int(value)
        var name = [CChar](repeating: 0, count: Int(MPI_MAX_PROCESSOR_NAME) + 1)
        var length: Int32 = 0
        MPI_Get_processor_name(&name, &length)
        processorName = String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `MPI_FLOAT` or `MPI_DOUBLE` for `Scalar`.
    private func datatype<Scalar: TensorScalar>(_: Scalar.Type) -> MPI_Datatype {
        Scalar.self == Float.self ? wick_mpi_float() : wick_mpi_double()
    }

    public func allreduceSum<Scalar: TensorScalar>(_ buffer: UnsafeMutablePointer<Scalar>, count: Int) {
        precondition(count <= Int(Int32.max), "MPICommunicator.allreduceSum: \(count) scalars exceed MPI's Int32 count")
        MPI_Allreduce(wick_mpi_in_place(), buffer, Int32(count), datatype(Scalar.self), wick_mpi_sum(), comm)
    }

    public func broadcast<Scalar: TensorScalar>(_ buffer: UnsafeMutablePointer<Scalar>, count: Int, root: Int) {
        precondition(count <= Int(Int32.max), "MPICommunicator.broadcast: \(count) scalars exceed MPI's Int32 count")
        MPI_Bcast(buffer, Int32(count), datatype(Scalar.self), Int32(root), comm)
    }

    public func allgather(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var lengths = [Int32](repeating: 0, count: size)
        var length = Int32(bytes.count)
        MPI_Allgather(&length, 1, wick_mpi_int32(), &lengths, 1, wick_mpi_int32(), comm)
        var offsets = [Int32](repeating: 0, count: size)
        for r in 1..<Swift.max(size, 1) { offsets[r] = offsets[r - 1] + lengths[r - 1] }
        var all = [UInt8](repeating: 0, count: Int(lengths.reduce(0, +)))
        bytes.withUnsafeBufferPointer { mine in
            _ = MPI_Allgatherv(mine.baseAddress, length, wick_mpi_byte(), &all, lengths, offsets, wick_mpi_byte(), comm)
        }
        return (0..<size).map { r in
            String(decoding: all[Int(offsets[r])..<Int(offsets[r] + lengths[r])], as: UTF8.self)
        }
    }

    /// Gathers `count` scalars from every process into `result` on every process, rank 0's first
    /// (`MPI_Allgather`): `result` holds `size · count` scalars.
    public func allgather<Scalar: TensorScalar>(_ buffer: UnsafePointer<Scalar>, count: Int, into result: UnsafeMutablePointer<Scalar>) {
        MPI_Allgather(buffer, Int32(count), datatype(Scalar.self), result, Int32(count), datatype(Scalar.self), comm)
    }

    /// The largest of `value` over all processes (`MPI_Allreduce` with `MPI_MAX`).
    public func allreduceMax(_ value: Double) -> Double {
        var result = value
        MPI_Allreduce(wick_mpi_in_place(), &result, 1, wick_mpi_double(), wick_mpi_max(), comm)
        return result
    }

    /// Waits until every process has called it (`MPI_Barrier`).
    public func barrier() {
        MPI_Barrier(comm)
    }

    /// Stops every process of the job at once with exit status `code` (`MPI_Abort`), after
    /// flushing standard output. For an error one process meets on its own (a bad file, a failed
    /// check), where the others would otherwise wait in a collective call forever.
    public func abort(code: Int32 = 1) -> Never {
        fflush(nil)  // every C stream, standard output included
        MPI_Abort(comm, code)
        exit(code)  // not reached: MPI_Abort ends the process
    }

    /// Ends MPI (`MPI_Finalize`); call it once, after the last collective call, on every process.
    public func finalize() {
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        if finalized == 0 { MPI_Finalize() }
    }

    /// Runs `body` with the world communicator, and ends MPI after it. An error `body` throws
    /// on any process is printed on standard error (`rank R of P: error: ...`) and ends the
    /// program with exit status 1, never leaving another process waiting:
    /// - when every process throws (as a data-parallel `Trainer` makes them do when any one
    ///   fails), they all meet within ``stopAgreementSeconds``, end MPI and exit, each having
    ///   printed its error;
    /// - otherwise the failing process stops every process of the job (``abort(code:)``) after
    ///   ``stopAgreementSeconds``.
    ///
    /// ```swift
    /// try MPICommunicator.run { mpi in
    ///     trainer.communicator = mpi
    ///     try trainer.fit(train, validation: test)
    /// }
    /// ```
    public static func run<Result>(_ body: (MPICommunicator) throws -> Result) -> Result {
        let mpi = world
        do {
            let result = try body(mpi)
            mpi.finalize()
            return result
        } catch {
            fflush(nil)
            FileHandle.standardError.write(Data("rank \(mpi.rank) of \(mpi.size): error: \(error)\n".utf8))
            if wick_mpi_barrier_within(mpi.stopComm, stopAgreementSeconds) != 0 {
                mpi.finalize()
                exit(1)
            }
            mpi.abort(code: 1)
        }
    }

    /// How long, in seconds, a process that failed in ``run(_:)`` waits for the others to fail
    /// too before it stops them all with `MPI_Abort` (2).
    public static let stopAgreementSeconds = 2.0
}
