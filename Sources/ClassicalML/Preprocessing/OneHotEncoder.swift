/// The one-hot matrix of zero-based class labels: row `i` is all zeros except a 1 in column
/// `labels[i]`. This is the target matrix of the "least squares for multiple classes" slide.
///
/// - Parameters:
///   - labels: the 0-based class of each row.
///   - classCount: the number of columns; by default the largest label plus one.
///   - type: the scalar type of the result.
/// - Throws: ``ClassicalMLError/invalidLabel(operation:label:index:)`` for a negative label or
///   one not below `classCount`.
public func oneHot<Scalar: TensorScalar>(_ labels: [Int], classCount: Int? = nil, as type: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
    try requireValidLabels(labels, classCount: classCount, "oneHot")
    let classes = classCount ?? ((labels.max() ?? -1) + 1)
    var result = Tensor<Scalar>.zeros(shape: [labels.count, classes])
    for (i, label) in labels.enumerated() { result[i, label] = 1 }
    return result
}

/// One-hot encoding of integer categories that need not be 0, 1, 2…: `fit` learns the distinct
/// values, and each becomes a column, in increasing order of value.
///
/// ```swift
/// var encoder = OneHotEncoder()
/// try encoder.fit([10, 30, 20, 10])          // categories [10, 20, 30]
/// let encoded: Tensor<Double> = try encoder.transform([30, 10])   // [[0, 0, 1], [1, 0, 0]]
/// ```
public struct OneHotEncoder: Sendable, Equatable {
    /// The distinct values seen by ``fit(_:)``, increasing: column `j` stands for `categories[j]`.
    public private(set) var categories: [Int] = []
    /// Whether ``fit(_:)`` has succeeded.
    public private(set) var isFitted = false
    private var columnOf: [Int: Int] = [:]

    /// An encoder to be fitted.
    public init() {}

    /// Learns the categories from `values`.
    ///
    /// - Throws: ``ClassicalMLError/tooFewSamples(operation:required:available:)`` for no values.
    public mutating func fit(_ values: [Int]) throws {
        if values.isEmpty { throw ClassicalMLError.tooFewSamples(operation: "OneHotEncoder.fit", required: 1, available: 0) }
        categories = Array(Set(values)).sorted()
        columnOf = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        isFitted = true
    }

    /// The one-hot rows of `values`: values.count x categories.count.
    ///
    /// - Throws: ``ClassicalMLError/unknownCategory(operation:value:index:)`` for a value not
    ///   seen by ``fit(_:)``, and a not-fitted error before it.
    public func transform<Scalar: TensorScalar>(_ values: [Int], as type: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "OneHotEncoder") }
        var result = Tensor<Scalar>.zeros(shape: [values.count, categories.count])
        for (i, value) in values.enumerated() {
            guard let column = columnOf[value] else {
                throw ClassicalMLError.unknownCategory(operation: "OneHotEncoder.transform", value: value, index: i)
            }
            result[i, column] = 1
        }
        return result
    }

    /// The category of each row of `encoded`: the one whose column holds the row's largest value
    /// (the first on a tie), so scores or probabilities decode too.
    public func inverseTransform<Scalar: TensorScalar>(_ encoded: Tensor<Scalar>) throws -> [Int] {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "OneHotEncoder") }
        try requireFeatureCount(encoded, categories.count, "OneHotEncoder.inverseTransform")
        if encoded.shape[0] == 0 { return [] }
        return encoded.argmax(alongDimension: 1).map { categories[$0] }
    }
}
