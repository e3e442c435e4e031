import Dispatch
import Foundation
import Synchronization
import XCTest
@_spi(Testing) @testable import WickCore

/// Products shared between the calling thread and Wick's helper thread
/// (``BLAS/usesHelperThread``): right for every transpose, cut along rows or columns, with
/// alpha, beta and leading dimensions wider than the matrices, and bit for bit the same whichever
/// thread computes the second half, with several threads calling at once. The helper runs in its
/// deterministic mode (it runs every half it is handed) with no quiet period, so the tests count
/// exactly the halves it computed, with no timing involved; each tier of the dispatch is also
/// forced on every shape (tables of the tests' own), as with an OpenBLAS version the table was not
/// tuned for.
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

    private var savedThreads = 1, savedQuiet = 0

    override func setUp() {
        savedThreads = BLAS.numThreads
        savedQuiet = BLAS.helperQuietMicroseconds
        BLAS.usesHelperThread = true
        BLAS.helperQuietMicroseconds = 0
        BLAS.helperThreadIsDeterministic = true
    }

    override func tearDown() {
        BLAS.helperThreadIsDeterministic = false
        BLAS.numThreads = savedThreads
        BLAS.helperQuietMicroseconds = savedQuiet
        BLAS.usesHelperThread = true
    }

    /// Operands for `product`, filled from `seed`.
    private func operands<Scalar: TensorScalar>(_ product: Product, seed: UInt64, _: Scalar.Type)
        -> (a: [Scalar], b: [Scalar], c: [Scalar]) {
        var g = RandomGenerator(seed: seed)
        func fill(_ count: Int) -> [Scalar] { (0..<count).map { _ in Scalar(g.uniform(-1, 1)) } }
        return (fill(product.aCount), fill(product.bCount), fill(product.cCount))
    }

    /// Runs `product` on copies of the operands, dispatched by `thresholds`, and returns C.
    private static func run<Scalar: TensorScalar>(_ product: Product, _ a: [Scalar], _ b: [Scalar], _ c: [Scalar],
                                                  thresholds: GEMMDispatch.Thresholds = GEMMDispatch.thresholds) -> [Scalar] {
        var c = c
        c.withUnsafeMutableBufferPointer { pc in
            gemm(transposeA: product.transposeA, transposeB: product.transposeB,
                 m: product.m, n: product.n, k: product.k, alpha: Scalar(product.alpha),
                 a: a, lda: product.lda, b: b, ldb: product.ldb,
                 beta: Scalar(product.beta), c: pc.baseAddress!, ldc: product.ldc, thresholds: thresholds)
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

    /// Every product once.
    private static func runAll<Scalar: TensorScalar>(_ operands: [(a: [Scalar], b: [Scalar], c: [Scalar])]) -> [[Scalar]] {
        products.indices.map { run(products[$0], operands[$0].a, operands[$0].b, operands[$0].c) }
    }

    /// Each product is within `tolerance` of the triple loop, computed by the two threads (the
    /// helper computes one half of each), and gives the same bits when the caller computes both
    /// halves (during an endless quiet period).
    func checkSharedProducts<Scalar: TensorScalar>(_: Scalar.Type, tolerance: Double) {
        BLAS.numThreads = 2
        let operands = allOperands(Scalar.self)
        for product in Self.products {
            guard case .twoThreads = GEMMDispatch.route(m: product.m, n: product.n, k: product.k,
                                                        transposeA: product.transposeA, transposeB: product.transposeB)
            else { return XCTFail("\(product) is not in the two-thread tier") }
        }
        let before = BLAS.sharedProductCount
        let shared = Self.runAll(operands)
        XCTAssertEqual(BLAS.sharedProductCount - before, Self.products.count, "the helper computed a half of each")
        BLAS.helperQuietMicroseconds = 3_600_000_000
        GEMMDispatch.helperStepsAside()  // as after a product on OpenBLAS's threads: the quiet period starts
        GEMMDispatch.openBLASThreadsDone()
        let alone = Self.runAll(operands)
        XCTAssertEqual(BLAS.sharedProductCount - before, Self.products.count, "the caller computed both halves")
        BLAS.helperQuietMicroseconds = 0
        for (index, product) in Self.products.enumerated() {
            let exact = naive(product, operands[index].a, operands[index].b, operands[index].c)
            for (got, want) in zip(shared[index], exact) {
                XCTAssertEqual(Double(got), want, accuracy: tolerance, "\(Scalar.self) product \(index)")
            }
            XCTAssertEqual(alone[index], shared[index], "\(Scalar.self) product \(index): the same bits on one thread")
        }
    }

    /// Every product through each tier, forced by a threshold table that sends everything there
    /// (as another OpenBLAS version's table might), passed to `gemm`: the loops, the two threads (cut wherever the
    /// shape allows, down to a single row or column on each side), and OpenBLAS alone.
    func checkEveryTier<Scalar: TensorScalar>(_: Scalar.Type, tolerance: Double) {
        BLAS.numThreads = 2
        // Small shapes too, down to one row or column, and both transposed.
        let extra: [Product] = [
            Product(transposeA: false, transposeB: false, m: 1, n: 2, k: 1, alpha: 1, beta: 0, pad: 0),
            Product(transposeA: true, transposeB: false, m: 2, n: 1, k: 3, alpha: 2, beta: 1, pad: 1),
            Product(transposeA: false, transposeB: true, m: 3, n: 5, k: 2, alpha: -1, beta: 0.5, pad: 2),
            Product(transposeA: true, transposeB: true, m: 7, n: 3, k: 4, alpha: 1, beta: 0, pad: 0),
        ]
        let products = Self.products + extra
        let everything = Int.max / 4
        let tables: [(String, GEMMDispatch.Thresholds)] = [
            ("loops", .init(loopsMaximum: everything, twoThreadsMinimum: everything, twoThreadsMinimumInner: 1,
                            twoThreadsMinimumSide: 2, openBLASSingleThreadMaximum: everything, openBLASVersion: "test")),
            ("two threads", .init(loopsMaximum: 0, twoThreadsMinimum: 1, twoThreadsMinimumInner: 1,
                                  twoThreadsMinimumSide: 2, openBLASSingleThreadMaximum: everything, openBLASVersion: "test")),
            ("OpenBLAS", .init(loopsMaximum: 0, twoThreadsMinimum: everything, twoThreadsMinimumInner: 1,
                               twoThreadsMinimumSide: 2, openBLASSingleThreadMaximum: everything, openBLASVersion: "test")),
            ("two large halves", .init(loopsMaximum: 0, twoThreadsMinimum: 1, twoThreadsMinimumInner: 1,
                                       twoThreadsMinimumSide: 2, openBLASSingleThreadMaximum: 0, openBLASVersion: "test")),
        ]
        for (name, table) in tables {
            for (index, product) in products.enumerated() {
                let route = GEMMDispatch.route(m: product.m, n: product.n, k: product.k,
                                               transposeA: product.transposeA, transposeB: product.transposeB, thresholds: table)
                switch (name, route) {
                case ("loops", .loops), ("two threads", .twoThreads), ("OpenBLAS", .openBLAS),
                     ("two large halves", .twoLargeHalves): break
                // Both transposed never runs as loops; one row and one column cannot be cut.
                case ("loops", .openBLAS) where product.transposeA && product.transposeB: break
                case ("two threads", .openBLAS) where product.m < 2 && product.n < 2: break
                case ("two large halves", .openBLASThreads) where product.m < 2 && product.n < 2: break
                default: XCTFail("\(name): product \(index) took \(route)")
                }
                let (a, b, c) = operands(product, seed: UInt64(index + 1), Scalar.self)
                let before = BLAS.sharedProductCount
                let result = Self.run(product, a, b, c, thresholds: table)
                switch route {
                case .twoThreads, .twoLargeHalves: XCTAssertEqual(BLAS.sharedProductCount - before, 1, "\(name) \(index): shared")
                default: break
                }
                XCTAssertEqual(BLAS.numThreads, 2, "\(name) \(index): OpenBLAS keeps its threads")
                for (got, want) in zip(result, naive(product, a, b, c)) {
                    XCTAssertEqual(Double(got), want, accuracy: tolerance, "\(Scalar.self) \(name) product \(index)")
                }
            }
        }
    }

    func testEveryTierMatchesTheLoopFloat() { checkEveryTier(Float.self, tolerance: 1e-4) }
    func testEveryTierMatchesTheLoopDouble() { checkEveryTier(Double.self, tolerance: 1e-12) }

    func testSharedFloatProductsMatchTheLoop() { checkSharedProducts(Float.self, tolerance: 1e-4) }
    func testSharedDoubleProductsMatchTheLoop() { checkSharedProducts(Double.self, tolerance: 1e-12) }

    /// Four threads multiplying at once: one of them has the helper at a time, the others compute
    /// both halves themselves; every result has the bits of the same product on one caller.
    func testConcurrentCallersGetTheSameBits() {
        BLAS.numThreads = 2
        let operands = allOperands(Float.self)
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
