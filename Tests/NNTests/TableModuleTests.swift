import XCTest
import NN

/// What each table module computes, forwards and backwards, on small hand-worked tables; what a
/// wrong table stops with; how they print.
final class TableModuleTests: XCTestCase {
    let a = Tensor<Double>([[1, 2], [3, 4]]), b = Tensor<Double>([[5, -6], [7, 0.5]])

    func testConcatTableGivesEveryChildTheInputAndSumsTheirInputGradients() {
        let concat = ConcatTable<Double> { Identity(); ReLU() }
        let x = Tensor<Double>([-1, 2])
        XCTAssertEqual(concat.forward(table: .tensor(x)), Activation([x, Tensor([0, 2])]))
        // Identity passes (1, 2) back, ReLU passes (0, 4): the sum is (1, 6), as in Torch7.
        XCTAssertEqual(concat.backward(table: .tensor(x), Activation([Tensor([1, 2]), Tensor([3, 4])])), .tensor(Tensor([1, 6])))
        XCTAssertEqual(concat.gradInput, Tensor([1, 6]))
        // On a table input the sum is taken entry by entry.
        let onTable = ConcatTable<Double> { Identity(); Identity() }
        let t = Activation([a, b])
        _ = onTable.forward(table: t)
        XCTAssertEqual(onTable.backward(table: t, .table([t, t])), Activation([a * 2, b * 2]))
    }

    func testParallelTableGivesEachChildItsEntry() {
        let parallel = ParallelTable<Double>().add(ReLU()).add(Tanh())
        let y = parallel.forward(table: Activation([b, a]))
        XCTAssertEqual(y, Activation([Tensor([[5, 0], [7, 0.5]]), a.tanh()]))
        let g = parallel.backward(table: Activation([b, a]), Activation([a, a]))
        XCTAssertEqual(g.entries?[0], .tensor(Tensor([[1, 0], [3, 4]])))
        assertClose(g.entries![1].tensor!, a * (1 - a.tanh() * a.tanh()), tolerance: 1e-15)
    }

    func testElementwiseTablesAndTheirGradients() {
        let x = Activation([a, b]), g = Tensor<Double>([[1, -1], [2, 0.5]])
        let add = CAddTable<Double>()
        XCTAssertEqual(add.forward(table: .table([.tensor(a), .tensor(b), .tensor(a)])), .tensor(a + b + a))
        XCTAssertEqual(add.backward(table: .table([.tensor(a), .tensor(b), .tensor(a)]), .tensor(g)), Activation([g, g, g]))
        let sub = CSubTable<Double>()
        XCTAssertEqual(sub.forward(table: x), .tensor(a - b))
        XCTAssertEqual(sub.backward(table: x, .tensor(g)), Activation([g, -g]))
        let mul = CMulTable<Double>()
        let zero = Tensor<Double>([[0, 1], [1, 1]])
        XCTAssertEqual(mul.forward(table: Activation([a, b, zero])), .tensor(a * b * zero))
        // The gradient of an entry is the product of the others, also where an entry is zero.
        XCTAssertEqual(mul.backward(table: Activation([a, b, zero]), .tensor(g)), Activation([g * b * zero, g * a * zero, g * a * b]))
        let div = CDivTable<Double>()
        XCTAssertEqual(div.forward(table: x), .tensor(a / b))
        XCTAssertEqual(div.backward(table: x, .tensor(g)), Activation([g / b, -g * a / (b * b)]))
    }

    func testJoinAndSplitTableAreInverse() {
        let join = JoinTable<Double>(0)
        let joined = join.forward(table: Activation([a, b]))
        XCTAssertEqual(joined, .tensor(Tensor([[1, 2], [3, 4], [5, -6], [7, 0.5]])))
        XCTAssertEqual(JoinTable<Double>(-1).forward(table: Activation([a, b])), .tensor(Tensor([[1, 2, 5, -6], [3, 4, 7, 0.5]])))
        // With nInputDims 1, rank-2 entries are a batch: dimension 0 is the features.
        XCTAssertEqual(JoinTable<Double>(0, nInputDims: 1).forward(table: Activation([a, b])), JoinTable<Double>(1).forward(table: Activation([a, b])))
        let g = Tensor<Double>(shape: [4, 2], scalars: (0..<8).map(Double.init))
        XCTAssertEqual(join.backward(table: Activation([a, b]), .tensor(g)), Activation([g.narrowed(alongDimension: 0, start: 0, length: 2),
                                                                                       g.narrowed(alongDimension: 0, start: 2, length: 2)]))
        let split = SplitTable<Double>(1)
        XCTAssertEqual(split.forward(table: .tensor(a)), Activation([Tensor([1, 3]), Tensor([2, 4])]))
        XCTAssertEqual(split.backward(table: .tensor(a), Activation([Tensor([5, 6]), Tensor([7, 8])])), .tensor(Tensor([[5, 7], [6, 8]])))
        XCTAssertEqual(SplitTable<Double>(0, nInputDims: 1).forward(table: .tensor(a)), split.forward(table: .tensor(a)))
    }

