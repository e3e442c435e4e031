import WickCore

/// Fisher's iris flowers, as scikit-learn ships them (`load_iris`): 150 flowers, 4 measurements
/// in centimetres, 3 species (50 each, in order).
///
/// Bundled with Wick; see `Sources/Datasets/Resources/README.md` for source and licence.
///
/// ```swift
/// let (features, labels) = try Iris.load()   // 150x4, [Int] in 0...2
/// print(Iris.classNames[labels[0]])           // "setosa"
/// ```
public enum Iris {
    /// The number of flowers.
    public static let count = 150
    /// The species, indexed by label.
    public static let classNames = ["setosa", "versicolor", "virginica"]
    /// The measurements, indexed by feature column.
    public static let featureNames = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]

    /// Loads the bundled measurements.
    ///
    /// - Returns: `features`, 150x4 (columns as in ``featureNames``), and `labels`, the species
    ///   of each flower as an index into ``classNames``.
    /// - Throws: ``DatasetError`` if the bundled file is missing or damaged.
    public static func load<Scalar: TensorScalar>(as type: Scalar.Type = Double.self) throws -> (features: Tensor<Scalar>, labels: [Int]) {
        // The first line is scikit-learn's own header: "150,4,setosa,versicolor,virginica".
        let table = try CSV.read(contentsOf: BundledResource.url("iris.csv"), as: type, options: CSVOptions(hasHeader: true))
        guard table.rowCount == count, table.columnCount == featureNames.count + 1,
              Array(table.header?.suffix(3) ?? []) == classNames else {
            throw DatasetError.malformed(format: "iris.csv",
                reason: "expected \(count)x\(featureNames.count + 1) values and the classes \(classNames)")
        }
        return try table.splittingLabels(atColumn: featureNames.count)
    }
}
