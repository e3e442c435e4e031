/// A problem with the data given to a ClassicalML estimator, or with fitting it.
///
/// Misuse that no data can fix (a vector passed where a matrix is needed, `k = 0`) stops the
/// program through `wickPrecondition` instead; everything that depends on the data — a NaN in a
/// file, a test set with the wrong number of columns, a model that cannot be fitted — is thrown
/// as one of these cases, so that a caller can report it and carry on.
public enum ClassicalMLError: Error, Equatable, CustomStringConvertible {
    /// `argument` holds a NaN or an infinity at (`row`, `column`); for a vector `column` is 0.
    case nonFiniteValue(operation: String, argument: String, row: Int, column: Int)
    /// The samples (rows) of `x` and the targets `y` do not pair up.
    case sampleCountMismatch(operation: String, x: Int, y: Int)
    /// The data has `actual` features (columns) but the model was fitted with `expected`.
    case featureCountMismatch(operation: String, expected: Int, actual: Int)
    /// `k` nearest neighbours were asked for but only `samples` training samples exist.
    case tooManyNeighbors(operation: String, k: Int, samples: Int)
    /// More principal components were asked for than the data can have: at most
    /// min(`samples`, `features`).
    case tooManyComponents(requested: Int, samples: Int, features: Int)
    /// The operation needs at least `required` samples and got `available`.
    case tooFewSamples(operation: String, required: Int, available: Int)
    /// A classifier's training labels hold fewer than two distinct classes.
    case tooFewClasses(operation: String, found: Int)
    /// A class label is negative (labels are zero-based class indices) or, where the number of
    /// classes is known, not below it.
    case invalidLabel(operation: String, label: Int, index: Int)
    /// A value that ``OneHotEncoder/fit(_:)`` never saw.
    case unknownCategory(operation: String, value: Int, index: Int)
    /// The model was used before `fit` was called.
    case notFitted(estimator: String)
    /// `XᵀX` (+ `λI`) is singular or too close to it for a Cholesky solve; `column` is the first
    /// feature that is (numerically) a linear combination of the ones before it.
    case singularNormalEquations(operation: String, column: Int)
    /// An iterative fit produced a NaN or an infinity, usually because the learning rate is too
    /// large.
    case diverged(operation: String, iteration: Int)
    /// A metric has no value for these inputs (for example an ROC curve with a single class).
    case undefinedMetric(metric: String, reason: String)

    /// The error as a sentence, naming the operation and the values involved.
    public var description: String {
        switch self {
        case let .nonFiniteValue(operation, argument, row, column):
            return "\(operation): \(argument) holds a NaN or an infinity at row \(row), column \(column)."
        case let .sampleCountMismatch(operation, x, y):
            return "\(operation): x has \(x) samples (rows) but y has \(y); they must pair up one to one."
        case let .featureCountMismatch(operation, expected, actual):
            return "\(operation): the model was fitted on \(expected) features but x has \(actual) columns."
        case let .tooManyNeighbors(operation, k, samples):
            return "\(operation): k = \(k) neighbours were asked for but the training set has only \(samples) samples."
        case let .tooManyComponents(requested, samples, features):
            return "PCA.fit: \(requested) components were asked for but data with \(samples) samples and \(features) features has at most \(Swift.min(samples, features))."
        case let .tooFewSamples(operation, required, available):
            return "\(operation): needs at least \(required) samples but got \(available)."
        case let .tooFewClasses(operation, found):
            return "\(operation): the labels hold \(found) distinct class\(found == 1 ? "" : "es"); at least 2 are needed."
        case let .invalidLabel(operation, label, index):
            return "\(operation): label \(label) at index \(index) is not a valid zero-based class index."
        case let .unknownCategory(operation, value, index):
            return "\(operation): value \(value) at index \(index) is not one of the categories seen by fit."
        case let .notFitted(estimator):
            return "\(estimator): the model is not fitted yet; call fit before using it."
        case let .singularNormalEquations(operation, column):
            return "\(operation): the normal equations XᵀX are singular (feature \(column) is a linear combination of the features before it); use the least-squares solver or Ridge with a positive lambda."
        case let .diverged(operation, iteration):
            return "\(operation): the loss became NaN or infinite at iteration \(iteration); lower the learning rate or raise lambda."
        case let .undefinedMetric(metric, reason):
            return "\(metric): undefined because \(reason)."
        }
    }
}
