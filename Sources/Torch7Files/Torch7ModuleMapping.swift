// How each Wick module kind reads from and writes to the fields of its Torch7 `nn` class: one
// small function per kind in each direction. Field names are those of torch/nn's Lua modules
// (`Linear.lua`, `SpatialConvolution.lua`, `BatchNormalization.lua`, ...). Reading goes through the
// kind's own `make(from:)` (ModuleRegistry), so every check Wick's own model files get applies.
import NN
import WickCore

/// The fields of one Torch7 module instance, read with their Torch7 names, with errors that name
/// the module's path in the model.
struct Torch7Fields<Scalar: TensorScalar> {
    let object: Torch7ClassObject
    let path: String

    var className: String { object.className }
    private var location: String { path.isEmpty ? className : "\(path) (\(className))" }

    func mismatch(_ name: String, _ expected: String, _ found: Torch7Object?) -> Torch7FileError {
        .typeMismatch(path: "\(location).\(name)", expected: expected, found: found?.kindDescription ?? "nothing")
    }

    func has(_ name: String) -> Bool { !(object[name]?.isNil ?? true) }

    func number(_ name: String, default value: Double? = nil) throws -> Double {
        guard let field = object[name], !field.isNil else {
            if let value { return value }
            throw mismatch(name, "a number", nil)
        }
        guard let v = field.number else { throw mismatch(name, "a number", field) }
        return v
    }

    func int(_ name: String, default value: Int? = nil) throws -> Int {
        let v = try number(name, default: value.map(Double.init))
        guard v.rounded() == v, abs(v) < 1e15 else { throw mismatch(name, "an integer", .number(v)) }
        return Int(v)
    }

    func bool(_ name: String, default value: Bool? = nil) throws -> Bool {
        guard let field = object[name], !field.isNil else {
            if let value { return value }
            throw mismatch(name, "a boolean", nil)
        }
        guard let v = field.boolean else { throw mismatch(name, "a boolean", field) }
        return v
    }

    /// A tensor field, nil when absent, nil or Torch7's empty tensor.
    func optionalTensor(_ name: String) throws -> Tensor<Scalar>? {
        guard let field = object[name], !field.isNil else { return nil }
        guard let t = field.tensor else { throw mismatch(name, "a tensor", field) }
        return t.count == 0 ? nil : t.toTensor(Scalar.self)
    }

    func tensor(_ name: String) throws -> Tensor<Scalar> {
        guard let t = try optionalTensor(name) else { throw mismatch(name, "a tensor", object[name]) }
        return t
    }

    /// A `torch.LongStorage` (or a tensor, or a Lua list of numbers) of sizes.
    func sizes(_ name: String) throws -> [Int] {
        guard let field = object[name] else { throw mismatch(name, "a LongStorage", nil) }
        if let s = field.storage {
            return try (0..<s.count).map { i in
                guard let v = s.data.integer(at: i) else { throw mismatch(name, "integer sizes", field) }
                return v
            }
        }
        if let t = field.tensor { return try t.integers() }
        if let list = field.table?.list {
            return try list.map { v in
                guard let i = v.integer else { throw mismatch(name, "integer sizes", v) }
                return i
            }
        }
        throw mismatch(name, "a LongStorage", field)
    }

    func unsupported(_ reason: String) -> Torch7FileError {
        .unsupported(path: path, className: className, reason: reason)
    }
}

enum Torch7ModuleMapping {
    // MARK: Torch7 to Wick

