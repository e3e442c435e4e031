import NN
import WickCore

/// Turns `nn` object trees into Wick modules, through `ModuleRegistry` and
/// `Torch7ModuleMapping`.
struct Torch7ModelReader<Scalar: TensorScalar> {
    /// Containers nest; a model deeper than this is refused rather than exhaust the stack.
    static var maximumDepth: Int { 200 }

    func module(_ object: Torch7Object, path: String, depth: Int) throws -> any Module<Scalar> {
        guard depth < Self.maximumDepth else { throw Torch7FileError.tooDeep(limit: Self.maximumDepth) }
        guard let instance = object.classObject, instance.fields != nil else {
            throw Torch7FileError.typeMismatch(path: path, expected: "an nn module", found: object.kindDescription)
        }
        let className = instance.className
        guard let kind = ModuleRegistry.kind(torch7ClassName: className) else {
            throw Torch7FileError.unsupported(path: path, className: className, reason: Self.reason(className))
        }
        var children: [any Module<Scalar>] = []
        if let modules = instance["modules"], !modules.isNil {
            guard let list = modules.table?.list else {
                throw Torch7FileError.typeMismatch(path: path + ".modules", expected: "a list of modules", found: modules.kindDescription)
            }
            for (i, child) in list.enumerated() {
                let childPath = (path.isEmpty ? "" : path + ".") + "modules[\(i + 1)]"  // 1-based, as in Lua
                children.append(try module(child, path: childPath, depth: depth + 1))
            }
        }
        let record = try Torch7ModuleMapping.record(kind: kind.name, Torch7Fields<Scalar>(object: instance, path: path), children: children)
        let module: any Module<Scalar>
        do {
            module = try kind.make(from: record)
        } catch {
            throw Torch7FileError.invalidModule(path: path, className: className, reason: "\(error)")
        }
        module.isTraining = record.isTraining
        return module
    }

    /// Why a class has no Wick module.
    static func reason(_ className: String) -> String {
        if className == "nn.gModule" { return "nngraph's graph modules have no Wick counterpart; Wick's containers are Sequential, Concat, Parallel, ConcatTable and ParallelTable" }
        let recurrent = ["LSTM", "GRU", "Recurrent", "RNN", "Recursor", "Sequencer"]
        if className.hasPrefix("nn.") || className.hasPrefix("cudnn.") || className.hasPrefix("rnn.") {
            if recurrent.contains(where: className.contains) { return "recurrent modules are not in Wick" }
            return "no Wick module kind stands for this class"
        }
        return "not an nn module (a class of another library, or of the program that saved the file); "
            + "`torch7-model --inspect FILE` or `Torch7.load(from:)` shows what the file holds"
    }
}

/// Turns Wick modules into the `nn` object trees Torch7 saves.
struct Torch7ModelWriter<Scalar: TensorScalar> {
    var tensorClass: String { Scalar.self == Float.self ? "torch.FloatTensor" : "torch.DoubleTensor" }

    func object(of module: any Module<Scalar>) throws(Torch7FileError) -> Torch7Object {
        let typeName = String(describing: type(of: module))
        guard let serializable = module as? any SerializableModule<Scalar> else {
            throw .notWritable(type: typeName, reason: "it does not conform to SerializableModule")
        }
        guard ModuleRegistry.kind(of: module) != nil else {
            throw .notWritable(type: typeName, reason: "its kind is not registered (ModuleRegistry.register)")
        }
        let record = serializable.record()
        let (className, version, own): (String, Int, [(String, Torch7Object)])
        do {
            (className, version, own) = try Torch7ModuleMapping.fields(of: record, typeName: typeName)
        } catch let error as Torch7FileError {
            throw error
        } catch {
            throw .notWritable(type: typeName, reason: "\(error)")
        }
        let fields = Torch7Table()
        func set(_ name: String, _ value: Torch7Object) { fields.set(value, for: .string(name)) }
        let empty = Torch7Object.tensor(Torch7Tensor(className: tensorClass, shape: [0], data: Scalar.self == Float.self ? .float([]) : .double([])))
        set("_type", .string(tensorClass))
        set("train", .boolean(module.isTraining))
        set("output", empty)
        set("gradInput", empty)
        for (name, value) in own { set(name, value) }
        let parameters = module.parameters()
        for (name, tensor) in record.tensors {
            set(Torch7ModuleMapping.torch7TensorName(name), .tensor(Torch7.torch7Tensor(tensor)))
            if name == "weight" || name == "bias", children(of: module).isEmpty {
                let grad = parameters.first { $0.name == name }?.grad ?? Tensor(repeating: 0, shape: tensor.shape)
                set("grad" + name.prefix(1).uppercased() + name.dropFirst(), .tensor(Torch7.torch7Tensor(grad)))
            }
        }
        let kids = children(of: module)
        if !kids.isEmpty || ["Sequential", "Concat", "Parallel", "ConcatTable", "ParallelTable"].contains(record.kind) {
            let list = Torch7Table()
            for (i, child) in kids.enumerated() { list.set(try object(of: child), for: .number(Double(i + 1))) }
            set("modules", .table(list))
            // A MapTable's module is its first clone, also kept as `module`.
            if record.kind == "MapTable", let first = list.list?.first { set("module", first) }
        }
        return .object(Torch7ClassObject(className: className, version: version, value: .table(fields)))
    }

    private func children(of module: any Module<Scalar>) -> [any Module<Scalar>] { module.children }
}
