import Foundation
import XCTest
@testable import Torch7Files

/// `nn` models: Torch7 objects to Wick modules and back.
final class Torch7ModelTests: XCTestCase {
    /// An `nn` module as Torch7 saves it: its class and fields, `train` and empty `output`.
    func nn(_ className: String, version: Int = 1, train: Bool = false, _ fields: [String: Torch7Object] = [:]) -> Torch7Object {
        let table = Torch7Table()
        table.set(.boolean(train), for: .string("train"))
        table.set(.tensor(Torch7Tensor(className: "torch.FloatTensor", shape: [0], data: .float([]))), for: .string("output"))
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { table.set(v, for: .string(k)) }
        return .object(Torch7ClassObject(className: className, version: version, value: .table(table)))
    }

    func list(_ values: [Torch7Object]) -> Torch7Object {
        .table(Torch7Table(values.enumerated().map { (key: .number(Double($0.offset + 1)), value: $0.element) }))
    }

    func floats(_ shape: [Int], _ values: [Float]) -> Torch7Object {
        .tensor(Torch7Tensor(className: "torch.FloatTensor", shape: shape, data: .float(values)))
    }

    func doubles(_ shape: [Int], _ values: [Double]) -> Torch7Object {
        .tensor(Torch7Tensor(className: "torch.DoubleTensor", shape: shape, data: .double(values)))
    }

    func longs(_ values: [Int]) -> Torch7Object {
        .storage(Torch7Storage(className: "torch.LongStorage", data: .long(values.map(Int64.init))))
    }

    /// The bytes written and read back, then mapped: what loading a Torch7 file does.
    func load<Scalar: TensorScalar>(_ object: Torch7Object, as _: Scalar.Type = Float.self) throws -> any Module<Scalar> {
        try Torch7.model(Scalar.self, from: try Torch7.decode(Torch7.encode(object)))
    }

    /// A convolutional network as Torch7 would have saved it, older field layouts included:
    /// `SpatialConvolutionMM`'s 2-D weight, `SpatialBatchNormalization` version 1 with
    /// `running_std`, max pooling in ceil mode, `View` with `numInputDims`, `LinearNoBias`, weights
    /// in `DoubleTensor`s read as `Float`. Its outputs match the same network built in Wick.
    func testConvolutionalNetworkAsTorch7SavedIt() throws {
        let convWeight: [Double] = (0..<18).map { (i: Int) -> Double in Double(i % 5) / 10 - 0.2 }
        let std: [Double] = [2, 4], eps = 1e-5
        let linearWeight: [Float] = (0..<24).map { (i: Int) -> Float in Float(i % 7) / 7 - 0.4 }
        let convFields: [String: Torch7Object] = [
            "nInputPlane": .number(1), "nOutputPlane": .number(2), "kW": .number(3), "kH": .number(3), "dW": .number(1), "dH": .number(1),
            "padW": .number(1), "padH": .number(1), "weight": doubles([2, 9], convWeight), "bias": doubles([2], [0.1, -0.1]),
        ]
        let bnFields: [String: Torch7Object] = [
            "eps": .number(eps), "momentum": .number(0.1), "affine": .boolean(true), "running_mean": floats([2], [0.5, -0.5]),
            "running_std": doubles([2], std), "weight": floats([2], [1.5, 0.5]), "bias": floats([2], [0, 1]),
        ]
        let poolFields: [String: Torch7Object] = [
            "kW": .number(3), "kH": .number(3), "dW": .number(2), "dH": .number(2), "padW": .number(0), "padH": .number(0), "ceil_mode": .boolean(true),
        ]
        let viewFields: [String: Torch7Object] = ["size": longs([-1]), "numElements": .number(1), "numInputDims": .number(3)]
        let modules: [Torch7Object] = [
            nn("nn.SpatialConvolutionMM", convFields),
            nn("nn.SpatialBatchNormalization", version: 1, bnFields),
            nn("nn.ReLU", ["threshold": .number(0), "val": .number(0)]),
            nn("nn.SpatialMaxPooling", poolFields),
            nn("nn.View", viewFields),
            nn("nn.LinearNoBias", ["weight": floats([3, 8], linearWeight)]),
            nn("nn.LogSoftMax"),
        ]
        let model = nn("nn.Sequential", ["modules": list(modules)])
        let loaded = try load(model)
        XCTAssertFalse(loaded.isTraining)
        XCTAssertTrue(loaded.children.allSatisfy { !$0.isTraining })

        let conv = SpatialConvolution<Float>(1, 2, 3, 3, 1, 1, 1, 1)
        conv.weight = Tensor(shape: [2, 1, 3, 3], scalars: convWeight.map(Float.init))
        conv.bias = Tensor([0.1, -0.1])
        let bn = SpatialBatchNormalization<Float>(2, eps: eps)
        bn.runningMean = Tensor([0.5, -0.5])
        bn.runningVar = Tensor(std.map { Float(1 / ($0 * $0) - eps) })
        bn.weight = Tensor([1.5, 0.5])
        bn.bias = Tensor([0, 1])
        let linear = Linear<Float>(8, 3, bias: false)
        linear.weight = Tensor(shape: [3, 8], scalars: linearWeight)
        let expected = Sequential<Float> { conv; bn; ReLU(); SpatialMaxPooling(3, 3, 2, 2).ceil(); View(-1).setNumInputDims(3); linear; LogSoftMax() }
        expected.evaluate()

        let x = Tensor<Float>(shape: [2, 1, 4, 4], scalars: (0..<32).map { Float($0 % 9) / 4 - 1 })
        XCTAssertEqual(loaded.forward(x), expected.forward(x))
        XCTAssertEqual(loaded.description, expected.description)
    }

