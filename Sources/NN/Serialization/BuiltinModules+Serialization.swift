// How each of Wick's modules is recorded in a model file.

extension Linear: SerializableModule {
    public static var kind: String { "Linear" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [
            ("inputSize", .int(inputSize)), ("outputSize", .int(outputSize)), ("bias", .bool(bias != nil)),
        ], tensors: [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Linear {
        let (i, o, hasBias) = (try r.int("inputSize"), try r.int("outputSize"), try r.bool("bias"))
        guard i > 0, o > 0 else { throw ModelFileError.corrupted("Linear has sizes \(i) -> \(o)") }
        var generator = RandomGenerator(seed: 0)  // overwritten below
        let m = Linear(i, o, bias: hasBias, generator: &generator)
        m.weight = try r.tensor("weight", shape: [o, i])
        if hasBias { m.bias = try r.tensor("bias", shape: [o]) }
        return m
    }
}

/// Modules without hyper-parameters or tensors.
protocol PlainModule: SerializableModule { init() }
extension PlainModule {
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Self { Self() }
}
extension Identity: PlainModule { public static var kind: String { "Identity" } }
extension Tanh: PlainModule { public static var kind: String { "Tanh" } }
extension Sigmoid: PlainModule { public static var kind: String { "Sigmoid" } }
extension ReLU: PlainModule { public static var kind: String { "ReLU" } }
extension SoftMax: PlainModule { public static var kind: String { "SoftMax" } }
extension LogSoftMax: PlainModule { public static var kind: String { "LogSoftMax" } }

extension LeakyReLU: SerializableModule {
    public static var kind: String { "LeakyReLU" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("negval", .double(Double(negval)))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> LeakyReLU { LeakyReLU(negval: try r.scalar("negval")) }
}

extension ELU: SerializableModule {
    public static var kind: String { "ELU" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("alpha", .double(Double(alpha)))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> ELU { ELU(alpha: try r.scalar("alpha")) }
}

extension SoftPlus: SerializableModule {
    public static var kind: String { "SoftPlus" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("beta", .double(Double(beta))), ("threshold", .double(Double(threshold)))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SoftPlus {
        SoftPlus(beta: try r.scalar("beta"), threshold: try r.scalar("threshold"))
    }
}

extension HardTanh: SerializableModule {
    public static var kind: String { "HardTanh" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("minimum", .double(Double(minimum))), ("maximum", .double(Double(maximum)))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> HardTanh {
        let (lo, hi) = (try r.scalar("minimum"), try r.scalar("maximum"))
        guard lo < hi else { throw ModelFileError.corrupted("HardTanh has minimum \(lo) ≥ maximum \(hi)") }
        return HardTanh(minimum: lo, maximum: hi)
    }
}

extension Threshold: SerializableModule {
    public static var kind: String { "Threshold" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("threshold", .double(Double(threshold))), ("value", .double(Double(value)))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Threshold {
        Threshold(threshold: try r.scalar("threshold"), value: try r.scalar("value"))
    }
}

extension Step: SerializableModule {
    public static var kind: String { "Step" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("threshold", .double(Double(threshold)))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Step { Step(threshold: try r.scalar("threshold")) }
}

extension Dropout: SerializableModule {
    public static var kind: String { "Dropout" }
    public func record() -> ModuleRecord<Scalar> {
        var hyper: [(name: String, value: HyperParameter)] = [("p", .double(Double(p))), ("generator", .words(generatorState.state))]
        if let spare = generatorState.pendingNormal { hyper.append(("pendingNormal", .double(spare))) }
        return ModuleRecord(kind: Self.kind, hyperParameters: hyper)
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Dropout {
        let p = try r.scalar("p"), words = try r.words("generator")
        guard p >= 0, p < 1, words.count == 4 else { throw ModelFileError.corrupted("Dropout has p \(p) or a bad generator state") }
        let spare = r.hyperParameters.first { $0.name == "pendingNormal" }.flatMap { if case let .double(v) = $0.value { v } else { nil } }
        return Dropout(p, generator: RandomGenerator(state: words, spareNormal: spare))
    }
}

extension Reshape: SerializableModule {
    public static var kind: String { "Reshape" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("shape", .ints(sampleShape))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Reshape {
        let shape = try r.ints("shape")
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw ModelFileError.corrupted("Reshape has shape \(shape)") }
        return Reshape(shape: shape)
    }
}

extension Sequential: SerializableModule {
    public static var kind: String { "Sequential" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Sequential { Sequential(r.children) }
}

extension Concat: SerializableModule {
    public static var kind: String { "Concat" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("dimension", .int(dimension))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Concat {
        let m = Concat(dimension: try r.int("dimension"))
        for c in r.children { m.append(c) }
        return m
    }
}

extension Parallel: SerializableModule {
    public static var kind: String { "Parallel" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("inputDimension", .int(inputDimension)), ("outputDimension", .int(outputDimension))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Parallel {
        let m = Parallel(inputDimension: try r.int("inputDimension"), outputDimension: try r.int("outputDimension"))
        for c in r.children { m.append(c) }
        return m
    }
}
