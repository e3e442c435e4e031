import XCTest
import NN

final class ParallelTests: XCTestCase {
    func testEachChildGetsItsSlice() {
        // Rows of the input go to the children in order; the outputs are joined.
        let parallel = Parallel<Double>(inputDimension: 0, outputDimension: 0).add(Identity()).add(ReLU())
        XCTAssertEqual(parallel.forward(Tensor([[1, -2], [-3, 4]])), Tensor([1, -2, 0, 4]))
    }

    func testTorchDocumentationExample() {
        // Torch7's nn.Parallel(2, 1) with Linear(10, 3) and Linear(10, 2) on a 10x2 input.
        manualSeed(36)
        let a = Linear<Double>(10, 3), b = Linear<Double>(10, 2)
        let parallel = Parallel<Double>(inputDimension: 1, outputDimension: 0).add(a).add(b)
        let x = uniformInput([10, 2], seed: 32)
        let expected = Tensor.concatenated([a.forward(x.column(0)), b.forward(x.column(1))], alongDimension: 0)
        XCTAssertEqual(parallel.forward(x), expected)
        XCTAssertEqual(parallel.output.shape, [5])
    }

    func testBatchesOfSlices() {
        manualSeed(37)
        let a = Linear<Double>(4, 3), b = Linear<Double>(4, 2)
        let parallel = Parallel<Double>(inputDimension: 1, outputDimension: -1).add(a).add(b)
        let x = uniformInput([5, 2, 4], seed: 33)
        let y = parallel.forward(x)
        XCTAssertEqual(y.shape, [5, 5])
        let first = a.forward(x.selecting(index: 0, alongDimension: 1))
        XCTAssertEqual(y.narrowed(alongDimension: 1, start: 0, length: 3), first)
    }

    func testBackwardPutsEachGradientInItsSlice() {
        let parallel = Parallel<Double>(inputDimension: 0, outputDimension: 0).add(Identity()).add(ReLU())
        let x = Tensor<Double>([[1, -2], [-3, 4]])
        _ = parallel.forward(x)
        XCTAssertEqual(parallel.backward(x, Tensor([1, 2, 3, 4])), Tensor([[1, 2], [0, 4]]))
    }

    func testGradientsMatchFiniteDifferencesOnSampleAndBatch() {
        manualSeed(38)
        let single = Parallel<Double>(inputDimension: 1, outputDimension: 0)
            .add(Linear(3, 2)).add(Sequential { Linear(3, 4); Tanh() })
        assertGradientsMatch(single, input: uniformInput([3, 2], seed: 34), "(sample)")
        let batch = Parallel<Double>(inputDimension: 1, outputDimension: 1)
            .add(Linear(3, 2)).add(Sequential { Linear(3, 4); Tanh() }).add(Identity())
        assertGradientsMatch(batch, input: uniformInput([4, 3, 3], seed: 35), "(batch)")
    }

    func testParametersFollowTheChildren() {
        let parallel = Parallel<Double>(inputDimension: 0, outputDimension: 0)
            .add(Linear(2, 3)).add(Tanh()).add(Linear(2, 1, bias: false))
        XCTAssertEqual(parallel.parameters().map(\.shape), [[3, 2], [3], [1, 2]])
    }

    func testDescriptionIsTorchsLayout() {
        let parallel = Parallel<Double>(inputDimension: 1, outputDimension: 0).add(Linear(10, 3)).add(Linear(10, 2))
        XCTAssertEqual(parallel.description, """
            nn.Parallel {
              input
                |`-> (1): nn.Linear(10 -> 3)
                |`-> (2): nn.Linear(10 -> 2)
                 ... -> output
            }
            """)
    }

    func testMisuseMessagesNameTheContainerOnOneLine() {
        let parallel = Parallel<Double>(inputDimension: 0, outputDimension: 0).add(Identity()).add(Tanh())
        XCTAssertEqual(trappedMessage { _ = parallel.forward(Tensor.zeros(3, 2)) },
                       "nn.Parallel: input 3x2 has 3 slices along dimension 0 for 2 modules")
        XCTAssertEqual(trappedMessage { _ = Parallel<Double>(inputDimension: 2, outputDimension: 0).add(Tanh()).forward(Tensor.zeros(2, 2)) },
                       "nn.Parallel: dimension 2 out of range for shape 2x2")
        let x = Tensor<Double>.zeros(2, 3)
        _ = parallel.forward(x)
        XCTAssertEqual(trappedMessage { parallel.backward(x, Tensor.zeros(3)) },
                       "nn.Parallel: gradOutput 3 does not match output 6 of the last forward pass")
    }

    func testAnEmptyParallelSaysSo() {
        XCTAssertEqual(trappedMessage { _ = Parallel<Double>(inputDimension: 0, outputDimension: 0).forward(Tensor.zeros(2, 3)) },
                       "nn.Parallel: has no modules")
        XCTAssertEqual(trappedMessage { _ = Parallel<Double>(inputDimension: 0, outputDimension: 0).forward(Tensor.zeros(shape: [0, 3])) },
                       "nn.Parallel: has no modules")
    }
}
