/// A module that holds an ordered list of children, filled one by one (Torch7's `nn.Container`
/// subclasses: ``Sequential``, ``Concat``, ``Parallel``, ``ConcatTable``, ``ParallelTable``).
///
/// A container stores its children in ``modules`` and appends with ``append(_:)``; ``add(_:)``
/// and ``Module/children`` come from this protocol.
public protocol ModuleContainer: Module {
    /// The children, in order.
    var modules: [any Module<Scalar>] { get }
    /// Appends a module given as an existential (e.g. one loaded from a file).
    func append(_ module: any Module<Scalar>)
}

extension ModuleContainer {
    /// The children: ``modules``.
    public var children: [any Module<Scalar>] { modules }

    /// Appends a module and returns the container, so calls can be chained (Torch7's `add`).
    @discardableResult
    public func add<M: Module>(_ module: M) -> Self where M.Scalar == Scalar {
        append(module)
        return self
    }
}