    /// The Wick record of a Torch7 module of kind `kind` (children already built, in `children`).
    static func record<Scalar: TensorScalar>(kind: String, _ f: Torch7Fields<Scalar>,
                                              children: [any Module<Scalar>]) throws -> ModuleRecord<Scalar> {
        var r = ModuleRecord<Scalar>(kind: kind, isTraining: try f.bool("train", default: true), children: children)
        func hyper(_ pairs: [(String, HyperParameter)]) { r.hyperParameters += pairs.map { (name: $0.0, value: $0.1) } }
        func tensors(_ pairs: [(String, Tensor<Scalar>)]) { r.tensors += pairs.map { (name: $0.0, tensor: $0.1) } }
        switch kind {
        case "Sequential", "Identity", "Tanh", "Sigmoid", "ReLU", "SoftMax", "LogSoftMax":
            break
        case "ConcatTable", "ParallelTable", "CAddTable", "CSubTable", "CMulTable", "CDivTable", "FlattenTable", "MapTable":
            // CAddTable's `inplace` (reuse the first entry's storage) changes no result: ignored.
            break
        case "JoinTable", "SplitTable":
            hyper([("dimension", .int(try zeroBased(f, "dimension")))] + (f.has("nInputDims") ? [("nInputDims", .int(try f.int("nInputDims")))] : []))
        case "SelectTable":
            hyper([("index", .int(try zeroBased(f, "index")))])
        case "NarrowTable":
            let offset = try f.int("offset"), length = try f.int("length", default: 1)
            guard offset >= 1 else { throw f.mismatch("offset", "a 1-based entry number", .number(Double(offset))) }
            guard length >= 1 else { throw f.mismatch("length", "a number of entries, at least 1", .number(Double(length))) }
            hyper([("offset", .int(offset - 1)), ("length", .int(length))])
        case "Linear":
            let weight = try f.tensor("weight")
            guard weight.rank == 2 else { throw f.mismatch("weight", "an outputSize x inputSize matrix", .nil) }
            let bias = f.className == "nn.LinearNoBias" ? nil : try f.optionalTensor("bias")
            hyper([("inputSize", .int(weight.shape[1])), ("outputSize", .int(weight.shape[0])), ("bias", .bool(bias != nil))])
            tensors([("weight", weight)] + (bias.map { [("bias", $0)] } ?? []))
        case "LeakyReLU":
            hyper([("negval", .double(try f.number("negval", default: 0.01)))])
        case "ELU":
            hyper([("alpha", .double(try f.number("alpha", default: 1)))])
        case "SoftPlus":
            hyper([("beta", .double(try f.number("beta", default: 1))), ("threshold", .double(try f.number("threshold", default: 20)))])
        case "HardTanh":
            hyper([("minimum", .double(try f.number("min_val", default: -1))), ("maximum", .double(try f.number("max_val", default: 1)))])
        case "Threshold":
            hyper([("threshold", .double(try f.number("threshold", default: 1e-6))), ("value", .double(try f.number("val", default: 0)))])
        case "Dropout":
            // Torch7's Dropout scales survivors by 1/(1 − p) in training only with `v2` (the default
            // since 2014); the older one scales by 1 − p in evaluation instead, which Wick's does not.
            guard try f.bool("v2", default: false) else {
                throw f.unsupported("a Dropout without v2 scales by 1 − p in evaluation; Wick's Dropout is inverted dropout")
            }
            let generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
            hyper([("p", .double(try f.number("p", default: 0.5))), ("generator", .words(generator.state))])
        case "SpatialDropout":
            throw f.unsupported("Torch7's SpatialDropout multiplies by 1 − p in evaluation, Wick's is inverted dropout (the identity in evaluation)")
        case "Reshape":
            hyper([("shape", .ints(try f.sizes("size")))] + (f.has("batchMode") ? [("batchMode", .bool(try f.bool("batchMode")))] : []))
        case "View":
            hyper([("sizes", .ints(try f.sizes("size")))] + (f.has("numInputDims") ? [("numInputDims", .int(try f.int("numInputDims")))] : []))
        case "Concat":
            hyper([("dimension", .int(try f.int("dimension") - 1))])
        case "Parallel":
            hyper([("inputDimension", .int(try f.int("inputDimension") - 1)), ("outputDimension", .int(try f.int("outputDimension") - 1))])
        case "BatchNormalization", "SpatialBatchNormalization":
            let eps = try f.number("eps", default: 1e-5)
            let mean = try f.tensor("running_mean")
            let variance: Tensor<Scalar>
            if f.has("running_var") {
                variance = try f.tensor("running_var")
            } else {  // files before BatchNormalization's version 2 kept 1/√(var + eps)
                let std = try f.tensor("running_std")
                variance = Tensor(shape: std.shape, scalars: std.scalars.map { 1 / ($0 * $0) - Scalar(eps) })
            }
            let weight = try f.optionalTensor("weight"), bias = try f.optionalTensor("bias")
            let affine = try f.bool("affine", default: weight != nil)
            hyper([("featureCount", .int(mean.count)), ("eps", .double(eps)), ("momentum", .double(try f.number("momentum", default: 0.1))),
                   ("affine", .bool(affine))])
            tensors([("runningMean", mean.reshaped(mean.count)), ("runningVar", variance.reshaped(variance.count))])
            if affine, let weight, let bias { tensors([("weight", weight.reshaped(weight.count)), ("bias", bias.reshaped(bias.count))]) }
        case "SpatialConvolution":
            guard try f.int("groups", default: 1) == 1 else { throw f.unsupported("grouped convolution (groups > 1)") }
            let (i, o, kW, kH) = (try f.int("nInputPlane"), try f.int("nOutputPlane"), try f.int("kW"), try f.int("kH"))
            let padW = try f.int("padW", default: try f.int("padding", default: 0))
            var weight = try f.tensor("weight")
            // SpatialConvolutionMM kept its weight as nOutputPlane x (nInputPlane·kH·kW).
            if weight.rank == 2, i > 0, o > 0, kW > 0, kH > 0, checkedElementCount([o, i, kH, kW]) == weight.count {
                weight = weight.reshaped(o, i, kH, kW)
            }
            let bias = try f.optionalTensor("bias")
            hyper([("nInputPlane", .int(i)), ("nOutputPlane", .int(o)), ("kW", .int(kW)), ("kH", .int(kH)),
                   ("dW", .int(try f.int("dW", default: 1))), ("dH", .int(try f.int("dH", default: 1))),
                   ("padW", .int(padW)), ("padH", .int(try f.int("padH", default: padW))), ("bias", .bool(bias != nil))])
            tensors([("weight", weight)] + (bias.map { [("bias", $0)] } ?? []))
        case "SpatialMaxPooling", "SpatialAveragePooling":
            let (kW, kH) = (try f.int("kW"), try f.int("kH"))
            hyper([("kW", .int(kW)), ("kH", .int(kH)), ("dW", .int(try f.int("dW", default: kW))), ("dH", .int(try f.int("dH", default: kH))),
                   ("padW", .int(try f.int("padW", default: 0))), ("padH", .int(try f.int("padH", default: 0))),
                   ("ceilMode", .bool(try f.bool("ceil_mode", default: false)))])
            if kind == "SpatialAveragePooling" {
                guard try f.bool("divide", default: true) else { throw f.unsupported("sum pooling (divide = false)") }
                hyper([("countIncludePad", .bool(try f.bool("count_include_pad", default: true)))])
            }
        case "SpatialZeroPadding":
            let left = try f.int("pad_l")
            hyper([("padLeft", .int(left)), ("padRight", .int(try f.int("pad_r", default: left))),
                   ("padTop", .int(try f.int("pad_t", default: left))), ("padBottom", .int(try f.int("pad_b", default: left)))])
        default:
            throw f.unsupported("Wick's module kind '\(kind)' has no Torch7 field mapping")
        }
        return r
    }

