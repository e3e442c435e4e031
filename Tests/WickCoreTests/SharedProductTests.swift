import Dispatch
import Foundation
import Synchronization
import XCTest
@testable import WickCore

/// Products shared between the calling thread and Wick's helper thread
/// (``BLAS/usesHelperThread``): right for every transpose, cut along rows or columns, with
/// alpha, beta and leading dimensions wider than the matrices, and bit for bit the same whichever
/// thread computes the second half, with several threads calling at once.
final class SharedProductTests: XCTestCase {
    /// One product: C (m x n, leading dimension ldc) = alpha op(A) op(B) + beta C.
    struct Product {
        var transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int
        var alpha: Double, beta: Double
        /// Extra columns in each stored matrix, so that rows are further apart than they are long.
        var pad: Int
        var lda: Int { (transposeA ? m : k) + pad }
        var ldb: Int { (transposeB ? k : n) + pad }
        var ldc: Int { n + pad }
        var aCount: Int { (transposeA ? k : m) * lda }
        var bCount: Int { (transposeB ? n : k) * ldb }
        var cCount: Int { m * ldc }
    }

    /// Shapes inside the shared range (65536 <= m n k <= 524288, k >= 8): cut along the rows of
    /// C (16 or more) or its columns (m = 10), at a multiple of 8 or at an odd middle, with the
    /// four transpose pairs.
    static let products: [Product] = [
        Product(transposeA: false, transposeB: true, m: 64, n: 128, k: 64, alpha: 1, beta: 0, pad: 0),
        Product(transposeA: true, transposeB: false, m: 128, n: 64, k: 64, alpha: 1, beta: 0, pad: 0),
        Product(transposeA: false, transposeB: true, m: 64, n: 10, k: 128, alpha: 1, beta: 1, pad: 0),
        Product(transposeA: true, transposeB: false, m: 10, n: 128, k: 64, alpha: 1, beta: 1, pad: 0),
        Product(transposeA: false, transposeB: false, m: 37, n: 99, k: 61, alpha: 0.5, beta: -2, pad: 3),
        Product(transposeA: true, transposeB: true, m: 101, n: 45, k: 33, alpha: -1.5, beta: 0.25, pad: 5),
        Product(transposeA: false, transposeB: false, m: 17, n: 200, k: 40, alpha: 2, beta: 0, pad: 1),
        Product(transposeA: false, transposeB: false, m: 64, n: 128, k: 10, alpha: 1, beta: 0, pad: 0),
    ]

    private var savedThreads = 1, savedSpin = 50

    override func setUp() {
        savedThreads = BLAS.numThreads
        savedSpin = BLAS.helperSpinMicroseconds
        // Debug builds run the loops slowly: the helper must not fall asleep between them.
        BLAS.helperSpinMicroseconds = 1_000_000
        BLAS.usesHelperThread = true
    }

    override func tearDown() {
        BLAS.numThreads = savedThreads
        BLAS.helperSpinMicroseconds = savedSpin
        BLAS.usesHelperThread = true
    }

    /// Operands for `product`, filled from `seed`.
    private func operands<Scalar: TensorScalar>(_ product: Product, seed: UInt64, _: Scalar.Type)
        -> (a: [Scalar], b: [Scalar], c: [Scalar]) {
        var g = RandomGenerator(seed: seed)
        func fill(_ count: Int) -> [Scalar] { (0..<count).map { _ in Scalar(g.uniform(-1, 1)) } }
        return (fill(product.aCount), fill(product.bCount), fill(product.cCount))
    }

    /// Runs `product` on copies of the operands and returns C.
    private static func run<Scalar: TensorScalar>(_ product: Product, _ a: [Scalar], _ b: [Scalar], _ c: [Scalar]) -> [Scalar] {
        var c = c
        c.withUnsafeMutableBufferPointer { pc in
            Scalar.blasGemm(transposeA: product.transposeA, transposeB: product.transposeB,
                            m: product.m, n: product.n, k: product.k, alpha: Scalar(product.alpha),
                            a: a, lda: product.lda, b: b, ldb: product.ldb,
                            beta: Scalar(product.beta), c: pc.baseAddress!, ldc: product.ldc)
        }
        return c
    }

    /// C computed by a triple loop in Double, for the padding columns too (left untouched).
    private func naive<Scalar: TensorScalar>(_ product: Product, _ a: [Scalar], _ b: [Scalar], _ c: [Scalar]) -> [Double] {
        var result = c.map { Double($0) }
        for i in 0..<product.m {
            for j in 0..<product.n {
                var sum = 0.0
                for p in 0..<product.k {
                    let x = product.transposeA ? a[p * product.lda + i] : a[i * product.lda + p]
                    let y = product.transposeB ? b[j * product.ldb + p] : b[p * product.ldb + j]
                    sum += Double(x) * Double(y)
                }
                result[i * product.ldc + j] = product.alpha * sum + product.beta * Double(c[i * product.ldc + j])
            }
        }
        return result
    }

