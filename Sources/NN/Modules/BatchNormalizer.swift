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
// digits that the variance needs. They are summed by blocks of 8 samples (a block's sum, then the
// blocks' in order), so that the helper thread can take half of the batch's blocks and the
// result does not depend on who computed what.

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
    // Scratch: channel sums, the blocks' sums (grown with the batch), and per-channel
    // coefficients in the scalar type for the element loops.
    private let sumA: UnsafeMutablePointer<Double>, sumB: UnsafeMutablePointer<Double>
    private var blockSums: UnsafeMutablePointer<Double>, blockCapacity = 1
    private let coefficients: UnsafeMutablePointer<Scalar>

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
        blockSums = .allocate(capacity: 2 * channels)
        blockSums.initialize(repeating: 0, count: 2 * channels)
        for p in [mean, invstd, sumA, sumB] { p.initialize(repeating: 0, count: channels) }
        coefficients.initialize(repeating: 0, count: 4 * channels)
        runningMean.initialize(repeating: 0, count: channels)
        runningVar.initialize(repeating: 1, count: channels)
    }

    deinit {
        for p in [runningMean, runningVar, coefficients] { p.deallocate() }
        for p in [mean, invstd, sumA, sumB, blockSums] { p.deallocate() }
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

    /// `y = (x − μ)·invstd·γ + β` (γ = 1 and β = 0 when `weight` and `bias` are nil): with the
    /// batch's μ and invstd when `withBatchStatistics` (the running statistics moved towards
    /// them), else with the running ones.
    func normalize(_ x: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, _ layout: ChannelLayout,
                   weight: UnsafePointer<Scalar>?, bias: UnsafePointer<Scalar>?, withBatchStatistics: Bool) {
        if withBatchStatistics {
            let m = Double(layout.valuesPerChannel)
            addUp(.values, x: x, layout, into: sumA)
            for c in 0..<channels { mean[c] = sumA[c] / m }
            // Two passes, as Torch7: the centred sum of squares, not Σx² − mμ², which cancels.
            addUp(.centredSquares, x: x, layout, into: sumB)
            for c in 0..<channels {
                let squares = sumB[c]
                invstd[c] = squares == 0 && eps == 0 ? 0 : 1 / (squares / m + eps).squareRoot()
                runningMean[c] = Scalar(momentum * mean[c] + (1 - momentum) * Double(runningMean[c]))
                runningVar[c] = Scalar(momentum * squares / (m - 1) + (1 - momentum) * Double(runningVar[c]))
            }
        } else {
            for c in 0..<channels {
                mean[c] = Double(runningMean[c])
                invstd[c] = 1 / (Double(runningVar[c]) + eps).squareRoot()
            }
        }
        usedBatchStatistics = withBatchStatistics
        let (center, gain, offset, _) = coefficientRows
        for c in 0..<channels {
            center[c] = Scalar(mean[c])
            gain[c] = Scalar(invstd[c] * Double(weight?[c] ?? 1))
            offset[c] = bias?[c] ?? 0
        }
        runOverSamples(.normalize, x: x, out: y, layout)
    }

    // MARK: Backward

    /// The gradients of the last forward: `dx` (if asked for) and `scale` times the weight and
    /// bias gradients added into `gradWeight` and `gradBias` (if given).
    func backward(_ x: UnsafePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ layout: ChannelLayout,
                  weight: UnsafePointer<Scalar>?, dx: UnsafeMutablePointer<Scalar>?,
                  gradWeight: UnsafeMutablePointer<Scalar>?, gradBias: UnsafeMutablePointer<Scalar>?, scale: Scalar) {
        // Σg and Σ(x − μ)g per channel; the input gradient in evaluation mode needs neither.
        if gradWeight != nil || gradBias != nil || (dx != nil && usedBatchStatistics) {
            addUp(.gradients, x: x, g: g, layout, into: sumA, and: sumB)
        }
        if let dx {
            let m = Double(layout.valuesPerChannel)
            let (center, gain, offset, slope) = coefficientRows
            for c in 0..<channels {
                center[c] = Scalar(mean[c])
                gain[c] = Scalar(invstd[c] * Double(weight?[c] ?? 1))
                if usedBatchStatistics {
                    offset[c] = Scalar(sumA[c] / m)                            // the mean of g
                    slope[c] = Scalar(sumB[c] * invstd[c] * invstd[c] / m)     // g's projection on x̂, over σ
                }
            }
            runOverSamples(usedBatchStatistics ? .inputGradient : .affineInputGradient, x: x, g: g, out: dx, layout)
        }
        if let gradWeight {
            for c in 0..<channels { gradWeight[c] += scale * Scalar(sumB[c] * invstd[c]) }
        }
        if let gradBias {
            for c in 0..<channels { gradBias[c] += scale * Scalar(sumA[c]) }
        }
    }

    // MARK: Machinery

    /// The coefficients' four rows of `channels`: center, gain, offset and slope.
    private var coefficientRows: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>,
                                  UnsafeMutablePointer<Scalar>) {
        (coefficients, coefficients + channels, coefficients + 2 * channels, coefficients + 3 * channels)
    }

    /// `first[c]` (and `second[c]`) ← the channel sums of `step`, block by block over the batch,
    /// then the blocks' sums in order.
    private func addUp(_ step: SamplePass<Scalar>.Step, x: UnsafePointer<Scalar>, g: UnsafePointer<Scalar>? = nil,
                       _ layout: ChannelLayout, into first: UnsafeMutablePointer<Double>, and second: UnsafeMutablePointer<Double>? = nil) {
        let blocks = (layout.batch + samplesPerSumBlock - 1) / samplesPerSumBlock
        if blocks > blockCapacity {  // a larger batch than before: the only allocation, not every step
            blockSums.deallocate()
            blockSums = .allocate(capacity: 2 * blocks * channels)
            blockCapacity = blocks
        }
        runOverSamples(step, x: x, g: g, layout)
        addBlocks(blockSums, blocks, into: first)
        if let second { addBlocks(blockSums + blocks * channels, blocks, into: second) }
    }

    /// `sums[c] = Σ_b parts[b·channels + c]` over `blocks` blocks, in order.
    private func addBlocks(_ parts: UnsafePointer<Double>, _ blocks: Int, into sums: UnsafeMutablePointer<Double>) {
        guard blocks > 0 else { return sums.update(repeating: 0, count: channels) }  // an empty batch
        sums.update(from: parts, count: channels)
        for b in 1..<blocks {
            for c in 0..<channels { sums[c] += parts[b * channels + c] }
        }
    }

    /// Runs one pass over the batch's samples, shared with the helper thread when the batch is
    /// large enough: it cuts the samples at a multiple of 8, so every block of sums is one
    /// thread's, and each thread reads the samples that it computed in the layer before.
    private func runOverSamples(_ step: SamplePass<Scalar>.Step, x: UnsafePointer<Scalar>, g: UnsafePointer<Scalar>? = nil,
                                out: UnsafeMutablePointer<Scalar>? = nil, _ layout: ChannelLayout) {
        let blocks = (layout.batch + samplesPerSumBlock - 1) / samplesPerSumBlock
        let pass = SamplePass(step: step, layout: layout, x: x, g: g, out: out, mean: mean, coefficients: coefficients,
                              blockSums: blockSums, secondBlockSums: blockSums + blocks * channels)
        let values = layout.batch * layout.channels * layout.plane
        runInHalves(count: layout.batch, minimumCount: values >= 8192 ? 2 * samplesPerSumBlock : Int.max, pass)
    }
}

