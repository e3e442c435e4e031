import XCTest
import NN

/// The Module contract on tables: what ModuleContractTests checks on tensors, checked through
/// `forward(table:)` and `backward(table:_:)` on every registered example that takes or gives a
/// table (``ModuleExample/usesTables``). Together the two suites cover every example.
final class TableContractTests: XCTestCase {
    private func tableExamples() -> [(module: any Module<Double>, input: Activation<Double>, label: String)] {
        manualSeed(71)
        return ModuleRegistry.kinds.flatMap { kind in
            kind.examples(Double.self).filter(\.usesTables).map { ($0.module, $0.input, "\(kind.name) (\($0.note)) on \($0.input.shapeDescription)") }
        }
    }

    func testEveryTableKindHasTableExamplesAndEveryExampleIsCheckedBySomeSuite() {
        let table = ["ConcatTable", "ParallelTable", "CAddTable", "CSubTable", "CMulTable", "CDivTable", "JoinTable", "SplitTable",
                     "SelectTable", "NarrowTable", "FlattenTable", "MapTable"]
        for name in table {
            let kind = ModuleRegistry.kind(named: name)
            XCTAssertNotNil(kind, name)
            XCTAssertTrue(kind?.examples(Double.self).contains(where: \.usesTables) ?? false, "\(name) has no example on tables")
            XCTAssertTrue(kind?.examples(Double.self).allSatisfy { $0.module.usesTables } ?? false, "\(name) says it uses tables")
        }
        // A tensor module and a plain chain take the tensor path, untouched by tables.
        XCTAssertFalse(Linear<Double>(2, 2).usesTables)
        XCTAssertFalse(Sequential<Double> { Linear(2, 2); ReLU(); Identity() }.usesTables)
        XCTAssertTrue(Sequential<Double> { Sequential { ConcatTable { Identity(); Identity() } }; CAddTable() }.usesTables)
        XCTAssertGreaterThanOrEqual(tableExamples().count, 20)
    }

    func testKeptOutputIsNotChangedByTheNextForward() {
        for (index, entry) in tableExamples().enumerated() {
            let kept = entry.module.forward(table: uniformTable(entry.input, seed: UInt64(100 + index)))
            let copy = kept.map { Tensor(shape: $0.shape, scalars: Array($0.scalars)) }
            let other = entry.module.forward(table: uniformTable(entry.input, seed: UInt64(200 + index)))
            XCTAssertNotEqual(other, copy, "\(entry.label): the second input gives another output")
            XCTAssertEqual(kept, copy, "\(entry.label): a kept output changed")
        }
    }

    func testKeptGradInputIsNotChangedByTheNextBackward() {
        for (index, entry) in tableExamples().enumerated() {
            let x = uniformTable(entry.input, seed: UInt64(300 + index))
            let y = entry.module.forward(table: x)
            let kept = entry.module.backward(table: x, uniformTable(y, seed: 1))
            let copy = kept.map { Tensor(shape: $0.shape, scalars: Array($0.scalars)) }
            _ = entry.module.forward(table: x)
            let other = entry.module.backward(table: x, uniformTable(y, seed: 2))
            XCTAssertNotEqual(other, copy, "\(entry.label): the second gradOutput gives another gradInput")
            XCTAssertEqual(kept, copy, "\(entry.label): a kept gradInput changed")
        }
    }

    func testGradInputHasTheInputShapesAndResultsAreStored() {
        for (index, entry) in tableExamples().enumerated() {
            let x = uniformTable(entry.input, seed: UInt64(400 + index))
            let y = entry.module.forward(table: x)
            XCTAssertEqual(entry.module.tableOutput, y, entry.label)
            let gradInput = entry.module.backward(table: x, uniformTable(y, seed: 3))
            XCTAssertEqual(gradInput.shapeDescription, x.shapeDescription, entry.label)
            XCTAssertEqual(entry.module.tableGradInput, gradInput, entry.label)
            // The tensor properties agree with the table ones where those are tensors.
            XCTAssertEqual(entry.module.output, y.tensor ?? Tensor(), entry.label)
            XCTAssertEqual(entry.module.gradInput, gradInput.tensor ?? Tensor(), entry.label)
        }
    }

    func testTwoBackwardCallsDoubleEveryParameterGradient() {
        var checked = 0
        for (index, entry) in tableExamples().enumerated() where !entry.module.parameters().isEmpty {
            let x = uniformTable(entry.input, seed: UInt64(500 + index))
            let g = uniformTable(entry.module.forward(table: x), seed: 4)
            entry.module.backward(table: x, g)
            let once = entry.module.parameters().map(\.grad)
            entry.module.backward(table: x, g)
            for (p, g1) in zip(entry.module.parameters(), once) {
                XCTAssertGreaterThan(g1.abs().max(), 0, entry.label)
                assertClose(p.grad, g1 * 2, tolerance: 1e-14, "\(entry.label) \(p.name)")
            }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 2)
    }

    /// Every table example's input and parameter gradients agree with central differences.
    func testGradientsOfEveryTableExampleMatchFiniteDifferences() {
        for (index, entry) in tableExamples().enumerated() {
            assertTableGradientsMatch(entry.module, input: uniformTable(entry.input, seed: UInt64(600 + index)), entry.label)
        }
    }

    /// Each example's description survives clearState, and the module still runs after it.
    func testClearStateEmptiesTheBuffers() {
        for (index, entry) in tableExamples().enumerated() {
            let x = uniformTable(entry.input, seed: UInt64(700 + index))
            let y = entry.module.forward(table: x)
            entry.module.clearState()
            XCTAssertEqual(entry.module.output, Tensor(), entry.label)
            XCTAssertEqual(entry.module.forward(table: x), y, entry.label)
        }
    }
}
