/// Adds rows and columns of zeros around each plane (`nn.SpatialZeroPadding`): `padLeft` columns
/// on the left, `padRight` on the right, `padTop` rows on top and `padBottom` at the bottom. A
/// negative padding crops that many rows or columns instead.
///
/// It takes one image `C x H x W` or a batch `N x C x H x W`, and gives
/// `C x (H + padTop + padBottom) x (W + padLeft + padRight)` per image, which must be at least
/// 1x1. The input gradient is the output gradient cropped back (and padded with zeros where the
/// forward pass cropped).
public final class SpatialZeroPadding<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// Columns added on the left and right, rows added on top and at the bottom (negative: removed).
    public let padLeft: Int, padRight: Int, padTop: Int, padBottom: Int
    @exclusivity(unchecked) private var outputShape = CachedShape()

    /// Padding of `left` columns, `right` columns, `top` rows and `bottom` rows; as in Torch7, the
    /// sizes not given are `left`.
    public init(_ left: Int, _ right: Int? = nil, _ top: Int? = nil, _ bottom: Int? = nil) {
        (padLeft, padRight, padTop, padBottom) = (left, right ?? left, top ?? left, bottom ?? left)
    }

    /// The images' count, planes, height and width, after checking `input`.
    private func images(_ input: Tensor<Scalar>) -> (count: Int, planes: Int, height: Int, width: Int) {
        checkImages(input, planes: nil, minimumHeight: Swift.max(1, 1 - padTop - padBottom),
                    minimumWidth: Swift.max(1, 1 - padLeft - padRight))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let (n, c, h, w) = images(input)
        let (height, width) = (h + padTop + padBottom, w + padLeft + padRight)
        output.resize(shape: outputShape.output(for: input.shape) { imageShape(batched: input.rank == 4, n, c, height, width) })
        // y[r][c] = x[r − top][c − left], 0 outside x
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                copyPlanes(x.baseAddress!, sourceHeight: h, sourceWidth: w, into: y.baseAddress!, height: height, width: width,
                           planes: n * c, top: padTop, left: padLeft)
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        let (n, c, h, w) = images(input)
        checkGradOutput(gradOutput)
        gradInput.resize(like: input)
        // dx[r][c] = dy[r + top][c + left]: the forward pass with the padding negated
        gradOutput.withUnsafeBufferPointer { dy in
            gradInput.withUnsafeMutableBufferPointer { dx in
                copyPlanes(dy.baseAddress!, sourceHeight: h + padTop + padBottom, sourceWidth: w + padLeft + padRight,
                           into: dx.baseAddress!, height: h, width: w, planes: n * c, top: -padTop, left: -padLeft)
            }
        }
        return gradInput
    }

    public var description: String {
        "nn.SpatialZeroPadding(l=\(padLeft), r=\(padRight), t=\(padTop), b=\(padBottom))"
    }
}

// How a model file records this module (see ModuleRegistry).
extension SpatialZeroPadding: SerializableModule {
    public static var kind: String { "SpatialZeroPadding" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [
            ("padLeft", .int(padLeft)), ("padRight", .int(padRight)), ("padTop", .int(padTop)), ("padBottom", .int(padBottom)),
        ])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SpatialZeroPadding {
        let pads = [try r.int("padLeft"), try r.int("padRight"), try r.int("padTop"), try r.int("padBottom")]
        // Sizes beyond ±2³² could overflow `size + pad`; no image is that large.
        guard pads.allSatisfy({ (-(1 << 32)...(1 << 32)).contains($0) }) else {
            throw ModelFileError.corrupted("SpatialZeroPadding has padding \(pads.map(String.init).joined(separator: ", "))")
        }
        return SpatialZeroPadding(pads[0], pads[1], pads[2], pads[3])
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SpatialZeroPadding(1, 2, 0, 1), input: [2, 3, 3, 2], note: "batch"),
         ModuleExample(SpatialZeroPadding(-1, 0, 2, -1), input: [2, 4, 3], note: "one image, cropping on two sides"),
         ModuleExample(SpatialZeroPadding(1), input: [2, 1, 2, 3], note: "one size for all four sides")]
    }
}
