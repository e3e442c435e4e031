// The lecture's "least squares for classification": regress the one-hot target matrix on x and
// predict the class whose fitted output is largest. With two classes this is the same as fitting
// ±1 targets and thresholding at 0.
import Wick

/// A linear classifier fitted by least squares to one-hot targets.
struct LeastSquaresClassifier: Classifier {
    private var regression = LinearRegression<Double>()
    private var classCount = 0

    /// The weights: features x classes, one column per class's output.
    var coefficients: Tensor<Double> { regression.coefficients }
    /// The intercept of each class's output.
    var intercept: Tensor<Double> { regression.intercept }

    mutating func fit(_ x: Tensor<Double>, _ y: [Int]) throws {
        let targets = try oneHot(y, as: Double.self)
        classCount = targets.shape[1]
        try regression.fit(x, targets)
    }

    /// The fitted outputs, samples x classes: rows sum to 1 but are not probabilities (they can
    /// be negative or above 1).
    func outputs(_ x: Tensor<Double>) throws -> Tensor<Double> { try regression.predict(x) }

    func predict(_ x: Tensor<Double>) throws -> [Int] {
        let scores = try outputs(x)
        return scores.shape[0] == 0 ? [] : scores.argmax(alongDimension: 1)
    }
}
