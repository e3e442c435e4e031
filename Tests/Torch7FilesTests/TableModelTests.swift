import Foundation
import XCTest
@testable import Torch7Files

/// Torch7's table modules read from and written to `nn` object trees: 1-based fields become
/// Wick's 0-based ones and back; residual networks round-trip.
final class Torch7TableModelTests: XCTestCase {
    func nn(_ className: String, _ fields: [String: Torch7Object] = [:]) -> Torch7Object {
        let table = Torch7Table()
        table.set(.boolean(false), for: .string("train"))
        table.set(.table(Torch7Table()), for: .string("output"))
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { table.set(v, for: .string(k)) }
        return .object(Torch7ClassObject(className: className, version: 1, value: .table(table)))
    }

    func list(_ values: [Torch7Object]) -> Torch7Object {
        .table(Torch7Table(values.enumerated().map { (key: .number(Double($0.offset + 1)), value: $0.element) }))
    }

    func load(_ object: Torch7Object) throws -> any Module<Double> {
        try Torch7.model(Double.self, from: try Torch7.decode(Torch7.encode(object)))
    }

    func testTableModulesWithTheirFieldsBecome0Based() throws {
        let model = nn("nn.Sequential", ["modules": list([
            nn("nn.ConcatTable", ["modules": list([nn("nn.Identity"), nn("nn.Tanh"), nn("nn.Sigmoid")])]),
            nn("nn.NarrowTable", ["offset": .number(2), "length": .number(2)]),
            nn("nn.ParallelTable", ["modules": list([nn("nn.Identity"), nn("nn.Identity")])]),
            nn("nn.ConcatTable", ["modules": list([
                nn("nn.CAddTable", ["inplace": .boolean(true)]), nn("nn.CSubTable"), nn("nn.CMulTable"), nn("nn.CDivTable"),
                nn("nn.SelectTable", ["index": .number(-1)]),
                nn("nn.Sequential", ["modules": list([nn("nn.JoinTable", ["dimension": .number(1), "nInputDims": .number(1)])])]),
                nn("nn.SelectTable", ["index": .number(1)]),
            ])]),
            nn("nn.FlattenTable"),
            nn("nn.JoinTable", ["dimension": .number(-1)]),
        ])])
        let loaded = try XCTUnwrap(try load(model) as? Sequential<Double>)
        XCTAssertEqual((loaded[1] as? NarrowTable<Double>).map { [$0.offset, $0.length] }, [1, 2])
        let inner = try XCTUnwrap(loaded[3] as? ConcatTable<Double>)
        XCTAssertEqual((inner.modules[4] as? SelectTable<Double>)?.index, -1)
        XCTAssertEqual((inner.modules[6] as? SelectTable<Double>)?.index, 0)
        let join = try XCTUnwrap((inner.modules[5] as? Sequential<Double>)?[0] as? JoinTable<Double>)
        XCTAssertEqual(join.dimension, 0)
        XCTAssertEqual(join.nInputDims, 1)
        let split = try XCTUnwrap(try load(nn("nn.SplitTable", ["dimension": .number(2), "nInputDims": .number(3)])) as? SplitTable<Double>)
        XCTAssertEqual(split.dimension, 1)
        XCTAssertEqual(split.nInputDims, 3)
        XCTAssertEqual((loaded[5] as? JoinTable<Double>)?.dimension, -1)
        XCTAssertTrue(inner.modules[0] is CAddTable<Double> && inner.modules[1] is CSubTable<Double>
                      && inner.modules[2] is CMulTable<Double> && inner.modules[3] is CDivTable<Double>)
        // It runs: x → {x, tanh x, σ(x)} → {tanh x, σ(x)} → ... and gives a tensor.
        let x = Tensor<Double>([[0.5, -1], [2, 0.25]])
        let y = loaded.forward(x)
        let t = x.tanh(), s = x.map { 1 / (1 + Double.exp(-$0)) }
        // {t, s} → ConcatTable → {t+s, t−s, t·s, t/s, s, t | s (a batch: joined along the features), t},
        // flattened, joined along the last dimension.
        let joined = Tensor.concatenated([t, s], alongDimension: 1)
        let expected = Tensor.concatenated([t + s, t - s, t * s, t / s, s, joined, t], alongDimension: 1)
        assertClose(y, expected)
    }

