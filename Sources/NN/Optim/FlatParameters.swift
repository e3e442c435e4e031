/// A whole model's parameters and gradients as two contiguous vectors (Torch7's
/// `getParameters()`); every layer's weights and gradients are windows into them.
///
/// Optimizers and the gradient checker work on these vectors, so an update is a few vectorised
/// passes over memory. Unlike Torch7, calling `getParameters()` again does not break an earlier
/// `FlatParameters`: a model that is already flat is returned as is, and when a model grew (a
/// layer was added) and is flattened anew, earlier objects follow their parameters into the new
/// storage as long as those stay contiguous.
public final class FlatParameters<Scalar: TensorScalar> {
    /// The parameters, in order.
    public let parameters: [Parameter<Scalar>]
    /// The total number of scalars.
    public let count: Int

    /// Gathers `parameters` into fresh contiguous storage, unless they already are contiguous.
    public init(_ parameters: [Parameter<Scalar>]) {
        self.parameters = parameters
        count = parameters.reduce(0) { $0 + $1.count }
        if !isContiguous {
            let values = ParameterBuffer<Scalar>(count: count), grads = ParameterBuffer<Scalar>(count: count)
            var offset = 0
            for p in parameters {
                p.move(value: values, at: offset, grad: grads, at: offset)
                offset += p.count
            }
        }
    }

    /// A free-standing vector of `initial.count` parameters (for optimising a plain function,
    /// such as Rosenbrock's, with ``Optimizer/step(_:)``).
    public convenience init(_ initial: Tensor<Scalar>) {
        let p = Parameter<Scalar>(name: "x", shape: [initial.count])
        p.value = initial.reshaped(initial.count)
        self.init([p])
    }

    /// True when every parameter's value and gradient follow the previous one's in one buffer.
    public var isContiguous: Bool {
        if parameters.isEmpty { return true }
        let first = parameters[0]
        var value = first.valuePointer, grad = first.gradPointer
        for p in parameters {
            if p.valueBuffer !== first.valueBuffer || p.gradBuffer !== first.gradBuffer
                || p.valuePointer != value || p.gradPointer != grad { return false }
            value += p.count; grad += p.count
        }
        return true
    }

    /// The layout epoch at which contiguity was last confirmed.
    @exclusivity(unchecked) private var checkedEpoch = -1

    private func checkContiguous() {
        let epoch = parameterLayoutEpoch.load(ordering: .relaxed)
        if epoch == checkedEpoch { return }
        wickPrecondition(isContiguous,
            "FlatParameters: the parameters were re-flattened in another order; call getParameters() again")
        checkedEpoch = epoch
    }

    // `parameters[0]` rather than `parameters.first`: the latter goes through a generic
    // Collection accessor here that allocates, and these run on every optimizer step.

    /// The first parameter value; `count` scalars follow.
    public var valuePointer: UnsafeMutablePointer<Scalar> {
        checkContiguous()
        return parameters.isEmpty ? emptyBuffer.pointer : parameters[0].valuePointer
    }

    /// The first gradient scalar; `count` scalars follow.
    public var gradPointer: UnsafeMutablePointer<Scalar> {
        checkContiguous()
        return parameters.isEmpty ? emptyBuffer.pointer : parameters[0].gradPointer
    }

    private let emptyBuffer = ParameterBuffer<Scalar>(count: 0)

    /// A copy of all values as one vector; setting copies in.
    public var values: Tensor<Scalar> {
        get { Tensor(Array(UnsafeBufferPointer(start: valuePointer, count: count))) }
        set { copyIn(newValue, to: valuePointer, "values") }
    }

    /// A copy of all gradients as one vector; setting copies in.
    public var gradients: Tensor<Scalar> {
        get { Tensor(Array(UnsafeBufferPointer(start: gradPointer, count: count))) }
        set { copyIn(newValue, to: gradPointer, "gradients") }
    }

    private func copyIn(_ t: Tensor<Scalar>, to destination: UnsafeMutablePointer<Scalar>, _ what: String) {
        wickPrecondition(t.count == count, "FlatParameters.\(what): expected \(count) scalars, got \(formatShape(t.shape))")
        t.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: count) }
    }

    /// Sets every gradient to zero (one pass over the flat gradient).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func zeroGrad() {
        runInHalves(count: count, Zero(values: gradPointer))
    }
}

extension Module {
    /// This model's parameters and gradients as two flat vectors (see ``FlatParameters``).
    public func getParameters() -> FlatParameters<Scalar> {
        FlatParameters(parameters())
    }
}
