// Input checks shared by the layers, and open to modules of your own: every message names the
// module and both sizes.

extension Module {
    /// Checks that `input` is one sample of `features` values or a batch `N x features`, and
    /// returns the batch size (1 for a single sample).
    @inlinable
    public func checkFeatures(_ input: Tensor<Scalar>, _ features: Int) -> Int {
        let shape = input.shape
        if shape.count == 1 && shape[0] == features { return 1 }
        if shape.count == 2 && shape[1] == features { return shape[0] }
        wickFatalError("\(description): expected \(features) features (input \(features) or Nx\(features)), got \(formatShape(shape))")
    }

    /// Checks that `gradOutput` has the shape of the last `output`.
    @inlinable
    public func checkGradOutput(_ gradOutput: Tensor<Scalar>) {
        wickPrecondition(gradOutput.shape == output.shape,
            "\(description): gradOutput \(formatShape(gradOutput.shape)) does not match output \(formatShape(output.shape)) of the last forward pass")
    }

    /// Checks that `input` is a sample (1-D) or a batch (2-D).
    @inlinable
    public func checkSampleOrBatch(_ input: Tensor<Scalar>) {
        wickPrecondition(input.rank == 1 || input.rank == 2,
            "\(description): expected a sample (1-D) or a batch (2-D), got \(formatShape(input.shape))")
    }
}