    func testSelectNarrowAndFlattenTable() {
        let c = Tensor<Double>([9])
        let nested = Activation<Double>.table([.tensor(a), Activation([b, c])])
        XCTAssertEqual(SelectTable<Double>(0).forward(table: nested), .tensor(a))
        let last = SelectTable<Double>(-1)
        XCTAssertEqual(last.forward(table: nested), Activation([b, c]))
        // The other entries' gradients are zeros of their shapes.
        XCTAssertEqual(last.backward(table: nested, Activation([a, Tensor([1])])),
                       .table([.tensor(Tensor.zeros(2, 2)), Activation([a, Tensor([1])])]))
        let narrow = NarrowTable<Double>(1, 2)
        let three = Activation([a, b, c])
        XCTAssertEqual(narrow.forward(table: three), Activation([b, c]))
        XCTAssertEqual(narrow.backward(table: three, Activation([a, Tensor([2])])), Activation([Tensor.zeros(2, 2), a, Tensor([2])]))
        let flatten = FlattenTable<Double>()
        XCTAssertEqual(flatten.forward(table: nested), Activation([a, b, c]))
        XCTAssertEqual(flatten.backward(table: nested, Activation([b, a, c * 2])), .table([.tensor(b), Activation([a, c * 2])]))
    }

    func testIdentityPassesTablesThrough() {
        let identity = Identity<Double>()
        let t = Activation([a, b])
        XCTAssertEqual(identity.forward(table: t), t)
        XCTAssertEqual(identity.tableOutput, t)
        XCTAssertEqual(identity.backward(table: t, Activation([b, a])), Activation([b, a]))
        // And tensors as before, through its own buffer.
        XCTAssertEqual(identity.forward(table: .tensor(a)), .tensor(a))
        XCTAssertEqual(identity.output, a)
    }

    func testMapTableAppliesOneModuleWithSharedParametersToEveryEntry() {
        manualSeed(88)
        let linear = Linear<Double>(2, 2)
        let map = MapTable<Double>(linear)
        XCTAssertEqual(map.parameters().count, 2, "the module's parameters, once")
        let x = Activation([a, b, Tensor([1, -1])])
        let y = map.forward(table: x)
        XCTAssertEqual(y, Activation([linear.forward(a), linear.forward(b), linear.forward(Tensor([1, -1]))]))
        // The weight gradient accumulates every entry's: Σ gᵢᵀ xᵢ.
        _ = map.forward(table: x)
        let g = Activation([Tensor.ones(2, 2), Tensor.ones(2, 2) * 2, Tensor([1, 3])])
        map.backward(table: x, g)
        let expected = matmul(Tensor.ones(2, 2).transposed(), a) + matmul((Tensor.ones(2, 2) * 2).transposed(), b)
            + outer(Tensor([1, 3]), Tensor([1, -1]))
        assertClose(linear.parameters()[0].grad, expected, tolerance: 1e-14)
        // Flattening the parameters (getParameters) moves them; the clones follow.
        let flat = map.getParameters()
        flat.valuePointer.update(repeating: 0, count: flat.count)
        XCTAssertEqual(map.forward(table: x).tensors.map { $0.abs().max() }, [0, 0, 0])
        XCTAssertEqual(map.description, "nn.MapTable {\n  nn.Linear(2 -> 2)\n}")
        XCTAssertEqual(MapTable<Double>(Sequential { Tanh() }).description,
                       "nn.MapTable {\n  nn.Sequential {\n          [input -> (1) -> output]\n          (1): nn.Tanh\n        }\n}")
    }

    // MARK: Residual blocks