/// The samples of a batch whose channel sums are added up together before they join the others:
/// `runInHalves` cuts a loop at a multiple of 8, so no block is ever shared by two threads.
let samplesPerSumBlock = 8

// MARK: Loops

/// One pass of batch normalization over a range of the batch's samples (see the equations at the
/// top of this file), a loop the helper thread can share:
/// - the sums fill `blockSums` (and `secondBlockSums`), `blocks x channels`, each block of
///   ``samplesPerSumBlock`` samples adding up in Double sample by sample, with four running sums
///   within an image's plane;
/// - the element loops write `out` with the per-channel coefficients (center, gain, offset and
///   slope rows of `coefficients`).
struct SamplePass<Scalar: TensorScalar>: HalvableLoop {
    enum Step {
        /// Σx.
        case values
        /// Σ(x − μ)².
        case centredSquares
        /// Σg and Σ(x − μ)g.
        case gradients
        /// y = (x − center)·gain + offset.
        case normalize
        /// dx = ((g − offset) − (x − center)·slope)·gain: through the batch statistics.
        case inputGradient
        /// dx = g·gain: the affine map of evaluation mode.
        case affineInputGradient
    }

    let step: Step, layout: ChannelLayout
    let x: UnsafePointer<Scalar>, g: UnsafePointer<Scalar>?, out: UnsafeMutablePointer<Scalar>?
    let mean: UnsafePointer<Double>, coefficients: UnsafePointer<Scalar>
    let blockSums: UnsafeMutablePointer<Double>, secondBlockSums: UnsafeMutablePointer<Double>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (x, channels) = (x, layout.channels)
        switch step {
        case .values, .centredSquares, .gradients:
            var blockStart = start
            while blockStart < end {
                let blockEnd = Swift.min(blockStart + samplesPerSumBlock, end), block = blockStart / samplesPerSumBlock
                let first = blockSums + block * channels, second = secondBlockSums + block * channels
                switch step {
                case .values:
                    sums(blockStart..<blockEnd, into: first) { i, _ in Double(x[i]) }
                case .centredSquares:
                    sums(blockStart..<blockEnd, into: first) { i, mu in
                        let d = Double(x[i]) - mu
                        return d * d
                    }
                default:
                    let g = g!
                    sums(blockStart..<blockEnd, into: first) { i, _ in Double(g[i]) }
                    sums(blockStart..<blockEnd, into: second) { i, mu in (Double(x[i]) - mu) * Double(g[i]) }
                }
                blockStart = blockEnd
            }
        case .normalize:
            let y = out!
            forEachValue(start..<end) { i, mu, k, b, _ in y[i] = (x[i] - mu) * k + b }
        case .inputGradient:
            let (g, dx) = (g!, out!)
            forEachValue(start..<end) { i, mu, k, gMean, p in dx[i] = ((g[i] - gMean) - (x[i] - mu) * p) * k }
        case .affineInputGradient:
            let (g, dx) = (g!, out!)
            forEachValue(start..<end) { i, _, k, _, _ in dx[i] = g[i] * k }
        }
    }

    /// `sums[c] = Σ term(i, μ_c)` over the indices `i` of channel `c` in the samples of `range`,
    /// in Double, for every channel.
    @inline(__always)
    private func sums(_ range: Range<Int>, into sums: UnsafeMutablePointer<Double>, _ term: (Int, Double) -> Double) {
        let (channels, plane) = (layout.channels, layout.plane)
        let mean = self.mean
        sums.update(repeating: 0, count: channels)
        if plane == 1 {  // N x D: a row holds one value of every channel
            for row in range {
                let start = row * channels
                for c in 0..<channels { sums[c] += term(start &+ c, mean[c]) }  // &+: no overflow check, so it vectorizes
            }
        } else {  // N x C x S: one sample's channel is a contiguous plane
            for sample in range {
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

    /// Calls `body(i, center, gain, offset, slope)` for every index `i` of the samples of
    /// `range`, in memory order, with the coefficients of its channel.
    @inline(__always)
    private func forEachValue(_ range: Range<Int>, _ body: (Int, Scalar, Scalar, Scalar, Scalar) -> Void) {
        let (channels, plane) = (layout.channels, layout.plane)
        let (center, gain, offset, slope) = (coefficients, coefficients + channels, coefficients + 2 * channels,
                                             coefficients + 3 * channels)
        if plane == 1 {
            for row in range {
                let start = row * channels
                for c in 0..<channels { body(start &+ c, center[c], gain[c], offset[c], slope[c]) }  // &+: as in sums
            }
        } else {
            for sample in range {
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
