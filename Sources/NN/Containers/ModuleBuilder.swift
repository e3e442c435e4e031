/// Builds a list of modules from a block, so a model reads like its diagram:
///
/// ```swift
/// let model = Sequential<Float> {
///     Linear(2, 16)
///     Tanh()
///     Linear(16, 1)
/// }
/// ```
@resultBuilder
public enum ModuleBuilder<Scalar: TensorScalar> {
    /// One module becomes a one-element list.
    public static func buildExpression<M: Module>(_ module: M) -> [any Module<Scalar>] where M.Scalar == Scalar {
        [module]
    }
    /// The modules of every statement of a block, in order.
    public static func buildBlock(_ parts: [any Module<Scalar>]...) -> [any Module<Scalar>] { parts.flatMap { $0 } }
    /// The modules of an `if` without `else`, or none when its condition is false.
    public static func buildOptional(_ part: [any Module<Scalar>]?) -> [any Module<Scalar>] { part ?? [] }
    /// The modules of the `if` branch of an `if`–`else` (or of one `switch` case).
    public static func buildEither(first part: [any Module<Scalar>]) -> [any Module<Scalar>] { part }
    /// The modules of the `else` branch of an `if`–`else` (or of one `switch` case).
    public static func buildEither(second part: [any Module<Scalar>]) -> [any Module<Scalar>] { part }
    /// The modules of every iteration of a `for` loop, in order.
    public static func buildArray(_ parts: [[any Module<Scalar>]]) -> [any Module<Scalar>] { parts.flatMap { $0 } }
}

/// Indents every line after the first by `prefix` (for nested container descriptions).
func indentingNestedLines(_ text: String, by prefix: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        .map { $0.offset == 0 ? String($0.element) : prefix + $0.element }
        .joined(separator: "\n")
}
