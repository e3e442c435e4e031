import Synchronization

/// Counts parameter moves, so that a `FlatParameters` re-checks its layout only after one.
let parameterLayoutEpoch = Atomic<Int>(0)

/// A heap buffer of scalars shared by reference: the home of parameter values and gradients.
///
/// Each layer starts with buffers of its own; `getParameters()` moves every parameter of a model
/// into one contiguous buffer, and the parameters then point into it.
public final class ParameterBuffer<Scalar: TensorScalar>: @unchecked Sendable {
    /// The first scalar.
    public let pointer: UnsafeMutablePointer<Scalar>
    /// The number of scalars.
    public let count: Int

    /// A zeroed buffer of `count` scalars.
    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    deinit { pointer.deallocate() }
}

/// One learnable tensor of a module (a weight or a bias) together with its gradient.
///
/// `value` and `grad` read and write copies, so a tensor you take from a parameter is yours.
/// Layers and optimizers work in place through ``valuePointer`` and ``gradPointer``.
public final class Parameter<Scalar: TensorScalar> {
    /// What the parameter is within its module, e.g. `"weight"` or `"bias"`.
    public let name: String
    /// The tensor shape of the value and the gradient.
    public let shape: [Int]
    /// The number of scalars.
    public let count: Int

    // Unchecked exclusivity: these are read on every layer call, and the runtime check would
    // cost more than the arithmetic of a small layer. They change only in `move`.
    @exclusivity(unchecked) @usableFromInline internal var valueBuffer: ParameterBuffer<Scalar>
    @exclusivity(unchecked) @usableFromInline internal var valueOffset: Int
    @exclusivity(unchecked) @usableFromInline internal var gradBuffer: ParameterBuffer<Scalar>
    @exclusivity(unchecked) @usableFromInline internal var gradOffset: Int

    /// A zero-valued parameter with a zero gradient.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        count = shape.reduce(1, *)
        valueBuffer = ParameterBuffer(count: count)
        gradBuffer = ParameterBuffer(count: count)
        valueOffset = 0
        gradOffset = 0
    }

    /// The value's first scalar (row-major), valid while the parameter lives.
    @inlinable public var valuePointer: UnsafeMutablePointer<Scalar> { valueBuffer.pointer + valueOffset }
    /// The gradient's first scalar (row-major), valid while the parameter lives.
    @inlinable public var gradPointer: UnsafeMutablePointer<Scalar> { gradBuffer.pointer + gradOffset }

    /// A copy of the value; setting copies in (the shape must match).
    public var value: Tensor<Scalar> {
        get { Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: valuePointer, count: count))) }
        set { copy(newValue, to: valuePointer, "value") }
    }

    /// A copy of the accumulated gradient; setting copies in (the shape must match).
    public var grad: Tensor<Scalar> {
        get { Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: gradPointer, count: count))) }
        set { copy(newValue, to: gradPointer, "grad") }
    }

    private func copy(_ t: Tensor<Scalar>, to destination: UnsafeMutablePointer<Scalar>, _ what: String) {
        wickPrecondition(t.shape == shape,
            "Parameter \(name): cannot set \(what) of shape \(formatShape(shape)) to \(formatShape(t.shape))")
        t.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: count) }
    }

    /// Sets the gradient to zero.
    @inlinable
    public func zeroGrad() {
        gradPointer.update(repeating: 0, count: count)
    }

    /// `value ← value − learningRate · grad`.
    @inlinable
    public func descend(learningRate: Scalar) {
        let v = valuePointer, g = gradPointer
        for i in 0..<count { v[i] -= learningRate * g[i] }
    }

    /// Points this parameter at `other`'s value and gradient storage, so that both read and
    /// write the same numbers (the clones of a ``MapTable`` share their parameters this way).
    func share(_ other: Parameter) {
        wickPrecondition(shape == other.shape, "Parameter \(name): cannot share \(formatShape(other.shape)) storage")
        valueBuffer = other.valueBuffer; valueOffset = other.valueOffset
        gradBuffer = other.gradBuffer; gradOffset = other.gradOffset
    }

    /// Whether this parameter uses `other`'s value and gradient storage.
    func shares(_ other: Parameter) -> Bool { valuePointer == other.valuePointer && gradPointer == other.gradPointer }

    /// Points this parameter at new storage (used when flattening a model's parameters). The
    /// current value and gradient are copied over.
    public func move(value buffer: ParameterBuffer<Scalar>, at offset: Int, grad gradStorage: ParameterBuffer<Scalar>, at gradStart: Int) {
        (buffer.pointer + offset).update(from: valuePointer, count: count)
        (gradStorage.pointer + gradStart).update(from: gradPointer, count: count)
        valueBuffer = buffer; valueOffset = offset
        gradBuffer = gradStorage; gradOffset = gradStart
        parameterLayoutEpoch.add(1, ordering: .relaxed)
    }
}
