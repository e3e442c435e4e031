// The L2-regularised logistic loss and its gradient, over a flat parameter vector
// θ = [W (features x outputs, row-major), b (outputs)].

/// The binary (sigmoid, one output) or multinomial (softmax, one output per class) logistic loss
///
///     L(W, b) = (1/n) Σᵢ −log p(yᵢ | xᵢ) + (λ/2) ‖W‖²
///
/// The intercept `b` is not penalised; without `fitIntercept` it stays at its start (zero) value
/// because its gradient is reported as zero.
internal struct LogisticLoss<Scalar: TensorScalar> {
    let x: Tensor<Scalar>
    let labels: [Int]
    /// 1 for the binary model (the output is the log-odds of class 1), else the class count.
    let outputs: Int
    let lambda: Scalar
    let fitIntercept: Bool

    var features: Int { x.shape[1] }
    var parameterCount: Int { features * outputs + outputs }

    /// `1 / (1 + e⁻ᶻ)` without overflow.
    @inline(__always)
    static func sigmoid(_ z: Scalar) -> Scalar {
        if z >= 0 { return 1 / (1 + Scalar.exp(-z)) }
        let e = Scalar.exp(z)
        return e / (1 + e)
    }

    /// `log(1 + eᶻ)` without overflow.
    @inline(__always)
    static func softplus(_ z: Scalar) -> Scalar {
        z > 0 ? z + Scalar.log(onePlus: Scalar.exp(-z)) : Scalar.log(onePlus: Scalar.exp(z))
    }

    /// Splits θ into the weight matrix and the intercepts.
    func unpack(_ theta: [Scalar]) -> (weights: Tensor<Scalar>, intercept: Tensor<Scalar>) {
        let split = features * outputs
        return (Tensor(shape: [features, outputs], scalars: Array(theta[0..<split])),
                Tensor(Array(theta[split...])))
    }

    /// The scores `x W + b`: samples x outputs.
    func scores(_ theta: [Scalar]) -> Tensor<Scalar> {
        let (weights, intercept) = unpack(theta)
        var z = matmul(x, weights)
        z.addRowVector(intercept)
        return z
    }

    /// The loss at θ; writes its gradient into `gradient`.
    func evaluate(_ theta: [Scalar], _ gradient: inout [Scalar]) -> Scalar {
        let n = x.shape[0], m = outputs
        let z = scores(theta)
        var residual = Tensor<Scalar>()  // ∂loss/∂z (times n)
        var total = 0.0  // the summed loss, in Double (for Float data too)
        if m == 1 {
            residual.resize(like: z)
            z.withUnsafeBufferPointer { z in
                residual.withUnsafeMutableBufferPointer { r in
                    for i in 0..<n {
                        let target: Scalar = labels[i] == 1 ? 1 : 0
                        total += Double(Self.softplus(z[i]) - target * z[i])
                        r[i] = Self.sigmoid(z[i]) - target
                    }
                }
            }
        } else {
            // −log p(yᵢ | xᵢ) = log Σ_c e^(z_ic) − z_iyᵢ; the residual is softmax(zᵢ) − onehot(yᵢ).
            z.withUnsafeBufferPointer { zp in
                residual.assignSoftMax(of: z) { i, logSum in total += Double(logSum - zp[i * m + labels[i]]) }
            }
            residual.withUnsafeMutableBufferPointer { r in
                for i in 0..<n { r[i * m + labels[i]] -= 1 }
            }
        }
        let scale = 1 / Scalar(Swift.max(n, 1))
        let (weights, _) = unpack(theta)
        // ∇W = Xᵀ R / n + λ W, ∇b = Σᵢ Rᵢ / n.
        var weightGradient = weights
        Tensor.matmul(x, residual, into: &weightGradient, transposeA: true, alpha: scale, beta: lambda)
        let split = features * m
        weightGradient.withUnsafeBufferPointer { g in
            for j in 0..<split { gradient[j] = g[j] }
        }
        let interceptGradient = fitIntercept ? residual.sum(alongDimension: 0) : .zeros(shape: [m])
        for c in 0..<m { gradient[split + c] = n == 0 ? 0 : interceptGradient[c] * scale }
        let penalty = weights.withUnsafeBufferPointer { w in w.reduce(0.0) { $0 + Double($1) * Double($1) } }
        return Scalar(total / Double(Swift.max(n, 1)) + Double(lambda) / 2 * penalty)
    }
}
