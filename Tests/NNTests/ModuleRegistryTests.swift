import XCTest
import NN

/// A module of a user's own, registered the documented way.
final class Scale<Scalar: TensorScalar>: SerializableModule {
    var output = Tensor<Scalar>(), gradInput = Tensor<Scalar>(), isTraining = true
    let factor: Scalar
    init(factor: Scalar) { self.factor = factor }
    static var kind: String { "Scale" }
    func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> { output = input * factor; return output }
    func updateGradInput(_ input: Tensor<Scalar>, _ g: Tensor<Scalar>) -> Tensor<Scalar> { gradInput = g * factor; return gradInput }
    func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("factor", .double(Double(factor)))]) }
    static func make(from record: ModuleRecord<Scalar>) throws -> Scale { Scale(factor: try record.scalar("factor")) }
    static func examples() -> [ModuleExample<Scalar>] { [ModuleExample(Scale(factor: 3), input: [2, 3])] }
    var description: String { "Scale(\(factor))" }
}

final class ModuleRegistryTests: XCTestCase {
    func testBuiltinKindsAreRegisteredAndFoundByNameTypeAndTorch7Name() {
        let names = ModuleRegistry.kinds.map(\.name)
        for kind in ModuleRegistry.builtinKinds { XCTAssertTrue(names.contains(kind.name), kind.name) }
        XCTAssertEqual(ModuleRegistry.kind(named: "Linear")?.name, "Linear")
        XCTAssertNil(ModuleRegistry.kind(named: "linear"))
        XCTAssertEqual(ModuleRegistry.kind(of: Linear<Float>(2, 3))?.name, "Linear")
        XCTAssertEqual(ModuleRegistry.kind(of: View<Double>(4))?.name, "View")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "nn.SoftMax")?.name, "SoftMax")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "nn.Sequential")?.name, "Sequential")
        XCTAssertNil(ModuleRegistry.kind(torch7ClassName: "nn.Step"))
    }

    func testAUserModuleRegisteredWithItsTypesSavesAndLoads() throws {
        ModuleRegistry.register(ModuleKind(Scale<Float>.self, Scale<Double>.self))
        ModuleRegistry.register(ModuleKind(Scale<Float>.self, Scale<Double>.self))  // again: no change
        XCTAssertEqual(ModuleRegistry.kinds.filter { $0.name == "Scale" }.count, 1)
        let kind = try XCTUnwrap(ModuleRegistry.kind(of: Scale<Double>(factor: 2)))
        XCTAssertEqual(kind.scalarTypes, ["Float", "Double"])
        XCTAssertEqual(kind.torch7ClassNames, ["nn.Scale"])
        XCTAssertEqual(kind.examples(Float.self).count, 1)
        let model = Sequential<Float> { Linear(3, 2); Scale(factor: 0.5) }
        let loaded = try ModelSerializer<Float>.decode(try ModelSerializer<Float>.encode(model))
        let x = Tensor<Float>([[1, 2, 3]])
        XCTAssertEqual(loaded.forward(x), model.forward(x))
        XCTAssertEqual(loaded.description, model.description)
    }

    func testATakenNameStopsWithAMessage() {
        final class FakeLinear: SerializableModule {
            var output = Tensor<Double>(), gradInput = Tensor<Double>(), isTraining = true
            static var kind: String { "Linear" }
            func updateOutput(_ input: Tensor<Double>) -> Tensor<Double> { input }
            func updateGradInput(_ input: Tensor<Double>, _ g: Tensor<Double>) -> Tensor<Double> { g }
            func record() -> ModuleRecord<Double> { ModuleRecord(kind: Self.kind) }
            static func make(from record: ModuleRecord<Double>) throws -> FakeLinear { FakeLinear() }
            var description: String { "FakeLinear" }
        }
        XCTAssertEqual(trappedMessage { ModuleRegistry.register(ModuleKind(FakeLinear.self)) },
                       "ModuleRegistry.register: the kind 'Linear' is already registered for Linear<Float> and Linear<Double>; FakeLinear cannot take it")
        // And a module claiming a registered name with another type is not written.
        XCTAssertThrowsError(try ModelSerializer<Double>.encode(FakeLinear())) {
            XCTAssertEqual($0 as? ModelFileError, .unregisteredKind(type: "FakeLinear", kind: "Linear"))
        }
    }

    func testAOneScalarKindIsMergedWithItsOtherHalf() throws {
        final class HalfF: SerializableModule {
            var output = Tensor<Float>(), gradInput = Tensor<Float>(), isTraining = true
            static var kind: String { "Half" }
            func updateOutput(_ input: Tensor<Float>) -> Tensor<Float> { output = input * 0.5; return output }
            func updateGradInput(_ input: Tensor<Float>, _ g: Tensor<Float>) -> Tensor<Float> { g * 0.5 }
            func record() -> ModuleRecord<Float> { ModuleRecord(kind: Self.kind) }
            static func make(from record: ModuleRecord<Float>) throws -> HalfF { HalfF() }
            var description: String { "Half" }
        }
        ModuleRegistry.register(ModuleKind(HalfF.self))
        XCTAssertEqual(ModuleRegistry.kind(named: "Half")?.scalarTypes, ["Float"])
        let bytes = try ModelSerializer<Float>.encode(HalfF())
        XCTAssertEqual(try ModelSerializer<Float>.decode(bytes).forward(Tensor([2])), Tensor([1]))
        // The kind does not exist for Double: a typed error, not a crash.
        XCTAssertThrowsError(try ModuleRegistry.kind(named: "Half")!.make(from: ModuleRecord<Double>(kind: "Half"))) {
            guard case .corrupted(let what) = $0 as? ModelFileError else { return XCTFail("\($0)") }
            XCTAssertEqual(what, "module kind 'Half' exists for Float, not Double")
        }
    }
}