    func testActivationsAndContainersWithTheirFields() throws {
        let model = nn("nn.Sequential", train: true, ["modules": list([
            nn("nn.Concat", ["dimension": .number(2), "modules": list([
                nn("nn.LeakyReLU", ["negval": .number(0.2)]), nn("nn.ELU", ["alpha": .number(0.5)]),
                nn("cudnn.Tanh"), nn("nn.SoftPlus", ["beta": .number(2), "threshold": .number(20)]),
            ])]),
            nn("nn.Parallel", ["inputDimension": .number(2), "outputDimension": .number(1), "modules": list([
                nn("nn.HardTanh", ["min_val": .number(-0.5), "max_val": .number(0.5)]), nn("nn.Threshold", ["threshold": .number(0.1), "val": .number(-1)]),
                nn("nn.Sigmoid"), nn("nn.Identity"), nn("nn.SoftMax"),
                nn("nn.Dropout", ["p": .number(0.3), "v2": .boolean(true)]), nn("cudnn.ReLU"), nn("nn.Tanh"),
            ])]),
            nn("nn.Reshape", ["size": longs([4, 4]), "nelement": .number(16)]),
        ])])
        let loaded = try XCTUnwrap(try load(model, as: Double.self) as? Sequential<Double>)
        XCTAssertTrue(loaded.isTraining)
        let concat = try XCTUnwrap(loaded[0] as? Concat<Double>)
        XCTAssertEqual(concat.dimension, 1)
        XCTAssertEqual((concat.children[0] as? LeakyReLU<Double>)?.negval, 0.2)
        XCTAssertEqual((concat.children[1] as? ELU<Double>)?.alpha, 0.5)
        XCTAssertTrue(concat.children[2] is Tanh<Double>)
        XCTAssertEqual((concat.children[3] as? SoftPlus<Double>)?.beta, 2)
        let parallel = try XCTUnwrap(loaded[1] as? Parallel<Double>)
        XCTAssertEqual(parallel.inputDimension, 1)
        XCTAssertEqual(parallel.outputDimension, 0)
        XCTAssertEqual((parallel.children[0] as? HardTanh<Double>)?.minimum, -0.5)
        XCTAssertEqual((parallel.children[1] as? Threshold<Double>)?.value, -1)
        XCTAssertEqual((parallel.children[5] as? Dropout<Double>)?.p, 0.3)
        XCTAssertTrue(parallel.children[6] is ReLU<Double>)
        XCTAssertTrue(loaded[2] is Reshape<Double>)
        XCTAssertEqual(loaded.forward(Tensor(shape: [2, 2], scalars: [0.3, -0.7, 1, 2])).shape, [4, 4])
    }

