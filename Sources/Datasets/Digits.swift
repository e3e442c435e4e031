import WickCore

/// The optical handwritten digits set that scikit-learn ships (`load_digits`): 1797 images of
/// 8x8 pixels, each pixel an integer count 0...16, labelled with the digit 0...9.
///
/// The data is bundled with Wick (no download); see `Sources/Datasets/Resources/README.md` for its
/// source and licence. The rows keep the file's order, so "the first 1500 for training, the rest
/// for testing" is the same split as in scikit-learn's examples.
///
/// ```swift
/// let (images, labels) = try Digits.load()        // 1797x64, [Int] in 0...9
/// let x = images / Digits.maximumPixelValue       // scaled to [0, 1]
/// ```
public enum Digits {
    /// The number of images.
    public static let count = 1797
    /// Images are `side`x`side` pixels.
    public static let side = 8
    /// Pixels per image (`side * side`).
    public static let pixelCount = 64
    /// The number of classes, the digits 0...9.
    public static let classCount = 10
    /// The largest pixel value (a pixel counts the set bits of a 4x4 block).
    public static let maximumPixelValue = 16.0

    /// Loads the bundled images.
    ///
    /// - Returns: `images`, 1797x64 (image `i` is row `i`, its pixels row by row) with values in
    ///   0...16, and `labels`, the digit of each image.
    /// - Throws: ``DatasetError`` if the bundled file is missing or damaged.
    public static func load<Scalar: TensorScalar>(as type: Scalar.Type = Double.self) throws -> (images: Tensor<Scalar>, labels: [Int]) {
        let table = try CSV.read(contentsOf: BundledResource.url("digits.csv.gz"), as: type)
        guard table.rowCount == count, table.columnCount == pixelCount + 1 else {
            throw DatasetError.malformed(format: "digits.csv.gz",
                reason: "expected \(count)x\(pixelCount + 1) values, found \(table.rowCount)x\(table.columnCount)")
        }
        let (images, labels) = try table.splittingLabels(atColumn: pixelCount)
        return (images, labels)
    }
}
