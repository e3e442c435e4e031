// The arithmetic that BatchNormalization (N x D) and SpatialBatchNormalization (N x C x H x W)
// share, so that each layer reads like its equations. Both see their input as N x C x S: channel
// c is the m = N·S values x[n][c][s] (S = 1 for N x D, S = H·W for images), and everything is
// per channel:
//
//   training:    μ = Σx / m,  σ² = Σ(x − μ)² / m                  (the batch's, biased)
//                runningMean ← (1 − momentum)·runningMean + momentum·μ
//                runningVar  ← (1 − momentum)·runningVar  + momentum·σ²·m/(m − 1)   (unbiased)
//   evaluation:  μ = runningMean, σ² = runningVar
//   both:        x̂ = (x − μ)·invstd with invstd = 1/√(σ² + ε);   y = γ·x̂ + β
//
// Backward (Torch7's THNN BatchNormalization_backward), with Σg and Σ(x − μ)g over the channel:
//   training:    dx = (g − Σg/m − (x − μ)·Σ(x − μ)g·invstd²/m)·invstd·γ   (through μ and σ² too)
//   evaluation:  dx = g·invstd·γ                                        (a fixed affine map)
//   both:        dγ += scale·Σ(x − μ)g·invstd,   dβ += scale·Σg
//
// Channel sums are accumulated in Double whatever the scalar type: a sum over N·H·W Floats loses
// digits that the variance needs.

/// How batch normalization sees an input: `batch x channels x plane`, with `plane` the number of
/// values of one channel in one sample (1 for `N x D`, `H·W` for `N x C x H x W`).
struct ChannelLayout {
    let batch: Int, channels: Int, plane: Int

    /// The number of values that make up one channel's statistics.
    var valuesPerChannel: Int { batch * plane }
}

/// The per-channel state and loops of batch normalization: the running statistics, the mean and
/// 1/√(σ² + ε) the last forward used, and scratch space, all allocated once (a training step
/// allocates nothing). Owned by one layer, never shared.
final class BatchNormalizer<Scalar: TensorScalar> {
    let channels: Int, eps: Double, momentum: Double
    /// The running estimates of each channel's mean and (unbiased) variance.
    let runningMean: UnsafeMutablePointer<Scalar>, runningVar: UnsafeMutablePointer<Scalar>
    /// μ and invstd = 1/√(σ² + ε) of each channel in the last forward: the batch's in training,
    /// the running ones in evaluation.
    let mean: UnsafeMutablePointer<Double>, invstd: UnsafeMutablePointer<Double>
    /// Whether the last forward normalised with the batch statistics (its backward then runs
    /// through them) or with the running ones.
    private(set) var usedBatchStatistics = false
    // Scratch: channel sums, and per-channel coefficients in the scalar type for the element loops.
    private let sumA: UnsafeMutablePointer<Double>, sumB: UnsafeMutablePointer<Double>
    private let coefficients: UnsafeMutablePointer<Scalar>
    private var center: UnsafeMutablePointer<Scalar> { coefficients }
    private var gain: UnsafeMutablePointer<Scalar> { coefficients + channels }
    private var offset: UnsafeMutablePointer<Scalar> { coefficients + 2 * channels }
    private var slope: UnsafeMutablePointer<Scalar> { coefficients + 3 * channels }

    /// Running mean 0 and variance 1, as in Torch7.
    init(channels: Int, eps: Double, momentum: Double) {
        (self.channels, self.eps, self.momentum) = (channels, eps, momentum)
        runningMean = .allocate(capacity: channels)
        runningVar = .allocate(capacity: channels)
        mean = .allocate(capacity: channels)
        invstd = .allocate(capacity: channels)
        sumA = .allocate(capacity: channels)
        sumB = .allocate(capacity: channels)
        coefficients = .allocate(capacity: 4 * channels)
        for p in [mean, invstd, sumA, sumB] { p.initialize(repeating: 0, count: channels) }
        coefficients.initialize(repeating: 0, count: 4 * channels)
        runningMean.initialize(repeating: 0, count: channels)
        runningVar.initialize(repeating: 1, count: channels)
    }

    deinit {
        for p in [runningMean, runningVar, coefficients] { p.deallocate() }
        for p in [mean, invstd, sumA, sumB] { p.deallocate() }
    }

    /// Running mean 0 and variance 1 again.
    func resetRunningStatistics() {
        runningMean.update(repeating: 0, count: channels)
        runningVar.update(repeating: 1, count: channels)
    }

    /// A copy of `values` (one per channel) as a tensor.
    func tensor(_ values: UnsafeMutablePointer<Scalar>) -> Tensor<Scalar> {
        Tensor(shape: [channels], scalars: Array(UnsafeBufferPointer(start: values, count: channels)))
    }

    /// Copies `t`, which must hold one value per channel, into `values`.
    func set(_ values: UnsafeMutablePointer<Scalar>, to t: Tensor<Scalar>, _ what: String, _ owner: String) {
        wickPrecondition(t.shape == [channels], "\(owner): \(what) must have shape \(channels), got \(formatShape(t.shape))")
        t.withUnsafeBufferPointer { values.update(from: $0.baseAddress!, count: channels) }
    }

