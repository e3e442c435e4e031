/// A weighted sum of criteria, criterion `i` applied to entry `i` of a table input (Torch7's
/// `nn.ParallelCriterion`): `loss = Σᵢ weightᵢ · criterionᵢ(input[i], target[i])`.
///
/// The input is a table of tensors, one per criterion; the gradient is the table of the
/// criteria's gradients, each times its weight. The criteria share one target type, and the
/// targets come as an array, one per criterion; with `repeatTarget` (Torch7's option) the array
/// holds one target, given to every criterion. Unlike Torch7's, an entry cannot itself be a
/// table (a nested ParallelCriterion).
public final class ParallelCriterion<Scalar: TensorScalar, Target>: CustomStringConvertible {
    /// The loss from the last ``forward(_:_:)``.
    public private(set) var output: Scalar = 0
    /// The gradient from the last ``backward(_:_:)``: a table with one tensor per criterion.
    public private(set) var gradInput: Activation<Scalar> = .table([])
    /// Whether one target is given to every criterion.
    public let repeatTarget: Bool
    /// The criteria, in order, with their weights.
    public private(set) var criteria: [(criterion: any Criterion<Scalar, Target>, weight: Scalar)] = []

    /// An empty sum; fill it with ``add(_:weight:)``. With `repeatTarget` the targets are one
    /// target for all criteria.
    public init(repeatTarget: Bool = false) { self.repeatTarget = repeatTarget }

    /// Adds `criterion` with `weight` (1 by default) and returns the sum, so calls can be chained.
    @discardableResult
    public func add<C: Criterion>(_ criterion: C, weight: Scalar = 1) -> ParallelCriterion where C.Scalar == Scalar, C.Target == Target {
        criteria.append((criterion, weight))
        return self
    }

    /// The entries and each criterion's target, checked.
    private func pairs(_ input: Activation<Scalar>, _ targets: [Target]) -> [(Tensor<Scalar>, Target)] {
        wickPrecondition(!criteria.isEmpty, "nn.ParallelCriterion: has no criteria")
        let xs = input.tensors(for: "nn.ParallelCriterion")
        wickPrecondition(xs.count == criteria.count,
            "nn.ParallelCriterion: input \(input.kindDescription) has \(xs.count) entries for \(criteria.count) criteria")
        let expected = repeatTarget ? 1 : criteria.count
        wickPrecondition(targets.count == expected,
            "nn.ParallelCriterion: \(targets.count) targets for \(criteria.count) criteria\(repeatTarget ? " (repeatTarget: give one)" : "")")
        return xs.indices.map { (xs[$0], targets[repeatTarget ? 0 : $0]) }
    }

    /// The weighted sum of the criteria's losses on the entries of `input`.
    @discardableResult
    public func forward(_ input: Activation<Scalar>, _ targets: [Target]) -> Scalar {
        output = zip(criteria, pairs(input, targets)).reduce(0) { $0 + $1.0.weight * $1.0.criterion.updateOutput($1.1.0, $1.1.1) }
        return output
    }

    /// The gradient with respect to every entry of `input`, a table like it.
    public func backward(_ input: Activation<Scalar>, _ targets: [Target]) -> Activation<Scalar> {
        gradInput = Activation(zip(criteria, pairs(input, targets)).map { c, p in c.criterion.updateGradInput(p.0, p.1) * c.weight })
        return gradInput
    }

    /// `criterion(input, targets)` is `criterion.forward(input, targets)`.
    public func callAsFunction(_ input: Activation<Scalar>, _ targets: [Target]) -> Scalar { forward(input, targets) }

    public var description: String { "nn.ParallelCriterion" }
}
