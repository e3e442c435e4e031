import XCTest
@testable import WickCore

/// Every `LinearAlgebraError` explains itself, naming the routine.
final class LinearAlgebraErrorTests: XCTestCase {
    func testDescriptions() {
        XCTAssertEqual(LinearAlgebraError.shapeMismatch(operation: "solve", details: "needs a square matrix, got 2x3").description,
                       "solve: needs a square matrix, got 2x3")
        XCTAssertEqual(LinearAlgebraError.singular(routine: "solve (gesv)", pivot: 1).description,
                       "solve (gesv): the matrix is singular (zero pivot at index 1); consider leastSquares or a ridge penalty")
        XCTAssertEqual(LinearAlgebraError.singularToWorkingPrecision(routine: "solve (gesv)", reciprocalCondition: 2.7755575615628914e-17).description,
                       "solve (gesv): the matrix is singular to working precision (reciprocal condition number 2.78e-17 in the 1-norm); consider leastSquares or a ridge penalty")
        XCTAssertEqual(LinearAlgebraError.notPositiveDefinite(routine: "cholesky (potrf)", order: 2).description,
                       "cholesky (potrf): the matrix is not positive definite (leading minor of order 2 is not positive)")
        XCTAssertEqual(LinearAlgebraError.noConvergence(routine: "svd (gesdd)", count: 3).description,
                       "svd (gesdd): the algorithm did not converge (3 off-diagonal elements did not reach zero)")
        XCTAssertEqual(LinearAlgebraError.nonFinite(operation: "svd", operand: "the matrix", index: 4).description,
                       "svd: the matrix holds a NaN or infinity at flat index 4")
        XCTAssertEqual(LinearAlgebraError.invalidArgument(routine: "solve (gesv)", argument: 4).description,
                       "solve (gesv): argument 4 is invalid (a NaN or infinity in the input is reported this way)")
    }

    func testThrownErrorsDescribeThemselves() {
        do {
            _ = try solve(Tensor<Double>([[1, 1], [1, 1]]), Tensor<Double>([1, 2]))
            XCTFail("a singular system must throw")
        } catch {
            XCTAssertEqual("\(error)",
                           "solve (gesv): the matrix is singular (zero pivot at index 1); consider leastSquares or a ridge penalty")
        }
    }
}