    /// Torch7's 1-based dimension or index `name` as Wick's 0-based one; negative ones count from
    /// the end in both (`-1` is the last).
    static func zeroBased<Scalar>(_ f: Torch7Fields<Scalar>, _ name: String) throws -> Int {
        let value = try f.int(name)
        guard value != 0 else { throw f.mismatch(name, "a 1-based number (or a negative one, from the end)", .number(0)) }
        return value > 0 ? value - 1 : value
    }

    // MARK: Wick to Torch7

    /// The Torch7 class and version a Wick record is written as, and its own fields (besides the
    /// ones every module has, and its children).
    static func fields<Scalar: TensorScalar>(of r: ModuleRecord<Scalar>, typeName: String) throws
        -> (className: String, version: Int, fields: [(String, Torch7Object)]) {
        func int(_ name: String) throws -> Torch7Object { .number(Double(try r.int(name))) }
        func real(_ name: String) throws -> Torch7Object {
            guard case let .double(v)? = r.hyperParameters.first(where: { $0.name == name })?.value else {
                throw Torch7FileError.notWritable(type: typeName, reason: "its record has no number '\(name)'")
            }
            return .number(v)
        }
        func bool(_ name: String) throws -> Torch7Object { .boolean(try r.bool(name)) }
        func longs(_ values: [Int]) -> Torch7Object {
            .storage(Torch7Storage(className: "torch.LongStorage", data: .long(values.map(Int64.init))))
        }
        let nn = "nn." + r.kind
        // Wick's 0-based dimensions and indices as Torch7's 1-based ones (negative ones unchanged).
        func oneBased(_ value: Int) -> Int { value >= 0 ? value + 1 : value }
        func dimensionFields() throws -> [(String, Torch7Object)] {
            [("dimension", .number(Double(oneBased(try r.int("dimension")))))] + (r.has("nInputDims") ? [("nInputDims", try int("nInputDims"))] : [])
        }
        func narrowFields() throws -> [(String, Torch7Object)] {
            let offset = try r.int("offset")
            guard offset >= 0 else {
                throw Torch7FileError.notWritable(type: typeName, reason: "Torch7's NarrowTable takes no negative offset (\(offset))")
            }
            return [("offset", .number(Double(offset + 1))), ("length", try int("length"))]
        }
        switch r.kind {
        case "Sequential", "Identity", "Tanh", "Sigmoid", "SoftMax", "LogSoftMax":
            return (nn, 1, [])
        case "ReLU":
            return (nn, 1, [("threshold", .number(0)), ("val", .number(0)), ("inplace", .boolean(false))])
        case "Linear":
            return (nn, 1, [])  // weight, bias and their gradients come from the record's tensors
        case "LeakyReLU":
            return (nn, 1, [("negval", try real("negval")), ("inplace", .boolean(false))])
        case "ELU":
            return (nn, 1, [("alpha", try real("alpha")), ("inplace", .boolean(false))])
        case "SoftPlus":
            return (nn, 1, [("beta", try real("beta")), ("threshold", try real("threshold"))])
        case "HardTanh":
            return (nn, 1, [("min_val", try real("minimum")), ("max_val", try real("maximum")), ("inplace", .boolean(false))])
        case "Threshold":
            return (nn, 1, [("threshold", try real("threshold")), ("val", try real("value")), ("inplace", .boolean(false))])
        case "Dropout":
            return (nn, 1, [("p", try real("p")), ("v2", .boolean(true)), ("inplace", .boolean(false))])
        case "Reshape":
            let shape = try r.ints("shape")
            var fields: [(String, Torch7Object)] = [("size", longs(shape)), ("batchsize", longs([1] + shape)),
                                                    ("nelement", .number(Double(shape.reduce(1, *))))]
            if r.has("batchMode") { fields.append(("batchMode", try bool("batchMode"))) }
            return (nn, 1, fields)
        case "View":
            let sizes = try r.ints("sizes")
            var fields: [(String, Torch7Object)] = [("size", longs(sizes)),
                                                    ("numElements", .number(Double(sizes.filter { $0 != -1 }.reduce(1, *))))]
            if r.has("numInputDims") { fields.append(("numInputDims", try int("numInputDims"))) }
            return (nn, 1, fields)
        case "Concat":
            let d = try r.int("dimension")
            guard d >= 0 else { throw Torch7FileError.notWritable(type: typeName, reason: "Torch7's Concat takes no negative dimension (\(d)); give it a non-negative one") }
            return (nn, 1, [("dimension", .number(Double(d + 1)))])
        case "Parallel":
            let (i, o) = (try r.int("inputDimension"), try r.int("outputDimension"))
            guard i >= 0, o >= 0 else { throw Torch7FileError.notWritable(type: typeName, reason: "Torch7's Parallel takes no negative dimension (\(i), \(o))") }
            return (nn, 1, [("inputDimension", .number(Double(i + 1))), ("outputDimension", .number(Double(o + 1)))])
        case "BatchNormalization", "SpatialBatchNormalization":
            // Version 2: `running_var` (version 1 kept `running_std`).
            return (nn, 2, [("eps", try real("eps")), ("momentum", try real("momentum")), ("affine", try bool("affine"))])
        case "SpatialConvolution":
            return (nn, 1, [("nInputPlane", try int("nInputPlane")), ("nOutputPlane", try int("nOutputPlane")),
                            ("kW", try int("kW")), ("kH", try int("kH")), ("dW", try int("dW")), ("dH", try int("dH")),
                            ("padW", try int("padW")), ("padH", try int("padH"))])
        case "SpatialMaxPooling", "SpatialAveragePooling":
            var fields: [(String, Torch7Object)] = [("kW", try int("kW")), ("kH", try int("kH")), ("dW", try int("dW")), ("dH", try int("dH")),
                                                    ("padW", try int("padW")), ("padH", try int("padH")), ("ceil_mode", try bool("ceilMode"))]
            if r.kind == "SpatialAveragePooling" { fields += [("count_include_pad", try bool("countIncludePad")), ("divide", .boolean(true))] }
            return (nn, 1, fields)
        case "SpatialZeroPadding":
            return (nn, 1, [("pad_l", try int("padLeft")), ("pad_r", try int("padRight")), ("pad_t", try int("padTop")), ("pad_b", try int("padBottom"))])
        case "ConcatTable":
            return (nn, 1, [("output", .table(Torch7Table()))])
        case "MapTable":  // its `module` field is set by the writer, with its children
            return (nn, 1, [("output", .table(Torch7Table())), ("gradInput", .table(Torch7Table())), ("shared", .boolean(true))])
        case "ParallelTable", "SplitTable", "NarrowTable", "FlattenTable":
            return (nn, 1, [("output", .table(Torch7Table())), ("gradInput", .table(Torch7Table()))]
                + (r.kind == "SplitTable" ? try dimensionFields() : [])
                + (r.kind == "NarrowTable" ? try narrowFields() : []))
        case "CAddTable", "CSubTable", "CMulTable", "CDivTable":
            return (nn, 1, [("gradInput", .table(Torch7Table()))] + (r.kind == "CAddTable" ? [("inplace", .boolean(false))] : []))
        case "JoinTable":
            return (nn, 1, [("gradInput", .table(Torch7Table()))] + (try dimensionFields()))
        case "SelectTable":
            return (nn, 1, [("gradInput", .table(Torch7Table())), ("index", .number(Double(oneBased(try r.int("index")))))])
        case "SpatialDropout":
            throw Torch7FileError.notWritable(type: typeName, reason: "Torch7's SpatialDropout multiplies by 1 − p in evaluation, Wick's does not, so the file would compute something else")
        default:
            throw Torch7FileError.notWritable(type: typeName, reason: "its kind '\(r.kind)' has no Torch7 class")
        }
    }

    /// The Torch7 names of a record's tensors: Wick's `runningMean`/`runningVar` are Torch7's
    /// `running_mean`/`running_var`; the others keep their names.
    static func torch7TensorName(_ name: String) -> String {
        switch name {
        case "runningMean": "running_mean"
        case "runningVar": "running_var"
        default: name
        }
    }
}