    func assertClose(_ a: Tensor<Double>, _ b: Tensor<Double>, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, file: file, line: line)
        XCTAssertLessThan((a - b).abs().max(), 1e-12, file: file, line: line)
    }

    func testBadTableFieldsAreTypedErrors() {
        for object in [nn("nn.SelectTable", ["index": .number(0)]), nn("nn.NarrowTable", ["offset": .number(0)]),
                       nn("nn.JoinTable", ["dimension": .number(0)]), nn("nn.NarrowTable", ["offset": .number(1), "length": .number(0)])] {
            guard case .typeMismatch? = t7Error({ try load(object) }) else { return XCTFail("\(object)") }
        }
    }

    /// What `saveTorch7` writes for a residual block: Torch7's classes, 1-based fields, tables as
    /// the table modules' `output`/`gradInput`; and it reads back with identical outputs.
    func testResidualBlockIsWrittenAsTorch7WouldAndReadsBack() throws {
        manualSeed(91)
        let model = Sequential<Float> {
            ConcatTable {
                Sequential { SpatialConvolution(2, 2, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(2); ReLU()
                             SpatialConvolution(2, 2, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(2) }
                Identity()
            }
            CAddTable()
            ReLU()
            SplitTable(0, nInputDims: 3)
            NarrowTable(1, 1)
            JoinTable(-1)
        }
        let x = Tensor<Float>.normal(shape: [3, 2, 4, 4])
        _ = model.forward(x)
        model.evaluate()
        let tree = try Torch7.object(of: model)
        let modules = try XCTUnwrap(tree["modules"]?.table?.list)
        XCTAssertEqual(modules.map { $0.className ?? "" },
                       ["nn.ConcatTable", "nn.CAddTable", "nn.ReLU", "nn.SplitTable", "nn.NarrowTable", "nn.JoinTable"])
        XCTAssertEqual(modules[0]["modules"]?.table?.list?.map { $0.className ?? "" }, ["nn.Sequential", "nn.Identity"])
        XCTAssertNotNil(modules[0]["output"]?.table, "a ConcatTable's output is a table")
        XCTAssertNotNil(modules[1]["gradInput"]?.table, "a CAddTable's gradInput is a table")
        XCTAssertEqual(modules[1]["inplace"]?.boolean, false)
        XCTAssertEqual(modules[3]["dimension"]?.number, 1)
        XCTAssertEqual(modules[3]["nInputDims"]?.number, 3)
        XCTAssertEqual(modules[4]["offset"]?.number, 2)
        XCTAssertEqual(modules[4]["length"]?.number, 1)
        XCTAssertEqual(modules[5]["dimension"]?.number, -1)
        XCTAssertEqual(try Torch7.object(of: SelectTable<Float>(0))["index"]?.number, 1)
        XCTAssertEqual(try Torch7.object(of: SelectTable<Float>(-2))["index"]?.number, -2)
        let loaded = try Torch7.model(Float.self, from: try Torch7.decode(Torch7.encode(tree)))
        XCTAssertEqual(loaded.description, model.description)
        XCTAssertEqual(loaded.forward(x), model.forward(x))
        XCTAssertEqual(model.forward(x).shape, [3, 4, 4])
        // A MapTable keeps its module in `modules` and `module`; a file with several clones
        // reads back as one module.
        let map = MapTable<Float>(Linear(2, 3))
        let mapTree = try Torch7.object(of: map)
        XCTAssertEqual(mapTree["module"]?.className, "nn.Linear")
        XCTAssertEqual(mapTree["modules"]?.table?.list?.count, 1)
        XCTAssertEqual(mapTree["shared"]?.boolean, true)
        let pair = Activation([Tensor<Float>.normal(shape: [2, 2]), Tensor<Float>.normal(shape: [2])])
        let mapLoaded = try Torch7.model(Float.self, from: try Torch7.decode(Torch7.encode(mapTree)))
        XCTAssertEqual(mapLoaded.forward(table: pair), map.forward(table: pair))
        let linear = try XCTUnwrap(mapTree["module"])
        let twoClones = nn("nn.MapTable", ["module": linear, "modules": list([linear, linear])])
        XCTAssertEqual(try Torch7.model(Float.self, from: try Torch7.decode(Torch7.encode(twoClones))).forward(table: pair), map.forward(table: pair))
        // Torch7's NarrowTable has no negative offset.
        guard case .notWritable? = t7Error({ try Torch7.object(of: NarrowTable<Float>(-1)) }) else { return XCTFail() }
    }
}
