import XCTest
import WickCore

/// The shared row-wise soft-max and log-soft-max kernels.
final class SoftMaxRowsTests: XCTestCase {
    /// The soft-max and log-sum-exp of each row by the definition, in Double with the C library's exp.
    func reference(_ x: [Double], columns: Int) -> (softMax: [Double], logSums: [Double]) {
        var y = [Double](), logSums = [Double]()
        for start in stride(from: 0, to: x.count, by: columns) {
            let row = x[start..<(start + columns)], top = row.max()!
            let total = row.reduce(0) { $0 + Foundation.exp($1 - top) }
            y += row.map { Foundation.exp($0 - top) / total }
            logSums.append(top + Foundation.log(total))
        }
        return (y, logSums)
    }

    func check<Scalar: TensorScalar>(_: Scalar.Type, tolerance: Double) {
        var generator = RandomGenerator(seed: 21)
        let (rows, columns) = (7, 5)
        let x: Tensor<Scalar> = .uniform(shape: [rows, columns], low: -30, high: 30, generator: &generator)
        let expected = reference(doubles(x), columns: columns)
        var y = [Scalar](repeating: 0, count: rows * columns), logY = y, logSums = [Double]()
        x.withUnsafeBufferPointer { x in
            Scalar.softMaxRows(x.baseAddress!, into: &y, count: rows * columns, columns: columns) { row, logSum in
                XCTAssertEqual(row, logSums.count)
                logSums.append(Double(logSum))
            }
            Scalar.logSoftMaxRows(x.baseAddress!, into: &logY, count: rows * columns, columns: columns)
        }
        assertClose(y.map(Double.init), expected.softMax, tolerance: tolerance)
        assertClose(logSums, expected.logSums, tolerance: tolerance * 30)
        assertClose(logY.map(Double.init), zip(doubles(x), (0..<(rows * columns)).map { expected.logSums[$0 / columns] }).map { $0 - $1 },
                    tolerance: tolerance * 30)
    }

    func testMatchTheDefinition() {
        check(Double.self, tolerance: 1e-15)
        check(Float.self, tolerance: 1e-6)
    }

    func testHugeLogitsStayFinite() {
        let x: [Double] = [1e4, -1e4, 0, -1e4, -1e4, -1e4]
        var y = [Double](repeating: 0, count: 6), logY = y, logSums = [Double]()
        Double.softMaxRows(x, into: &y, count: 6, columns: 3) { _, logSum in logSums.append(logSum) }
        Double.logSoftMaxRows(x, into: &logY, count: 6, columns: 3)
        XCTAssertEqual(y, [1, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3])
        XCTAssertEqual(logSums, [1e4, -1e4 + Double.log(3)])
        // Around the maximum the log-soft-max of the second row is exact.
        XCTAssertEqual(logY, [0, -2e4, -1e4, -Double.log(3), -Double.log(3), -Double.log(3)])
    }

    func testInfiniteMaximumGivesAnInfiniteLogSum() {
        let x: [Double] = [.infinity, 0, -.infinity, -.infinity]
        var y = [Double](repeating: 0, count: 4), logSums = [Double]()
        Double.softMaxRows(x, into: &y, count: 4, columns: 2) { _, logSum in logSums.append(logSum) }
        XCTAssertEqual(logSums, [.infinity, -.infinity])
    }

    func testTensorsTakeTheShapeAndWorkInPlace() {
        let logits = Tensor<Double>([[0, Double.log(3)], [1, 1]])
        var y = Tensor<Double>(), logY = Tensor<Double>(), logSums = [Double]()
        y.assignSoftMax(of: logits) { _, logSum in logSums.append(logSum) }
        logY.assignLogSoftMax(of: logits)
        assertTensor(y, shape: [2, 2], [0.25, 0.75, 0.5, 0.5], tolerance: 1e-15)
        assertClose(logSums, [Double.log(4), 1 + Double.log(2)], tolerance: 1e-15)
        assertTensor(logY, shape: [2, 2], [-Double.log(4), Double.log(3) - Double.log(4), -Double.log(2), -Double.log(2)], tolerance: 1e-15)
        // A sample is one row; a tensor may be its own input.
        var sample = Tensor<Double>([0, 0, 0, 0])
        sample.assignSoftMax(of: sample)
        assertTensor(sample, shape: [4], [0.25, 0.25, 0.25, 0.25])
    }

    func testNoColumnsDoNothing() {
        var y: [Double] = [], calls = 0
        Double.softMaxRows([], into: &y, count: 0, columns: 0) { _, _ in calls += 1 }
        XCTAssertEqual(calls, 0)
    }
}
