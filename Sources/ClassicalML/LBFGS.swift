// Small smooth minimisers over a flat parameter vector, for the estimators fitted iteratively
// (LogisticRegression). ClassicalML does not depend on NN, so it carries its own L-BFGS.

/// The outcome of an iterative minimisation.
internal struct MinimizationResult<Scalar: TensorScalar> {
    /// The parameters reached.
    var parameters: [Scalar]
    /// The objective at `parameters`.
    var value: Scalar
    /// Iterations taken.
    var iterations: Int
    /// Whether the gradient tolerance was met.
    var converged: Bool
}

/// The objective: returns f(θ) and writes ∇f(θ) into the second argument (same count as θ).
internal typealias Objective<Scalar> = ([Scalar], inout [Scalar]) -> Scalar

@inline(__always)
private func dot<Scalar: TensorScalar>(_ a: [Scalar], _ b: [Scalar]) -> Scalar {
    var sum: Scalar = 0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

@inline(__always)
private func largestMagnitude<Scalar: TensorScalar>(_ a: [Scalar]) -> Scalar {
    a.reduce(0) { Swift.max($0, Swift.abs($1)) }
}

/// Limited-memory BFGS with a backtracking line search (Armijo sufficient decrease, halving the
/// step), stopping when the largest gradient component is at most `tolerance`, after
/// `maxIterations`, or when the line search finds no decrease (rounding has taken over).
///
/// The inverse Hessian is approximated from the last `memory` steps by the two-loop recursion,
/// scaled by `sᵀy / yᵀy` of the latest step. A pair with `sᵀy ≤ 0` (no positive curvature) is
/// not stored, so the direction always stays a descent direction on convex problems; if it is not
/// one, the history is dropped and the step falls back to steepest descent.
/// - Throws: ``ClassicalMLError/diverged(operation:iteration:)`` when the objective at the start
///   is not finite.
internal func minimizeLBFGS<Scalar: TensorScalar>(
    from start: [Scalar], memory: Int = 10, maxIterations: Int, tolerance: Scalar,
    operation: String, _ objective: Objective<Scalar>
) throws -> MinimizationResult<Scalar> {
    let n = start.count
    var x = start, gradient = [Scalar](repeating: 0, count: n)
    var value = objective(x, &gradient)
    if !value.isFinite { throw ClassicalMLError.diverged(operation: operation, iteration: 0) }
    var steps: [[Scalar]] = [], changes: [[Scalar]] = [], inverseCurvatures: [Scalar] = []
    var newX = x, newGradient = gradient
    var iteration = 0
    while iteration < maxIterations {
        if largestMagnitude(gradient) <= tolerance {
            return MinimizationResult(parameters: x, value: value, iterations: iteration, converged: true)
        }
        iteration += 1
        // Two-loop recursion: direction = −H·gradient.
        var direction = gradient.map { -$0 }
        var alphas = [Scalar](repeating: 0, count: steps.count)
        for i in stride(from: steps.count - 1, through: 0, by: -1) {
            alphas[i] = inverseCurvatures[i] * dot(steps[i], direction)
            for j in 0..<n { direction[j] -= alphas[i] * changes[i][j] }
        }
        if let s = steps.last, let y = changes.last {
            let scale = dot(s, y) / dot(y, y)
            for j in 0..<n { direction[j] *= scale }
        }
        for i in steps.indices {
            let beta = inverseCurvatures[i] * dot(changes[i], direction)
            for j in 0..<n { direction[j] += (alphas[i] - beta) * steps[i][j] }
        }
        var slope = dot(gradient, direction)
        if !(slope < 0) {
            steps.removeAll(); changes.removeAll(); inverseCurvatures.removeAll()
            direction = gradient.map { -$0 }
            slope = -dot(gradient, gradient)
        }
        // Without curvature information, take a first step of unit length.
        var stepLength: Scalar = steps.isEmpty ? Swift.min(1, 1 / dot(direction, direction).squareRoot()) : 1
        var accepted = false
        for _ in 0..<60 {
            for j in 0..<n { newX[j] = x[j] + stepLength * direction[j] }
            let newValue = objective(newX, &newGradient)
            if newValue.isFinite && newValue <= value + 1e-4 * stepLength * slope {
                let s = (0..<n).map { newX[$0] - x[$0] }
                let y = (0..<n).map { newGradient[$0] - gradient[$0] }
                let curvature = dot(s, y)
                if curvature > 0 {
                    if steps.count == memory {
                        steps.removeFirst(); changes.removeFirst(); inverseCurvatures.removeFirst()
                    }
                    steps.append(s); changes.append(y); inverseCurvatures.append(1 / curvature)
                }
                (x, gradient, value) = (newX, newGradient, newValue)
                accepted = true
                break
            }
            stepLength /= 2
        }
        if !accepted { break }
    }
    return MinimizationResult(parameters: x, value: value, iterations: iteration,
                              converged: largestMagnitude(gradient) <= tolerance)
}

/// Plain gradient descent `θ ← θ − learningRate·∇f(θ)`, stopping when the largest gradient
/// component is at most `tolerance`.
/// - Throws: ``ClassicalMLError/diverged(operation:iteration:)`` as soon as the objective
///   becomes NaN or infinite (the learning rate is too large).
internal func minimizeByGradientDescent<Scalar: TensorScalar>(
    from start: [Scalar], learningRate: Scalar, maxIterations: Int, tolerance: Scalar,
    operation: String, _ objective: Objective<Scalar>
) throws -> MinimizationResult<Scalar> {
    var x = start, gradient = [Scalar](repeating: 0, count: start.count)
    var value = objective(x, &gradient)
    var iteration = 0
    while true {
        if !value.isFinite || !gradient.allSatisfy({ $0.isFinite }) {
            throw ClassicalMLError.diverged(operation: operation, iteration: iteration)
        }
        if largestMagnitude(gradient) <= tolerance || iteration == maxIterations { break }
        iteration += 1
        for j in x.indices { x[j] -= learningRate * gradient[j] }
        value = objective(x, &gradient)
    }
    return MinimizationResult(parameters: x, value: value, iterations: iteration,
                              converged: largestMagnitude(gradient) <= tolerance)
}