    /// The operands of each product, seeded by its index.
    private func allOperands<Scalar: TensorScalar>(_: Scalar.Type) -> [(a: [Scalar], b: [Scalar], c: [Scalar])] {
        Self.products.indices.map { operands(Self.products[$0], seed: UInt64($0 + 1), Scalar.self) }
    }

    /// Every product once, back to back, before any comparison (the helper sleeps after 50 us
    /// without work, and a sleeping helper is woken by a product that then runs on the caller).
    private static func runAll<Scalar: TensorScalar>(_ operands: [(a: [Scalar], b: [Scalar], c: [Scalar])]) -> [[Scalar]] {
        products.indices.map { run(products[$0], operands[$0].a, operands[$0].b, operands[$0].c) }
    }

    /// Lets OpenBLAS's own threads go idle: no product is shared within 0.2 s of one they ran.
    private func waitForQuietPool() { Thread.sleep(forTimeInterval: 0.25) }

    /// Each product is within `tolerance` of the triple loop, and every round gives the same
    /// bits, whether the helper computed a half or the caller computed both.
    func checkSharedProducts<Scalar: TensorScalar>(_: Scalar.Type, tolerance: Double) {
        BLAS.numThreads = 2
        let operands = allOperands(Scalar.self)
        waitForQuietPool()
        // Rounds until the helper has computed a half of 14 products (at least 3 rounds, at most
        // 3 s): a half it has not started when the caller is done with its own goes back to the
        // caller, and on a busy machine both threads can share one core for a while.
        let before = BLAS.sharedProductCount, start = Date()
        var rounds: [[[Scalar]]] = []
        while rounds.count < 3 || (BLAS.sharedProductCount - before < 2 * Self.products.count && Date().timeIntervalSince(start) < 3) {
            rounds.append(Self.runAll(operands))
        }
        XCTAssertGreaterThanOrEqual(BLAS.sharedProductCount - before, 2 * Self.products.count,
                                    "the helper thread computed half of products")
        for (index, product) in Self.products.enumerated() {
            let exact = naive(product, operands[index].a, operands[index].b, operands[index].c)
            for (got, want) in zip(rounds[0][index], exact) {
                XCTAssertEqual(Double(got), want, accuracy: tolerance, "\(Scalar.self) product \(index)")
            }
            for round in 1..<rounds.count {
                XCTAssertEqual(rounds[round][index], rounds[0][index], "\(Scalar.self) product \(index), round \(round)")
            }
        }
    }

    func testSharedFloatProductsMatchTheLoop() { checkSharedProducts(Float.self, tolerance: 1e-4) }
    func testSharedDoubleProductsMatchTheLoop() { checkSharedProducts(Double.self, tolerance: 1e-12) }

    /// Four threads multiplying at once: one of them has the helper at a time, the others compute
    /// both halves themselves; every result has the bits of the same product on one caller.
    func testConcurrentCallersGetTheSameBits() {
        BLAS.numThreads = 2
        let operands = allOperands(Float.self)
        waitForQuietPool()
        let expected = Self.runAll(operands)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for round in 0..<40 {
                let index = (worker + round) % Self.products.count
                let product = Self.products[index]
                if Self.run(product, operands[index].a, operands[index].b, operands[index].c) != expected[index] {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, 0)
    }

    /// Off, or with OpenBLAS on one thread, no product is shared, and OpenBLAS's results match the loop.
    func testNothingIsSharedWhenOffOrOnOneThread() {
        let operands = allOperands(Double.self)
        for (setting, threads) in [(false, 2), (true, 1)] {
            BLAS.usesHelperThread = setting
            BLAS.numThreads = threads
            waitForQuietPool()
            let before = BLAS.sharedProductCount
            let results = Self.runAll(operands)
            XCTAssertEqual(BLAS.sharedProductCount, before, "sharing \(setting), \(threads) thread(s)")
            for (index, product) in Self.products.enumerated() {
                let exact = naive(product, operands[index].a, operands[index].b, operands[index].c)
                for (got, want) in zip(results[index], exact) { XCTAssertEqual(got, want, accuracy: 1e-12) }
            }
        }
        BLAS.usesHelperThread = true
        XCTAssertTrue(BLAS.usesHelperThread)
    }
}
