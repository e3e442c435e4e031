/// The processes that train one model together, data-parallel: MPI's communicator as the
/// ``Trainer`` needs it (Horovod's and Torch7 `distlearn`'s scheme: one replica of the model per
/// process, one allreduce of the flat gradient per step).
///
/// `WickDistributed`'s `MPICommunicator` is the implementation over MPI; `NN` itself needs no MPI.
/// Every method is **collective**: every process of the group must call it, in the same order,
/// with the same `count` (a process that does not, waits forever in MPI, which is why a training
/// failure is agreed on by all processes before anyone stops; see ``Trainer/communicator``). An
/// error inside the MPI library stops every process (MPI's default `MPI_ERRORS_ARE_FATAL`).
public protocol Communicator: AnyObject {
    /// This process's number, 0 ..< ``size`` (MPI's rank); rank 0 prints and saves.
    var rank: Int { get }
    /// The number of processes in the group (MPI's size).
    var size: Int { get }
    /// Sums `count` scalars at `buffer` element-wise over all processes and leaves the sum in
    /// every process's `buffer`, in place (`MPI_Allreduce` with `MPI_SUM` and `MPI_IN_PLACE`).

    func allreduceSum<Scalar: TensorScalar>(_ buffer: UnsafeMutablePointer<Scalar>, count: Int)
    /// Copies `count` scalars at `buffer` in process `root` into `buffer` in every other process
    /// (`MPI_Bcast`).

    func broadcast<Scalar: TensorScalar>(_ buffer: UnsafeMutablePointer<Scalar>, count: Int, root: Int)
    /// Every process's `text`, in rank order (`MPI_Allgather` of the lengths, then `MPI_Allgatherv`).

    func allgather(_ text: String) -> [String]
}

extension Communicator {
    /// The part of `range` this process takes when `range` is cut into ``size`` consecutive
    /// parts whose lengths differ by at most one: `lower + rank·n/size ..< lower + (rank+1)·n/size`
    /// with `n = range.count` (a part is empty when `n` < ``size``).
    public func shard(of range: Range<Int>) -> Range<Int> {
        let n = range.count
        return (range.lowerBound + rank * n / size)..<(range.lowerBound + (rank + 1) * n / size)
    }
}

extension Communicator {
    /// Copies process `root`'s parameter values into every other process's (Horovod's
    /// `broadcast_parameters`, Torch7 `distlearn`'s `AllReduceSGD.synchronizeParameters`), so
    /// that the replicas start identical. Collective; every process passes parameters of the same
    /// ``FlatParameters/count``. A ``Trainer`` with a ``Trainer/communicator`` does this itself.
    public func broadcastParameters<Scalar: TensorScalar>(_ parameters: FlatParameters<Scalar>, root: Int = 0) {
        broadcast(parameters.valuePointer, count: parameters.count, root: root)
    }

    /// Replaces every process's gradient by the mean of all processes' gradients, in place: one
    /// allreduce of ``FlatParameters/count`` scalars, then a division by ``size`` (Torch7
    /// `distlearn`'s `AllReduceSGD.sumAndNormalizeGradients`; what Horovod's
    /// `DistributedOptimizer` does before each step). For a training loop of your own: call it
    /// after `backward` and before the optimizer's `step()`. The mean of the processes' mean
    /// gradients is the mean gradient of the whole batch when every process's share has the same
    /// size (the ``Trainer`` weights unequal shares itself). Collective.
    public func averageGradients<Scalar: TensorScalar>(_ parameters: FlatParameters<Scalar>) {
        let gradient = parameters.gradPointer, count = parameters.count
        allreduceSum(gradient, count: count)
        let scale = Scalar(1 / Double(size))
        for i in 0..<count { gradient[i] *= scale }
    }
}

/// Why the processes of a data-parallel ``Trainer`` cannot train together.
public enum DistributedTrainingError: Error, Equatable, CustomStringConvertible {
    /// The replicas' parameters differ in shape: the description of rank 0's parameter shapes and
    /// of the first rank whose shapes differ.
    case modelMismatch(rank0: String, rank: Int, shapes: String)
    /// Another process stopped training (its own error is printed by that process, and thrown
    /// there): 1-based epoch and batch, and the rank that failed first.
    case otherRankFailed(rank: Int, epoch: Int, batch: Int)

    /// A sentence naming what differs or who failed.
    public var description: String {
        switch self {
        case let .modelMismatch(rank0, rank, shapes):
            return "the model replicas differ: rank 0 has parameters \(rank0), rank \(rank) has \(shapes)"
        case let .otherRankFailed(rank, epoch, batch):
            return "rank \(rank) stopped training at epoch \(epoch), batch \(batch) (its error is printed by that rank)"
        }
    }
}

extension Module {
    /// The shapes of this model's parameters in order, as text (`[64x64, 64, 10x64, 10]`), to
    /// compare replicas.
    var parameterShapeSignature: String {
        "[" + parameters().map { formatShape($0.value.shape) }.joined(separator: ", ") + "]"
    }

    /// The running statistics of every batch normalization layer inside this model (running
    /// mean and variance), each with its length.
    var runningStatisticBuffers: [(pointer: UnsafeMutablePointer<Scalar>, count: Int)] {
        var buffers: [(UnsafeMutablePointer<Scalar>, Int)] = []
        apply { module in
            if let normalization = module as? BatchNormalization<Scalar> {
                buffers += normalization.runningStatisticBuffers.map { ($0, normalization.featureCount) }
            }
        }
        return buffers
    }
}
