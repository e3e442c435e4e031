import Foundation
import NN
import WickCore

/// Torch7's `.t7` files: reading any of them as an object tree, loading `nn` models as runnable
/// Wick modules, and writing Wick models and tensors back for Torch7 and Python's `torchfile`.
///
/// ```swift
/// let model = try Torch7.loadModel(Float.self, from: URL(fileURLWithPath: "model.t7"))
/// let scores = model.forward(images)
/// try model.saveTorch7(to: URL(fileURLWithPath: "copy.t7"))
///
/// let cifar = try Torch7.load(from: URL(fileURLWithPath: "cifar10-train.t7"))
/// let data = try cifar["data"]!.tensor!.toTensor(Float.self)
/// let labels = try cifar["labels"]!.tensor!.labels(base: .oneBased)  // Torch7 counts from 1
/// ```
///
/// The format is Torch7's `File.lua` serialization (`torch.save`/`torch.load`), binary or ascii.
/// See `Docs/Torch7.md` for what maps to which Wick module and what is not supported.
public enum Torch7 {
    // MARK: Reading

    /// The object tree of the `.t7` file at `url`.
    ///
    /// - Throws: ``Torch7FileError/io(path:reason:)`` when the file cannot be read; for a malformed,
    ///   truncated or hostile file ``Torch7FileError/truncated(offset:needed:)``,
    ///   ``Torch7FileError/corrupted(_:offset:)``, ``Torch7FileError/unknownTypeTag(_:offset:)``,
    ///   ``Torch7FileError/tooDeep(limit:)`` or ``Torch7FileError/trailingBytes(offset:count:)``.
    public static func load(from url: URL, options: Torch7ReadOptions = Torch7ReadOptions()) throws(Torch7FileError) -> Torch7Object {
        try decode(try readBytes(url), options: options)
    }

    /// The object tree of the bytes of a `.t7` file.
    ///
    /// With ``Torch7ReadOptions/longSize`` nil, the bytes are read with 8-byte longs and, if that
    /// fails, with 4-byte ones; the first error is thrown when both fail.
    ///
    /// - Throws: the errors of ``load(from:options:)`` but `io`.
    public static func decode(_ bytes: [UInt8], options: Torch7ReadOptions = Torch7ReadOptions()) throws(Torch7FileError) -> Torch7Object {
        let ascii: Bool
        switch options.format {
        case .binary: ascii = false
        case .ascii: ascii = true
        case .automatic: ascii = bytes.first.map { (0x30...0x39).contains($0) } ?? false
        }
        func parse(longSize: Int) throws(Torch7FileError) -> Torch7Object {
            var parser = Torch7Parser(input: Torch7Input(bytes: bytes, ascii: ascii, longSize: longSize), maximumDepth: options.maximumDepth)
            do { return try parser.readFile() } catch let error as Torch7FileError { throw error } catch {
                throw .corrupted("\(error)", offset: 0)
            }
        }
        if let longSize = options.longSize {
            guard longSize == 4 || longSize == 8 else { throw .corrupted("long size \(longSize) (4 or 8 expected)", offset: 0) }
            return try parse(longSize: longSize)
        }
        do {
            return try parse(longSize: 8)
        } catch {
            if ascii { throw error }  // ascii longs are text: their size does not matter
            if let object = try? parse(longSize: 4) { return object }
            throw error
        }
    }

    /// The tensor stored at `url` (a file holding one `torch.*Tensor`), converted to `Scalar`.
    ///
    /// - Throws: the errors of ``load(from:options:)``, and
    ///   ``Torch7FileError/typeMismatch(path:expected:found:)`` when the file holds something else.
    public static func loadTensor<Scalar: TensorScalar>(_: Scalar.Type, from url: URL,
                                                        options: Torch7ReadOptions = Torch7ReadOptions()) throws(Torch7FileError) -> Tensor<Scalar> {
        let object = try load(from: url, options: options)
        guard let tensor = object.tensor else { throw .typeMismatch(path: "", expected: "a tensor", found: object.kindDescription) }
        return tensor.toTensor(Scalar.self)
    }

