import WickCore

/// Converts arrays of `Double` or `Float` to a caller's scalar type with concrete code.
///
/// The loaders are generic over the scalar type, and a generic element-by-element loop called
/// from another module is not specialised (it runs many times slower), so the per-element work is
/// done here on concrete types and only the finished array changes type.
enum ScalarConversion {
    /// `values` as `Scalar`s (no copy when `Scalar` is `Double`).
    static func convert<Scalar: TensorScalar>(_ values: [Double], to type: Scalar.Type) -> [Scalar] {
        if type == Double.self { return unsafeBitCast(values, to: [Scalar].self) }
        if type == Float.self { return unsafeBitCast(values.map { Float($0) }, to: [Scalar].self) }
        return values.map { Scalar($0) }
    }

    /// `values` as `Scalar`s (no copy when `Scalar` is `Float`).
    static func convert<Scalar: TensorScalar>(_ values: [Float], to type: Scalar.Type) -> [Scalar] {
        if type == Float.self { return unsafeBitCast(values, to: [Scalar].self) }
        if type == Double.self { return unsafeBitCast(values.map { Double($0) }, to: [Scalar].self) }
        return values.map { Scalar($0) }
    }
}