    func testUnsupportedClassesNameTheirPath() throws {
        let model = nn("nn.Sequential", ["modules": list([
            nn("nn.Linear", ["weight": floats([1, 1], [1]), "bias": floats([1], [0])]),
            nn("nn.Sequential", ["modules": list([nn("nn.FastLSTM"), nn("nn.Tanh")])]),
        ])])
        let error = t7Error { try self.load(model) }
        XCTAssertEqual(error, .unsupported(path: "modules[2].modules[1]", className: "nn.FastLSTM", reason: "recurrent modules are not in Wick"))
        XCTAssertEqual(error?.description, "modules[2].modules[1]: nn.FastLSTM is not supported (recurrent modules are not in Wick)")
        // The same file still reads as a tree.
        XCTAssertEqual(try Torch7.decode(Torch7.encode(model))["modules"]?.table?[number: 2]?["modules"]?.table?[number: 1]?.className,
                       "nn.FastLSTM")

        guard case .unsupported(path: "modules[1]", className: "MyLayer", _)? = t7Error({
            try self.load(self.nn("nn.Sequential", ["modules": self.list([self.nn("MyLayer")])]))
        }) else { return XCTFail() }
        guard case .unsupported(path: "", className: "nn.Dropout", _)? = t7Error({ try self.load(self.nn("nn.Dropout", ["p": .number(0.5)])) }) else {
            return XCTFail("a Dropout without v2 scales in evaluation")
        }
        guard case .unsupported(path: "", className: "nn.SpatialDropout", _)? = t7Error({ try self.load(self.nn("nn.SpatialDropout", ["p": .number(0.5)])) }) else {
            return XCTFail()
        }
        guard case .unsupported? = t7Error({
            try self.load(self.nn("nn.SpatialAveragePooling", ["kW": .number(2), "kH": .number(2), "divide": .boolean(false)]))
        }) else { return XCTFail("sum pooling") }
    }

    func testBadFieldsAreTypedErrors() throws {
        guard case .typeMismatch(path: "modules[1] (nn.Linear).weight", _, found: "nothing")? = t7Error({
            try self.load(self.nn("nn.Sequential", ["modules": self.list([self.nn("nn.Linear")])]))
        }) else { return XCTFail() }
        guard case .typeMismatch(path: "nn.HardTanh.min_val", expected: "a number", found: "string")? = t7Error({
            try self.load(self.nn("nn.HardTanh", ["min_val": .string("low")]))
        }) else { return XCTFail() }
        // The weight does not match the declared planes: Wick's own check, with the path.
        guard case .invalidModule(path: "", className: "nn.SpatialConvolution", _)? = t7Error({
            try self.load(self.nn("nn.SpatialConvolution", ["nInputPlane": .number(3), "nOutputPlane": .number(2), "kW": .number(3), "kH": .number(3),
                                                           "weight": self.floats([2, 1, 3, 3], [Float](repeating: 0, count: 18))]))
        }) else { return XCTFail() }
        guard case .typeMismatch(path: "", expected: "an nn module", found: "table")? = t7Error({ try self.load(.table(Torch7Table())) }) else {
            return XCTFail()
        }
    }

    /// Every registered kind's examples, written as Torch7 and read back, compute the same outputs
    /// in evaluation mode, in Float and Double; the kinds Torch7 cannot express are refused.
    func testEveryWritableExampleRoundTrips() throws {
        try roundTrip(Float.self)
        try roundTrip(Double.self)
    }

    func roundTrip<Scalar: TensorScalar>(_: Scalar.Type) throws {
        var written = 0
        for kind in ModuleRegistry.builtinKinds {
            for example in kind.examples(Scalar.self) {
                let module = example.module
                let label = "\(kind.name) \(example.note) (\(Scalar.self))"
                module.evaluate()
                let object: Torch7Object
                do {
                    object = try Torch7.object(of: module)
                } catch {
                    guard case .notWritable = error else { throw error }
                    let negative = (module as? Concat<Scalar>).map { $0.dimension < 0 } ?? (module as? Parallel<Scalar>).map { $0.inputDimension < 0 || $0.outputDimension < 0 }
                        ?? (module as? NarrowTable<Scalar>).map { $0.offset < 0 } ?? false
                    XCTAssertTrue(["Step", "SpatialDropout"].contains(kind.name) || negative, "\(label): \(error)")
                    continue
                }
                let loaded = try load(object, as: Scalar.self)
                XCTAssertFalse(loaded.isTraining, label)
                // (Never zero: CDivTable divides by its second entry.)
                let x = example.input.map { Tensor<Scalar>(shape: $0.shape, scalars: (0..<$0.count).map { Scalar(Double($0 % 11) / 5 - 1.1) }) }
                XCTAssertEqual(loaded.forward(table: x), module.forward(table: x), label)
                XCTAssertEqual(loaded.description, module.description, label)
                XCTAssertEqual(loaded.parameters().map(\.value), module.parameters().map(\.value), label)
                written += 1
            }
        }
        XCTAssertGreaterThan(written, 50)
    }

