/// How the nearest-neighbour estimators measure the distance between two samples `a` and `b`.
public enum DistanceMetric: Sendable, Equatable, CaseIterable {
    /// Euclidean distance `‖a − b‖₂`.
    case l2
    /// Manhattan (city-block) distance `Σ|aⱼ − bⱼ|`.
    case l1
    /// Cosine distance `1 − a·b / (‖a‖‖b‖)`, between 0 and 2. A zero vector is at distance 1
    /// from everything.
    case cosine
}

/// How the neighbours found by a nearest-neighbour estimator are weighted.
public enum NeighborWeighting: Sendable, Equatable {
    /// Every neighbour counts the same.
    case uniform
    /// A neighbour counts in proportion to 1 / distance. If some neighbours are at distance
    /// zero, they alone count (equally), as in scikit-learn.
    case distance
}

/// The `k` nearest training samples of each query, nearest first.
public struct NearestNeighbors<Scalar: TensorScalar>: Sendable, Equatable {
    /// queries x k distances, ascending along each row.
    public var distances: Tensor<Scalar>
    /// The training-set row of each neighbour: one array of `k` indices per query.
    public var indices: [[Int]]

    /// Neighbours found elsewhere (a search sharded over processes): `distances` queries x k,
    /// ascending along each row, and `k` training-set rows per query.
    public init(distances: Tensor<Scalar>, indices: [[Int]]) {
        self.distances = distances
        self.indices = indices
    }
}

extension NeighborWeighting {
    /// The weight of each of a query's neighbours, given their distances.
    internal func weights<Scalar: TensorScalar>(_ distances: UnsafeBufferPointer<Scalar>) -> [Scalar] {
        switch self {
        case .uniform:
            return [Scalar](repeating: 1, count: distances.count)
        case .distance:
            if distances.contains(0) { return distances.map { $0 == 0 ? 1 : 0 } }
            return distances.map { 1 / $0 }
        }
    }
}