    // MARK: Forward

    /// μ and invstd of the batch `x`, and the running statistics moved towards them.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func measureBatch(_ x: UnsafePointer<Scalar>, _ layout: ChannelLayout) {
        let m = Double(layout.valuesPerChannel)
        sums(layout, into: sumA) { i, _ in Double(x[i]) }
        for c in 0..<channels { mean[c] = sumA[c] / m }
        // Two passes, as Torch7: the centred sum of squares, not Σx² − mμ², which cancels.
        sums(layout, into: sumB) { i, mu in
            let d = Double(x[i]) - mu
            return d * d
        }
        for c in 0..<channels {
            let squares = sumB[c]
            invstd[c] = squares == 0 && eps == 0 ? 0 : 1 / (squares / m + eps).squareRoot()
            runningMean[c] = Scalar(momentum * mean[c] + (1 - momentum) * Double(runningMean[c]))
            runningVar[c] = Scalar(momentum * squares / (m - 1) + (1 - momentum) * Double(runningVar[c]))
        }
        usedBatchStatistics = true
    }

    /// μ and invstd from the running statistics (evaluation mode).
    func recallRunningStatistics() {
        for c in 0..<channels {
            mean[c] = Double(runningMean[c])
            invstd[c] = 1 / (Double(runningVar[c]) + eps).squareRoot()
        }
        usedBatchStatistics = false
    }

    /// `y = (x − μ)·invstd·γ + β` with the μ and invstd of the last measure or recall (γ = 1 and
    /// β = 0 when `weight` and `bias` are nil).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func normalize(_ x: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, _ layout: ChannelLayout,
                   weight: UnsafePointer<Scalar>?, bias: UnsafePointer<Scalar>?) {
        for c in 0..<channels {
            center[c] = Scalar(mean[c])
            gain[c] = Scalar(invstd[c] * Double(weight?[c] ?? 1))
            offset[c] = bias?[c] ?? 0
        }
        forEachValue(layout) { i, mu, k, b, _ in y[i] = (x[i] - mu) * k + b }
    }

    // MARK: Backward

    /// The gradients of the last forward: `dx` (if asked for) and `scale` times the weight and
    /// bias gradients added into `gradWeight` and `gradBias` (if given).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func backward(_ x: UnsafePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ layout: ChannelLayout,
                  weight: UnsafePointer<Scalar>?, dx: UnsafeMutablePointer<Scalar>?,
                  gradWeight: UnsafeMutablePointer<Scalar>?, gradBias: UnsafeMutablePointer<Scalar>?, scale: Scalar) {
        // Σg and Σ(x − μ)g per channel; the input gradient in evaluation mode needs neither.
        let needsSums = gradWeight != nil || gradBias != nil || (dx != nil && usedBatchStatistics)
        if needsSums {
            sums(layout, into: sumA) { i, _ in Double(g[i]) }
            sums(layout, into: sumB) { i, mu in (Double(x[i]) - mu) * Double(g[i]) }
        }
        if let dx {
            let m = Double(layout.valuesPerChannel)
            for c in 0..<channels {
                center[c] = Scalar(mean[c])
                gain[c] = Scalar(invstd[c] * Double(weight?[c] ?? 1))
                if usedBatchStatistics {
                    offset[c] = Scalar(sumA[c] / m)                            // the mean of g
                    slope[c] = Scalar(sumB[c] * invstd[c] * invstd[c] / m)     // g's projection on x̂, over σ
                }
            }
            if usedBatchStatistics {
                forEachValue(layout) { i, mu, k, gMean, p in dx[i] = ((g[i] - gMean) - (x[i] - mu) * p) * k }
            } else {
                forEachValue(layout) { i, _, k, _, _ in dx[i] = g[i] * k }
            }
        }
        if let gradWeight {
            for c in 0..<channels { gradWeight[c] += scale * Scalar(sumB[c] * invstd[c]) }
        }
        if let gradBias {
            for c in 0..<channels { gradBias[c] += scale * Scalar(sumA[c]) }
        }
    }

    // MARK: Loops

    /// `sums[c] = Σ term(i, μ_c)` over the indices `i` of each channel `c`, in Double.
    @inline(__always)
    private func sums(_ layout: ChannelLayout, into sums: UnsafeMutablePointer<Double>, _ term: (Int, Double) -> Double) {
        let (n, channels, plane) = (layout.batch, layout.channels, layout.plane)
        let mean = self.mean
        sums.update(repeating: 0, count: channels)
        if plane == 1 {  // N x D: a row holds one value of every channel
            for row in 0..<n {
                let start = row * channels
                for c in 0..<channels { sums[c] += term(start &+ c, mean[c]) }  // &+: no overflow check, so it vectorizes
            }
        } else {  // N x C x S: one sample's channel is a contiguous plane
            for sample in 0..<n {
                for c in 0..<channels {
                    let mu = mean[c], start = (sample * channels + c) * plane, end = start + plane
                    // Four running sums, not one: independent additions keep the pipeline full.
                    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
                    var i = start
                    while i + 4 <= end {
                        s0 += term(i, mu); s1 += term(i &+ 1, mu); s2 += term(i &+ 2, mu); s3 += term(i &+ 3, mu)
                        i &+= 4
                    }
                    while i < end { s0 += term(i, mu); i += 1 }
                    sums[c] += (s0 + s1) + (s2 + s3)
                }
            }
        }
    }

    /// Calls `body(i, center, gain, offset, slope)` for every index `i`, in memory order, with the
    /// coefficients of its channel.
    @inline(__always)
    private func forEachValue(_ layout: ChannelLayout, _ body: (Int, Scalar, Scalar, Scalar, Scalar) -> Void) {
        let (n, channels, plane) = (layout.batch, layout.channels, layout.plane)
        let (center, gain, offset, slope) = (self.center, self.gain, self.offset, self.slope)
        if plane == 1 {
            for row in 0..<n {
                let start = row * channels
                for c in 0..<channels { body(start &+ c, center[c], gain[c], offset[c], slope[c]) }  // &+: as in sums
            }
        } else {
            for sample in 0..<n {
                for c in 0..<channels {
                    let (mu, k, b, p) = (center[c], gain[c], offset[c], slope[c])
                    let start = (sample * channels + c) * plane
                    for i in start..<(start + plane) { body(i, mu, k, b, p) }
                }
            }
        }
    }
}