    /// The residual block of the issue, with few channels: ConcatTable(branch, Identity) →
    /// CAddTable → ReLU.
    private func residualBlock(_ channels: Int) -> Sequential<Double> {
        Sequential<Double> {
            ConcatTable {
                Sequential {
                    SpatialConvolution(channels, channels, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(channels); ReLU()
                    SpatialConvolution(channels, channels, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(channels)
                }
                Identity()
            }
            CAddTable()
            ReLU()
        }
    }

    func testResidualBlockComputesBranchPlusInputAndTakesTensors() {
        manualSeed(81)
        let block = residualBlock(2)
        let x = uniformInput([2, 2, 4, 4], seed: 82)
        let y = block.forward(x)  // the tensor methods, as for any module
        let branch = (block[0].children[0]).forward(x)
        assertClose(y, (branch + x).map { max($0, 0) }, tolerance: 1e-14)
        XCTAssertTrue(block.usesTables)
        XCTAssertEqual(block.backward(x, Tensor.ones(shape: y.shape)).shape, x.shape)
        // The same block with add(_:) chaining computes the same.
        let chained = Sequential<Double>()
            .add(ConcatTable<Double>().add(block[0].children[0] as! Sequential<Double>).add(Identity()))
            .add(CAddTable()).add(ReLU())
        XCTAssertEqual(chained.forward(x), y)
    }

    func testGradientsOfResidualBlocksMatchFiniteDifferences() {
        manualSeed(83)
        let x = uniformInput([2, 2, 4, 4], seed: 84, avoiding: [0], margin: 1e-2)
        assertTableGradientsMatch(residualBlock(2), input: .tensor(x), "residual block")
        // Through the tensor methods too (GradientCheck), as a plain module in a plain chain.
        assertGradientsMatch(Sequential<Double> { residualBlock(2); Tanh() }, input: x, "residual block in a chain")
        // A downsampling block: a strided branch, and a 1x1 strided convolution as the shortcut.
        let down = Sequential<Double> {
            ConcatTable {
                Sequential { SpatialConvolution(2, 3, 3, 3, 2, 2, 1, 1); SpatialBatchNormalization(3); ReLU()
                             SpatialConvolution(3, 3, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(3) }
                Sequential { SpatialConvolution(2, 3, 1, 1, 2, 2); SpatialBatchNormalization(3) }
            }
            CAddTable()
            ReLU()
        }
        XCTAssertEqual(down.forward(x).shape, [2, 3, 2, 2])
        assertTableGradientsMatch(down, input: .tensor(x), "downsampling block")
    }

    func testResidualNetworkSavesAndLoadsWithIdenticalOutputs() throws {
        manualSeed(85)
        let net = Sequential<Float> {
            SpatialConvolution(1, 2, 3, 3, 1, 1, 1, 1)
            Sequential<Float> {
                ConcatTable { Sequential { SpatialConvolution(2, 2, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(2) }; Identity() }
                CAddTable(); ReLU()
            }
            View(-1).setNumInputDims(3); Linear(32, 3)
        }
        let x = Tensor<Float>.normal(shape: [2, 1, 4, 4])
        _ = net.forward(x)
        net.evaluate()
        let loaded = try ModelSerializer<Float>.decode(try ModelSerializer<Float>.encode(net))
        XCTAssertEqual(loaded.description, net.description)
        XCTAssertEqual(loaded.forward(x), net.forward(x))
    }

    func testTrainingAResidualNetworkLowersTheLoss() {
        manualSeed(86)
        let net = Sequential<Double> {
            Linear(4, 8)
            ConcatTable { Sequential { Linear(8, 8); Tanh() }; Identity() }
            CAddTable()
            Linear(8, 2)
        }
        let x = uniformInput([16, 4], seed: 87), targets = (0..<16).map { i in x[i, 0] > 0 ? 1 : 0 }
        let criterion = CrossEntropyCriterion<Double>()
        let first = criterion.forward(net.forward(x), targets)
        for _ in 0..<100 {
            let y = net.forward(x)
            _ = criterion.forward(y, targets)
            net.zeroGradParameters()
            net.backward(x, criterion.backward(y, targets))
            net.updateParameters(learningRate: 0.2)
        }
        XCTAssertLessThan(criterion.forward(net.forward(x), targets), first / 3)
    }

    // MARK: Wrong tables

    func testWrongTablesStopWithTheModuleAndWhatItGot() {
        XCTAssertEqual(trappedMessage { _ = CAddTable<Double>().forward(Tensor.zeros(2, 3)) },
                       "nn.CAddTable: expected a table as input, got a tensor 2x3")
        XCTAssertEqual(trappedMessage { _ = CAddTable<Double>().forward(table: Activation([Tensor.zeros(2, 3), Tensor.zeros(3, 2)])) },
                       "nn.CAddTable: the entries must have one shape, got a table of 2 {2x3, 3x2}")
        XCTAssertEqual(trappedMessage { _ = CSubTable<Double>().forward(table: Activation([Tensor.zeros(2)])) },
                       "nn.CSubTable: expected a table of 2 tensors, got a table of 1 {2}")
        XCTAssertEqual(trappedMessage { _ = ParallelTable<Double> { Identity(); Identity() }.forward(table: Activation([Tensor.zeros(2)])) },
                       "nn.ParallelTable: input a table of 1 {2} has 1 entries for 2 modules")
        XCTAssertEqual(trappedMessage { _ = SelectTable<Double>(2).forward(table: Activation([Tensor.zeros(2), Tensor.zeros(1)])) },
                       "nn.SelectTable(2): index out of range for a table of 2 {2, 1}")
        XCTAssertEqual(trappedMessage { _ = NarrowTable<Double>(1, 2).forward(table: Activation([Tensor.zeros(2), Tensor.zeros(1)])) },
                       "nn.NarrowTable: entries 1..<3 out of range for a table of 2 {2, 1}")
        XCTAssertEqual(trappedMessage { _ = JoinTable<Double>(1).forward(table: Activation([Tensor.zeros(2, 3), Tensor.zeros(3, 3)])) },
                       "nn.JoinTable: entries {2x3, 3x3} do not agree outside dimension 1")
        XCTAssertEqual(trappedMessage { _ = CAddTable<Double>().forward(table: .table([.tensor(Tensor.zeros(2)), Activation([Tensor.zeros(2)])])) },
                       "nn.CAddTable: expected a table of tensors as input, got a table of 2 {2, {2}}")
        // A table where a tensor module expects a tensor, and a table out of a tensor call.
        XCTAssertEqual(trappedMessage { _ = Sequential<Double> { SplitTable(0); Linear(2, 2) }.forward(Tensor.zeros(2, 2)) },
                       "nn.Linear(2 -> 2): expected a tensor as input, got a table of 2 {2, 2}")
        XCTAssertEqual(trappedMessage { _ = ConcatTable<Double> { Identity() }.forward(Tensor.zeros(2)) },
                       "nn.ConcatTable: expected a tensor as output (use forward(table:) for a table), got a table of 1 {2}")
        XCTAssertEqual(trappedMessage { _ = ConcatTable<Double> { Identity(); Identity() }.backward(table: .tensor(Tensor.zeros(2)), Activation([Tensor.zeros(2)])) },
                       "nn.ConcatTable: gradOutput a table of 1 {2} has 1 entries for 2 modules")
    }

    // MARK: Printing

    func testPrintsAsTorch7() {
        let block = ConcatTable<Double> { Sequential { Linear(2, 2); ReLU() }; Identity() }
        XCTAssertEqual(block.description, """
            nn.ConcatTable {
              input
                |`-> (1): nn.Sequential {
                |      [input -> (1) -> (2) -> output]
                |      (1): nn.Linear(2 -> 2)
                |      (2): nn.ReLU
                |    }
                 `-> (2): nn.Identity
                 ... -> output
            }
            """)
        XCTAssertEqual(ParallelTable<Double> { Tanh(); Identity() }.description, """
            nn.ParallelTable {
              input
                |`-> (1): nn.Tanh
                 `-> (2): nn.Identity
                 ... -> output
            }
            """)
        XCTAssertEqual([CAddTable<Double>().description, CSubTable<Double>().description, CMulTable<Double>().description,
                        CDivTable<Double>().description, JoinTable<Double>(1).description, SplitTable<Double>(0).description,
                        SelectTable<Double>(-1).description, NarrowTable<Double>(0).description, FlattenTable<Double>().description],
                       ["nn.CAddTable", "nn.CSubTable", "nn.CMulTable", "nn.CDivTable", "nn.JoinTable", "nn.SplitTable",
                        "nn.SelectTable(-1)", "nn.NarrowTable", "nn.FlattenTable"])
    }
}
