import Foundation
import XCTest
@testable import NN

final class SerializationTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wick-serialization-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A model using every built-in module kind.
    func everyKind() -> Sequential<Double> {
        manualSeed(11)
        let concat = Concat<Double>(dimension: -1)
        concat.add(Sequential<Double> { Linear(6, 3); ReLU() })
        concat.add(Sequential<Double> { Linear(6, 3, bias: false); ELU(alpha: 0.5) })
        let parallel = Parallel<Double>(inputDimension: 1, outputDimension: 1)
        parallel.add(Linear(3, 2)); parallel.add(Linear(3, 2))
        return Sequential<Double> {
            Linear(4, 6); Tanh(); Identity(); Sigmoid(); LeakyReLU(negval: 0.2); SoftPlus(beta: 2, threshold: 10)
            HardTanh(minimum: -0.5, maximum: 0.8); Threshold(threshold: 0.1, value: -1); Dropout(0.25)
            concat; Reshape(2, 3); parallel; Reshape(4); Linear(4, 5); SoftMax(); LogSoftMax()
        }
    }

    func testRoundTripReproducesForwardAndBackwardBitForBit() throws {
        let model = everyKind()
        let url = directory.appendingPathComponent("model.wick")
        try model.save(to: url)
        let loaded = try Sequential<Double>.load(from: url)
        XCTAssertEqual(loaded.description, model.description)
        XCTAssertTrue(loaded.parameters().allSatisfy { $0.grad.norm() == 0 }, "gradients are not stored")
        var g = RandomGenerator(seed: 3)
        let x = Tensor<Double>.uniform(shape: [7, 4], low: -2, high: 2, generator: &g)
        let grad = Tensor<Double>.uniform(shape: [7, 5], low: -1, high: 1, generator: &g)
        // Training mode: the dropout generator state travels with the model.
        XCTAssertEqual(loaded.forward(x), model.forward(x))
        XCTAssertEqual(loaded.backward(x, grad), model.backward(x, grad))
        XCTAssertEqual(loaded.parameters().map(\.value), model.parameters().map(\.value))
        model.evaluate(); loaded.evaluate()
        XCTAssertEqual(loaded.forward(x), model.forward(x))
    }

    func testFloatRoundTripAndEvaluationModeIsKept() throws {
        manualSeed(1)
        let model = Sequential<Float> { Linear(3, 2); Dropout(0.5) }
        model.evaluate()
        let url = directory.appendingPathComponent("float.wick")
        try model.save(to: url)
        let loaded = try Sequential<Float>.load(from: url)
        XCTAssertFalse(loaded.isTraining)
        XCTAssertFalse(loaded[1].isTraining)
        let x = Tensor<Float>([[1, 2, 3]])
        XCTAssertEqual(loaded.forward(x), model.forward(x))
        XCTAssertThrowsError(try Sequential<Double>.load(from: url)) {
            XCTAssertEqual($0 as? ModelFileError, .scalarTypeMismatch(file: "Float", requested: "Double"))
        }
        XCTAssertThrowsError(try Linear<Float>.load(from: url)) {
            guard case .typeMismatch = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
    }

    func testEveryTruncationIsATypedError() throws {
        let bytes = try ModelSerializer<Double>.encode(Sequential<Double> { Linear(2, 2); Tanh() })
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try ModelSerializer<Double>.decode(Array(bytes[0..<length])), "length \(length)") { error in
                XCTAssertNotNil(error as? ModelFileError)
                if length >= 8, case .truncated = error as? ModelFileError {} else if length >= 8 {
                    XCTFail("length \(length): \(error)")
                }
            }
        }
    }

    func testCorruptionWrongMagicAndFutureVersion() throws {
        let bytes = try ModelSerializer<Double>.encode(Sequential<Double> { Linear(2, 2) })
        var flipped = bytes
        flipped[bytes.count - 3] ^= 0x40
        XCTAssertThrowsError(try ModelSerializer<Double>.decode(flipped)) {
            guard case .checksumMismatch = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        XCTAssertThrowsError(try ModelSerializer<Double>.decode(magic)) { XCTAssertEqual($0 as? ModelFileError, .wrongMagic) }
        var future = bytes
        future[8] = 2
        XCTAssertThrowsError(try ModelSerializer<Double>.decode(future)) {
            XCTAssertEqual($0 as? ModelFileError, .unsupportedVersion(found: 2, supported: 1))
            XCTAssertEqual("\($0)", "model file format version 2 is newer than the supported version 1")
        }
        XCTAssertThrowsError(try ModelSerializer<Double>.decode(bytes + [0])) {
            guard case .corrupted = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
    }

    func testUnknownKindAndCustomRegistration() throws {
        final class Doubler: SerializableModule {
            var output = Tensor<Double>(), gradInput = Tensor<Double>(), isTraining = true
            static var kind: String { "Doubler" }
            func updateOutput(_ input: Tensor<Double>) -> Tensor<Double> { output = input * 2; return output }
            func updateGradInput(_ input: Tensor<Double>, _ g: Tensor<Double>) -> Tensor<Double> { gradInput = g * 2; return gradInput }
            func record() -> ModuleRecord<Double> { ModuleRecord(kind: Self.kind) }
            static func make(from record: ModuleRecord<Double>) throws -> Doubler { Doubler() }
            var description: String { "Doubler" }
        }
        // An unregistered kind is refused when saving: no file a reader could not open again.
        XCTAssertThrowsError(try ModelSerializer<Double>.encode(Sequential<Double> { Doubler() })) {
            XCTAssertEqual($0 as? ModelFileError, .unregisteredKind(type: "Doubler", kind: "Doubler"))
            XCTAssertEqual("\($0)", "cannot save Doubler: its kind 'Doubler' is not registered for it; call ModuleRegistry.register(ModuleKind(...)) first")
        }
        // A file naming a kind nobody registered is a typed error.
        var bytes = try ModelSerializer<Double>.encode(Sequential<Double> { Identity() })
        let name = Array("Identity".utf8), renamed = Array("Identitx".utf8)
        let at = (0...(bytes.count - name.count)).first { Array(bytes[$0..<($0 + name.count)]) == name }!
        bytes.replaceSubrange(at..<(at + name.count), with: renamed)
        bytes = withFixedChecksum(bytes)
        XCTAssertThrowsError(try ModelSerializer<Double>.decode(bytes)) {
            XCTAssertEqual($0 as? ModelFileError, .unknownModuleKind("Identitx"))
        }
        // Registered by name with a factory, the kind is written and read.
        ModelSerializer<Double>.register(kind: "Doubler") { try Doubler.make(from: $0) }
        let loaded = try ModelSerializer<Double>.decode(try ModelSerializer<Double>.encode(Sequential<Double> { Doubler() }))
        XCTAssertEqual(loaded.forward(Tensor([1, 2])), Tensor([2, 4]))
        // It exists for Double only: a Float file naming it is refused with a message.
        XCTAssertEqual(ModuleRegistry.kind(named: "Doubler")?.scalarTypes, ["Double"])
    }

    /// Every example of every registered kind, in Float and in Double, comes back from a file with
    /// its description, parameters, mode, and forward and backward results bit for bit.
    func testEveryRegisteredKindRoundTrips() throws {
        try roundTripEveryKind(Float.self)
        try roundTripEveryKind(Double.self)
    }

    private func roundTripEveryKind<Scalar: TensorScalar>(_: Scalar.Type) throws {
        manualSeed(61)
        var kindsSeen = 0
        for kind in ModuleRegistry.builtinKinds {
            for (index, example) in kind.examples(Scalar.self).enumerated() {
                let label = "\(Scalar.typeName) \(kind.name) (\(example.note))"
                let module = example.module
                let loaded = try ModelSerializer<Scalar>.decode(try ModelSerializer<Scalar>.encode(module))
                XCTAssertTrue(kind.describes(loaded), label)
                XCTAssertEqual(loaded.description, module.description, label)
                XCTAssertEqual(loaded.isTraining, module.isTraining, label)
                XCTAssertEqual(loaded.parameters().map(\.value), module.parameters().map(\.value), label)
                var generator = RandomGenerator(seed: UInt64(index))
                if example.usesTables {  // the same checks on tables
                    let x = example.input.map { Tensor<Scalar>.uniform(shape: $0.shape, low: -2, high: 2, generator: &generator) }
                    let y = module.forward(table: x)
                    XCTAssertEqual(loaded.forward(table: x), y, label)
                    let g = y.map { Tensor<Scalar>.uniform(shape: $0.shape, low: -1, high: 1, generator: &generator) }
                    XCTAssertEqual(loaded.backward(table: x, g), module.backward(table: x, g), label)
                    XCTAssertEqual(loaded.parameters().map(\.grad), module.parameters().map(\.grad), label)
                    continue
                }
                let x = Tensor<Scalar>.uniform(shape: example.inputShape, low: -2, high: 2, generator: &generator)
                let y = module.forward(x)
                XCTAssertEqual(loaded.forward(x), y, label)
                let g = Tensor<Scalar>.uniform(shape: y.shape, low: -1, high: 1, generator: &generator)
                XCTAssertEqual(loaded.backward(x, g), module.backward(x, g), label)
                XCTAssertEqual(loaded.parameters().map(\.grad), module.parameters().map(\.grad), label)
            }
            kindsSeen += 1
        }
        XCTAssertEqual(kindsSeen, ModuleRegistry.builtinKinds.count)
    }

    func testFailedSaveLeavesTheOldFileWhole() throws {
        let url = directory.appendingPathComponent("keep.wick")
        let original = Sequential<Double> { Linear(2, 2) }
        try original.save(to: url)
        let before = try Data(contentsOf: url)
        // A module that cannot be encoded fails before anything is written.
        final class Opaque: Module {
            var output = Tensor<Double>(), gradInput = Tensor<Double>(), isTraining = true
            func updateOutput(_ input: Tensor<Double>) -> Tensor<Double> { input }
            func updateGradInput(_ input: Tensor<Double>, _ g: Tensor<Double>) -> Tensor<Double> { g }
            var description: String { "Opaque" }
        }
        XCTAssertThrowsError(try Sequential<Double> { Linear(2, 2); Opaque() }.save(to: url))
        XCTAssertEqual(try Data(contentsOf: url), before)
        // A save into a missing folder is an I/O error naming the path, and leaves no stray file.
        let missing = directory.appendingPathComponent("no/such/dir/m.wick")
        XCTAssertThrowsError(try original.save(to: missing)) {
            guard case .io = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
        // Overwriting replaces the file.
        try Sequential<Double> { Linear(2, 3) }.save(to: url)
        XCTAssertEqual((try Sequential<Double>.load(from: url)[0] as! Linear<Double>).outputSize, 3)
    }

    /// The file with its header's CRC recomputed after an edit of the payload.
    private func withFixedChecksum(_ bytes: [UInt8]) -> [UInt8] {
        let crc = crc32(bytes[28...])
        var result = bytes
        for k in 0..<4 { result[24 + k] = UInt8(truncatingIfNeeded: crc >> (8 * k)) }
        return result
    }
}