    /// What `saveTorch7` writes: Torch7's class names and fields, loadable by `Torch7.loadModel`.
    func testSavedFileHasTorch7Fields() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-t7-\(UUID().uuidString).t7")
        defer { try? FileManager.default.removeItem(at: url) }
        manualSeed(3)
        let model = Sequential<Float> {
            SpatialConvolution(1, 2, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(2); ReLU(); SpatialMaxPooling(2, 2)
            View(-1).setNumInputDims(3); Dropout(0.5); Linear(8, 3); LogSoftMax()
        }
        model.evaluate()
        try model.saveTorch7(to: url)
        let tree = try Torch7.load(from: url)
        XCTAssertEqual(tree.className, "nn.Sequential")
        let modules = try XCTUnwrap(tree["modules"]?.table?.list)
        XCTAssertEqual(modules.map { $0.className ?? "" }, ["nn.SpatialConvolution", "nn.SpatialBatchNormalization", "nn.ReLU",
                                                            "nn.SpatialMaxPooling", "nn.View", "nn.Dropout", "nn.Linear", "nn.LogSoftMax"])
        for m in modules + [tree] {
            for field in ["output", "gradInput", "train", "_type"] { XCTAssertNotNil(m[field], "\(m.className ?? "").\(field)") }
            XCTAssertEqual(m["train"]?.boolean, false)
            XCTAssertEqual(m["_type"]?.string, "torch.FloatTensor")
        }
        let conv = modules[0]
        for (field, value) in [("nInputPlane", 1.0), ("nOutputPlane", 2), ("kW", 3), ("kH", 3), ("dW", 1), ("dH", 1), ("padW", 1), ("padH", 1)] {
            XCTAssertEqual(conv[field]?.number, value, field)
        }
        XCTAssertEqual(conv["weight"]?.tensor?.shape, [2, 1, 3, 3])
        XCTAssertEqual(conv["gradWeight"]?.tensor?.shape, [2, 1, 3, 3])
        XCTAssertEqual(conv["gradBias"]?.tensor?.shape, [2])
        XCTAssertEqual(modules[1].classObject?.version, 2)
        XCTAssertEqual(modules[1]["running_var"]?.tensor?.shape, [2])
        XCTAssertEqual(modules[3]["ceil_mode"]?.boolean, false)
        XCTAssertEqual(modules[5]["v2"]?.boolean, true)
        XCTAssertEqual(modules[6]["weight"]?.tensor?.toTensor(Float.self), (model[6] as! Linear<Float>).weight)
        XCTAssertEqual(modules[6]["gradBias"]?.tensor?.shape, [3])

        let reloaded = try XCTUnwrap(try Torch7.loadModel(Float.self, from: url) as? Sequential<Float>)
        let x = Tensor<Float>.normal(shape: [3, 1, 4, 4])
        XCTAssertEqual(reloaded.forward(x), model.forward(x))
    }

    func testUnwritableModules() {
        guard case .notWritable? = t7Error({ try Torch7.object(of: Sequential<Float> { Linear(2, 2); Step() }) }) else { return XCTFail() }
        guard case .notWritable? = t7Error({ try Torch7.object(of: SpatialDropout<Double>(0.5)) }) else { return XCTFail() }
        guard case .notWritable? = t7Error({ try Torch7.object(of: Concat<Float> { Tanh() }) }) else { return XCTFail("dimension -1") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-t7-\(UUID().uuidString).t7")
        XCTAssertNotNil(t7Error { try Sequential<Float> { Step() }.saveTorch7(to: url) })
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "nothing written")
    }
}