    /// The Torch7 `nn` model stored at `url` as a runnable Wick module with its weights, in
    /// `Scalar` whatever the file's tensor type (`Float`, `Double` or `Cuda` tensors).
    ///
    /// Each `nn` class maps through `ModuleRegistry` (the kind whose `torch7ClassNames` list it)
    /// to a Wick module; a container (`nn.Sequential`, `nn.Concat`, `nn.Parallel`) becomes the
    /// matching Wick container. Each module keeps the file's mode: one saved after `:evaluate()`
    /// (`train = false`) is in evaluation mode.
    ///
    /// - Throws: the errors of ``load(from:options:)``; ``Torch7FileError/unsupported(path:className:reason:)``
    ///   naming the first class that has no Wick counterpart and its path in the model (e.g.
    ///   `modules[3].modules[1]: nn.FastLSTM is not supported`), while ``load(from:options:)``
    ///   still reads the same file as a tree; ``Torch7FileError/typeMismatch(path:expected:found:)``
    ///   when a module's field is missing or of the wrong type or shape.
    public static func loadModel<Scalar: TensorScalar>(_: Scalar.Type, from url: URL,
                                                       options: Torch7ReadOptions = Torch7ReadOptions()) throws(Torch7FileError) -> any Module<Scalar> {
        try model(Scalar.self, from: try load(from: url, options: options))
    }

    /// The Wick module of a Torch7 `nn` object tree (see ``loadModel(_:from:options:)``).
    ///
    /// - Throws: ``Torch7FileError/unsupported(path:className:reason:)`` and
    ///   ``Torch7FileError/typeMismatch(path:expected:found:)``, as ``loadModel(_:from:options:)``.
    public static func model<Scalar: TensorScalar>(_: Scalar.Type, from object: Torch7Object) throws(Torch7FileError) -> any Module<Scalar> {
        do {
            return try Torch7ModelReader<Scalar>().module(object, path: "", depth: 0)
        } catch let error as Torch7FileError {
            throw error
        } catch {
            throw .typeMismatch(path: "", expected: "a valid module", found: "\(error)")
        }
    }

    // MARK: Writing

    /// Writes `tensor` as a `torch.FloatTensor` or `torch.DoubleTensor` (binary, contiguous)
    /// at `url`, atomically (`AtomicFile`).
    ///
    /// - Throws: ``Torch7FileError/io(path:reason:)`` when the file cannot be written.
    public static func save<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>, to url: URL) throws(Torch7FileError) {
        try save(.tensor(torch7Tensor(tensor)), to: url)
    }

    /// Writes an object tree at `url` in Torch7's binary encoding, atomically (`AtomicFile`).
    ///
    /// - Throws: ``Torch7FileError/io(path:reason:)`` when the file cannot be written.
    public static func save(_ object: Torch7Object, to url: URL) throws(Torch7FileError) {
        do {
            try AtomicFile.write(encode(object), to: url)
        } catch {
            throw .io(path: error.path, reason: error.reason)
        }
    }

    /// The bytes of an object tree in Torch7's binary encoding (little-endian, 8-byte longs).
    public static func encode(_ object: Torch7Object) -> [UInt8] {
        var output = Torch7Output()
        output.write(object)
        return output.bytes
    }

    /// The object tree Torch7 would save for `module`: an `nn.*` class instance with the fields
    /// Torch7's module has (`weight`, `bias`, `gradWeight`, `gradBias`, `output`, `gradInput`,
    /// `train`, `_type` and the module's own, e.g. `kW`, `dW`, `padW`, `nInputPlane`), children in a
    /// `modules` list.
    ///
    /// - Throws: ``Torch7FileError/notWritable(type:reason:)`` for a module whose kind has no Torch7
    ///   class (`Step`, a module of your own), `SpatialDropout` (whose evaluation Torch7 computes
    ///   differently), or a `Concat`/`Parallel` with a negative dimension.
    public static func object<Scalar: TensorScalar>(of module: any Module<Scalar>) throws(Torch7FileError) -> Torch7Object {
        try Torch7ModelWriter<Scalar>().object(of: module)
    }

    /// The Torch7 tensor of a Wick tensor: contiguous, of class `torch.FloatTensor` or
    /// `torch.DoubleTensor`.
    public static func torch7Tensor<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) -> Torch7Tensor {
        if let floats = tensor.scalars as? [Float] {
            return Torch7Tensor(className: "torch.FloatTensor", shape: tensor.shape, data: .float(floats))
        }
        return Torch7Tensor(className: "torch.DoubleTensor", shape: tensor.shape, data: .double(tensor.scalars.map { Double($0) }))
    }

    private static func readBytes(_ url: URL) throws(Torch7FileError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .io(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}

extension Module {
    /// Writes this model as a Torch7 `.t7` file (binary, what `torch.save` writes) at `url`,
    /// atomically (`AtomicFile`); Torch7's `torch.load` and Python's `torchfile` read it.
    ///
    /// - Throws: ``Torch7FileError/notWritable(type:reason:)`` (see ``Torch7/object(of:)``), or
    ///   ``Torch7FileError/io(path:reason:)`` when the file cannot be written. Nothing is written
    ///   when a module cannot be.
    public func saveTorch7(to url: URL) throws(Torch7FileError) {
        try Torch7.save(try Torch7.object(of: self), to: url)
    }
}