// MARK: Checks and records shared by the two layers

/// Stops unless the constructor arguments make sense: a positive size, ε ≥ 0, momentum in [0, 1].
func checkBatchNormalizationArguments(_ name: String, _ count: Int, _ eps: Double, _ momentum: Double) {
    wickPrecondition(count > 0, "\(name): the number of features must be positive, got \(count)")
    wickPrecondition(eps >= 0 && eps.isFinite, "\(name): eps must be finite and non-negative, got \(eps)")
    wickPrecondition(momentum >= 0 && momentum <= 1, "\(name): momentum must be in [0, 1], got \(momentum)")
}

extension Module {
    /// Stops when a training batch has a single value per channel: its variance is 0 and the
    /// unbiased estimate divides by zero (Torch7 writes NaN into the running variance).
    func checkBatchStatistics(_ layout: ChannelLayout, _ shape: [Int]) {
        wickPrecondition(layout.valuesPerChannel > 1,
            "\(description): training needs more than one value per channel to measure a variance, got \(formatShape(shape))")
    }
}

/// The record of either layer: `featureCount`, `eps`, `momentum` and `affine`, then the running
/// statistics and, when affine, the weight and bias.
func batchNormalizationRecord<Scalar: TensorScalar>(
    kind: String, _ featureCount: Int, _ eps: Double, _ momentum: Double,
    _ runningMean: Tensor<Scalar>, _ runningVar: Tensor<Scalar>, _ weight: Tensor<Scalar>?, _ bias: Tensor<Scalar>?
) -> ModuleRecord<Scalar> {
    var tensors = [("runningMean", runningMean), ("runningVar", runningVar)]
    if let weight, let bias { tensors += [("weight", weight), ("bias", bias)] }
    return ModuleRecord(kind: kind, hyperParameters: [
        ("featureCount", .int(featureCount)), ("eps", .double(eps)), ("momentum", .double(momentum)),
        ("affine", .bool(weight != nil)),
    ], tensors: tensors.map { (name: $0.0, tensor: $0.1) })
}

/// What a record of either layer holds, checked before anything is built: the sizes against the
/// stored tensors, ε and momentum against their ranges.
struct BatchNormalizationRecord<Scalar: TensorScalar> {
    let featureCount: Int, eps: Double, momentum: Double, affine: Bool
    let runningMean: Tensor<Scalar>, runningVar: Tensor<Scalar>
    let weight: Tensor<Scalar>?, bias: Tensor<Scalar>?

    init(_ r: ModuleRecord<Scalar>) throws {
        featureCount = try r.int("featureCount")
        eps = try Self.double(r, "eps")
        momentum = try Self.double(r, "momentum")
        affine = try r.bool("affine")
        guard featureCount > 0, eps >= 0, eps.isFinite, momentum >= 0, momentum <= 1 else {
            throw ModelFileError.corrupted("\(r.kind) has \(featureCount) features, eps \(eps), momentum \(momentum)")
        }
        runningMean = try r.tensor("runningMean", shape: [featureCount])
        runningVar = try r.tensor("runningVar", shape: [featureCount])
        weight = affine ? try r.tensor("weight", shape: [featureCount]) : nil
        bias = affine ? try r.tensor("bias", shape: [featureCount]) : nil
    }

    /// A real hyper-parameter at full precision, whatever `Scalar`.
    private static func double(_ r: ModuleRecord<Scalar>, _ name: String) throws -> Double {
        guard case let .double(v) = try r.value(name) else { throw ModelFileError.corrupted("\(r.kind).\(name) is not a number") }
        return v
    }
}
