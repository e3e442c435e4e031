// Input checks shared by every estimator. Shape misuse (a vector where a matrix belongs) traps with
// wickPrecondition; problems that depend on the data are thrown as ClassicalMLError.

/// Traps unless `x` is a matrix (samples x features).
internal func requireMatrix<Scalar>(_ x: Tensor<Scalar>, _ operation: String, _ name: String = "x") {
    wickPrecondition(x.rank == 2,
        "\(operation): \(name) must be a matrix (samples x features), got shape \(formatShape(x.shape))")
}

/// Traps unless `y` is a vector (one target per sample) or a matrix (a column per output).
internal func requireTargetShape<Scalar>(_ y: Tensor<Scalar>, _ operation: String) {
    wickPrecondition(y.rank == 1 || y.rank == 2,
        "\(operation): y must be a vector or a matrix (samples x outputs), got shape \(formatShape(y.shape))")
}

/// Throws unless `x` and `y` have the same number of samples.
internal func requireSameSampleCount(_ x: Int, _ y: Int, _ operation: String) throws {
    if x != y { throw ClassicalMLError.sampleCountMismatch(operation: operation, x: x, y: y) }
}

/// Throws unless `x` has `expected` columns.
internal func requireFeatureCount<Scalar>(_ x: Tensor<Scalar>, _ expected: Int, _ operation: String) throws {
    requireMatrix(x, operation)
    if x.shape[1] != expected {
        throw ClassicalMLError.featureCountMismatch(operation: operation, expected: expected, actual: x.shape[1])
    }
}

/// Throws ``ClassicalMLError/nonFiniteValue(operation:argument:row:column:)`` for the first NaN or
/// infinity in `t`, naming its row and column (column 0 for a vector).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func requireFinite<Scalar: TensorScalar>(_ t: Tensor<Scalar>, _ operation: String, _ argument: String) throws {
    let firstBad: Int? = t.withUnsafeBufferPointer { p in
        // A branch-free pass first (it vectorises); the position is looked up only on failure.
        var bad: UInt8 = 0
        for value in p { bad |= Swift.abs(value) <= Scalar.greatestFiniteMagnitude ? 0 : 1 }
        if bad == 0 { return nil }
        return p.firstIndex { !$0.isFinite }
    }
    guard let index = firstBad else { return }
    let columns = t.rank >= 2 ? Swift.max(t.shape[1...].reduce(1, *), 1) : 1
    throw ClassicalMLError.nonFiniteValue(operation: operation, argument: argument,
                                          row: index / columns, column: index % columns)
}

/// Throws unless every label is a valid zero-based class index (below `classCount` when given).
internal func requireValidLabels(_ labels: [Int], classCount: Int? = nil, _ operation: String) throws {
    for (i, label) in labels.enumerated() where label < 0 || (classCount.map { label >= $0 } ?? false) {
        throw ClassicalMLError.invalidLabel(operation: operation, label: label, index: i)
    }
}

/// The checks every supervised `fit` starts with: `x` a finite matrix, `y` finite targets with
/// one row per sample.
///
/// A caller that forms `XᵀX` anyway can pass `checkingX: false` and call
/// ``requireFiniteGram(_:of:_:)`` afterwards instead, saving a pass over `x`.
internal func validateRegressionData<Scalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, _ operation: String,
                                             checkingX: Bool = true) throws {
    requireMatrix(x, operation)
    requireTargetShape(y, operation)
    try requireSameSampleCount(x.shape[0], y.shape[0], operation)
    if checkingX { try requireFinite(x, operation, "x") }
    try requireFinite(y, operation, "y")
}

/// Throws the non-finite-value error of `x` when its (centred or not) Gram matrix `gram` has a
/// non-finite diagonal.
///
/// A NaN or an infinity anywhere in a column of `x` makes that column's squared norm NaN or
/// infinite (centred too: the mean is then non-finite as well), so a finite diagonal proves `x`
/// finite without a separate pass; only when it is not is `x` searched for the culprit. (Finite
/// values too large to square also give an infinite diagonal; then nothing is thrown here.)
internal func requireFiniteGram<Scalar: TensorScalar>(_ gram: Tensor<Scalar>, of x: Tensor<Scalar>, _ operation: String) throws {
    let p = gram.shape[0]
    let finite = gram.withUnsafeBufferPointer { g in (0..<p).allSatisfy { g[$0 * p + $0].isFinite } }
    if !finite { try requireFinite(x, operation, "x") }
}

/// The checks every classifier's `fit` starts with: `x` a finite matrix, one valid label per
/// sample.
internal func validateClassificationData<Scalar>(_ x: Tensor<Scalar>, _ labels: [Int], _ operation: String) throws {
    requireMatrix(x, operation)
    try requireSameSampleCount(x.shape[0], labels.count, operation)
    try requireFinite(x, operation, "x")
    try requireValidLabels(labels, operation)
}
