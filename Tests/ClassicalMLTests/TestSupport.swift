import XCTest
@testable import ClassicalML

/// Random data for the tests, always from a fixed seed.
func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
    var generator = RandomGenerator(seed: seed)
    return Tensor<Double>.uniform(shape: [rows, columns], low: low, high: high, generator: &generator)
}

/// Random integers in `range`, as a rows x columns matrix of Doubles: data full of exact ties.
func integerMatrix(_ rows: Int, _ columns: Int, seed: UInt64, range: Range<Int>) -> Tensor<Double> {
    var generator = RandomGenerator(seed: seed)
    return Tensor(shape: [rows, columns], scalars: (0..<(rows * columns)).map { _ in Double(generator.integer(in: range)) })
}

/// Asserts two tensors have the same shape and agree element-wise within `tolerance`.
func assertClose(_ a: Tensor<Double>, _ b: Tensor<Double>, tolerance: Double, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.shape, b.shape, "shapes differ \(message)", file: file, line: line)
    guard a.shape == b.shape else { return }
    let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    XCTAssertLessThanOrEqual(worst, tolerance, "largest difference \(worst) \(message)", file: file, line: line)
}

/// Runs `body` and returns the ClassicalMLError it throws, failing if it throws nothing or
/// something else.
func thrownError(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> ClassicalMLError? {
    do {
        try body()
        XCTFail("expected a ClassicalMLError, nothing was thrown", file: file, line: line)
    } catch let error as ClassicalMLError {
        return error
    } catch {
        XCTFail("expected a ClassicalMLError, got \(error)", file: file, line: line)
    }
    return nil
}

/// The covariance matrix (n − 1 denominator) by the textbook double loop.
func naiveCovariance(_ x: Tensor<Double>) -> Tensor<Double> {
    let (n, p) = (x.shape[0], x.shape[1])
    let means = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + x[$1, j] } / Double(n) }
    var c = Tensor<Double>.zeros(shape: [p, p])
    for a in 0..<p {
        for b in 0..<p {
            c[a, b] = (0..<n).reduce(0.0) { $0 + (x[$1, a] - means[a]) * (x[$1, b] - means[b]) } / Double(n - 1)
        }
    }
    return c
}
