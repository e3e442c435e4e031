import Foundation
import XCTest
@testable import Torch7Files

/// Every file of `../shared/fixtures/t7/` (written by Torch7 itself), with the values its README lists.
final class Torch7FixtureTests: XCTestCase {
    func testDoubleTensor() throws {
        let object = try Torch7.load(from: fixture("doubletensor.t7"))
        let tensor = try XCTUnwrap(object.tensor)
        XCTAssertEqual(tensor.className, "torch.DoubleTensor")
        XCTAssertEqual(tensor.scalarType, .double)
        XCTAssertEqual(tensor.shape, [2, 3])
        XCTAssertEqual(tensor.toTensor(Double.self), Tensor<Double>([[1, 2, 3], [4, 5, 6.9]]))
        XCTAssertEqual(try Torch7.loadTensor(Float.self, from: fixture("doubletensor.t7")).scalars, [1, 2, 3, 4, 5, 6.9])
    }

    func testFloatTensor() throws {
        let tensor = try XCTUnwrap(try Torch7.load(from: fixture("floattensor.t7")).tensor)
        XCTAssertEqual(tensor.className, "torch.FloatTensor")
        XCTAssertEqual(tensor.shape.count, 3)
        let values = tensor.toTensor(Double.self).scalars
        XCTAssertEqual(values.reduce(0, +), 12.9724167, accuracy: 1e-5)
        XCTAssertTrue(values.allSatisfy { (0..<1).contains($0) }, "uniform values")
    }

    func testHelloTable() throws {
        let table = try XCTUnwrap(try Torch7.load(from: fixture("hello=123.t7")).table)
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(table["hello"]?.number, 123)
    }

    func testListTable() throws {
        let list = try XCTUnwrap(try Torch7.load(from: fixture("list_table.t7")).table?.list)
        XCTAssertEqual(list.count, 4)
        XCTAssertEqual(list.prefix(3).map(\.string), ["hello", "world", "third item"])
        XCTAssertEqual(list[3].integer, 123)
    }

    func testMapTables() throws {
        let zeroKeyed = try XCTUnwrap(try Torch7.load(from: fixture("map_table1.t7")).table)
        XCTAssertEqual(Set(zeroKeyed.entries.compactMap(\.key.integer)), [0, 1, 2, 3, 4])
        XCTAssertNil(zeroKeyed.list, "key 0 makes it not a plain list")
        XCTAssertEqual(zeroKeyed[number: 1]?.string, "hello")

        let mixed = try XCTUnwrap(try Torch7.load(from: fixture("map_table2.t7")).table)
        XCTAssertEqual(mixed.count, 5)
        XCTAssertNil(mixed.list, "the string key makes it not a plain list")
        XCTAssertNotNil(mixed["a"]?.string)
        XCTAssertEqual((1...4).compactMap { mixed[number: Double($0)] }.count, 4)
    }

    func testCustomClass() throws {
        let object = try XCTUnwrap(try Torch7.load(from: fixture("custom_class.t7")).classObject)
        XCTAssertEqual(object.className, "Blah")
        XCTAssertEqual(object.version, 1)
        XCTAssertEqual(object.fields?.count, 0)
    }

    func testRecursiveClassRefersToItself() throws {
        let object = try XCTUnwrap(try Torch7.load(from: fixture("recursive_class.t7")).classObject)
        XCTAssertEqual(object.className, "A")
        XCTAssertTrue(try XCTUnwrap(object["a"]?.classObject) === object)
    }

    func testRecursiveTableIsItsOwnKeyAndValue() throws {
        let table = try XCTUnwrap(try Torch7.load(from: fixture("recursive_kv_table.t7")).table)
        XCTAssertEqual(table.count, 1)
        let (key, value) = try XCTUnwrap(table.entries.first)
        XCTAssertTrue(try XCTUnwrap(key.table) === table)
        XCTAssertTrue(try XCTUnwrap(value.table) === table)
        XCTAssertTrue(try XCTUnwrap(table[key: .table(table)]?.table) === table)
    }

    func testFunctionsAreOpaqueByteCode() throws {
        for name in ["function.t7", "function_upvals.t7"] {
            let function = try XCTUnwrap(try Torch7.load(from: fixture(name)).function, name)
            XCTAssertEqual(Array(function.byteCode.prefix(3)), [0x1B, 0x4C, 0x4A], "\(name): LuaJIT byte code")
            XCTAssertEqual(function.typeTag, 8)
            XCTAssertNotNil(function.upvalues.table, name)
        }
        let withUpvalues = try XCTUnwrap(try Torch7.load(from: fixture("function_upvals.t7")).function)
        XCTAssertGreaterThan(try XCTUnwrap(withUpvalues.upvalues.table).count, 0)
    }

    func testNNGraphNode() throws {
        let node = try XCTUnwrap(try Torch7.load(from: fixture("nngraph_node.t7")).classObject)
        XCTAssertEqual(node.className, "nngraph.Node")
        XCTAssertNotNil(node["data"]?.table)
    }

    func testGModuleLoadsAsATreeButNotAsAModel() throws {
        let url = fixture("gmodule_with_linear_identity.t7")
        let graph = try XCTUnwrap(try Torch7.load(from: url).classObject)
        XCTAssertEqual(graph.className, "nn.gModule")
        // The nn.Linear(1 -> 2) inside the graph's nodes, with its 2x1 weight.
        var linears: [Torch7ClassObject] = []
        var seen = Set<ObjectIdentifier>()
        func walk(_ o: Torch7Object) {
            guard let table = o.table else { return }
            guard seen.insert(ObjectIdentifier(table)).inserted else { return }
            if let c = o.classObject, c.className == "nn.Linear" { linears.append(c) }
            for (k, v) in table.entries { walk(k); walk(v) }
        }
        walk(.object(graph))
        let linear = try XCTUnwrap(linears.first)
        XCTAssertEqual(linear["weight"]?.tensor?.shape, [2, 1])
        XCTAssertEqual(linear["bias"]?.tensor?.shape, [2])

        let error = t7Error { try Torch7.loadModel(Float.self, from: url) }
        guard case let .unsupported(path, className, _)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(path, "")
        XCTAssertEqual(className, "nn.gModule")
        XCTAssertTrue(error!.description.hasPrefix("model: nn.gModule is not supported"), error!.description)
    }

    func testTDSHashAndVec() throws {
        let hash = try XCTUnwrap(try Torch7.load(from: fixture("tds_hash.t7")).classObject)
        XCTAssertEqual(hash.className, "tds.Hash")
        let pairs = try XCTUnwrap(hash.fields).entries.map { (try XCTUnwrap($0.key.integer), try XCTUnwrap($0.value.integer)) }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: pairs), [1: 2, 2: 3, 10: 11])

        let vec = try XCTUnwrap(try Torch7.load(from: fixture("tds_vec.t7")).classObject)
        XCTAssertEqual(vec.className, "tds.Vec")
        XCTAssertEqual(try XCTUnwrap(vec.fields?.list).map(\.integer), [123, 456])
    }

    /// Every fixture is covered above, and re-encoding each gives back the same bytes (the writer
    /// is the reader's inverse, references and cycles included).
    func testEveryFixtureReadsAndReEncodesByteForByte() throws {
        let folder = fixture("")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".t7") }.sorted()
        XCTAssertEqual(names.count, 15)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let object = try Torch7.decode(bytes)
            XCTAssertFalse(object.treeDescription().isEmpty)
            // Lua's pairs order is kept, so the same object writes the same bytes (version strings too).
            XCTAssertEqual(Torch7.encode(object), bytes, name)
        }
    }
}
