// A Torch7 `.t7` model in Wick: load it (or train a small one and save it as `.t7` first), print
// it as Torch7 prints it, and measure its accuracy on the bundled digits or on Fashion-MNIST.
// `--inspect FILE` prints the object tree of any `.t7` file, like Python's torchfile shows it.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct Torch7ModelSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torch7-model",
        abstract: "Run a Torch7 .t7 model on digits or Fashion-MNIST, or print the object tree of any .t7 file.")

    @OptionGroup var machine: MachineOptions

    enum ImageSource: String, ExpressibleByArgument, CaseIterable { case digits, fashion }
    enum Architecture: String, ExpressibleByArgument, CaseIterable { case mlp, conv }

    @Argument(help: "A .t7 file holding an nn model (default: a small model trained here, saved as .t7 and reloaded).")
    var model: String?
    @Option(help: "Print the object tree of this .t7 file and stop.") var inspect: String?
    @Option(help: "The images: the bundled 8x8 digits (pixels / 16), or Fashion-MNIST's test set (pixels / 255; `make deps-data`).")
    var dataset: ImageSource = .digits
    @Option(help: "The default model: an MLP, or a small convolutional network (convolution, batch normalization, max pooling, dropout).")
    var architecture: Architecture = .mlp
    @Option(help: "Training epochs of the default model.") var epochs = 20
    @Option(help: "Also write each parameter of the default model as an NPY file in this folder (for scripts/check-torchfile.py).")
    var exportNPY: String?
    @Option(help: "With --dataset fashion: training images of the default model.") var fashionTrain = 10_000
    @Option(help: "Seed for the default model's initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Output folder for the default model's .t7 file (default output/torch7-model).") var output: String?

    func run() throws {
        machine.report()
        if let inspect {
            let object = try Torch7.load(from: URL(fileURLWithPath: inspect))
            print(object.treeDescription(), terminator: "")
            return
        }
        let (train, test) = try images()
        let network: any Module<Float>
        if let model {
            network = try Torch7.loadModel(Float.self, from: URL(fileURLWithPath: model))
            print("loaded \(model)")
        } else {
            let trained = try trainDefault(train, test)
            let file = try outputDirectory("torch7-model", override: output)
                .appendingPathComponent("\(dataset.rawValue)-\(architecture.rawValue).t7")
            try trained.saveTorch7(to: file)
            if let exportNPY { try export(trained, to: exportNPY) }
            network = try Torch7.loadModel(Float.self, from: file)
            network.evaluate()
            let same = network.forward(test.inputs) == trained.forward(test.inputs)
            print("saved \(file.path) and reloaded it: \(same ? "identical" : "DIFFERENT") outputs")
        }
        print(network)
        network.evaluate()
        let scores = network.forward(flattenedIfLinear(test.inputs, for: network))
        guard scores.rank == 2, scores.shape[0] == test.labels.count else {
            throw ValidationError("the model's output is \(formatShape(scores.shape)), not one row of class scores per image")
        }
        let predictions = scores.argmax(alongDimension: 1)
        let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
        print("\(dataset.rawValue): \(test.labels.count) test images, accuracy \(fixed(Double(correct) / Double(test.labels.count)))")
    }

    /// Training and test images with 0-based labels: digits as `N x 64` in [0, 1] (1400 train, the
    /// rest test, after a seeded shuffle), Fashion-MNIST as `N x 1 x 28 x 28` in [0, 1].
    func images() throws -> (train: (inputs: Tensor<Float>, labels: [Int]), test: (inputs: Tensor<Float>, labels: [Int])) {
        switch dataset {
        case .digits:
            let (all, labels) = try Digits.load(as: Float.self)
            var generator = RandomGenerator(seed: seed)
            let order = generator.permutation(labels.count)
            let pixels = all.selecting(rows: order) / 16
            let shuffled = order.map { labels[$0] }
            return ((pixels[rows: 0..<1400], Array(shuffled[0..<1400])),
                    (pixels[rows: 1400..<shuffled.count], Array(shuffled[1400...])))
        case .fashion:
            let train = try FashionMNIST.load(.train, as: Float.self, limit: fashionTrain)
            let test = try FashionMNIST.load(.test, as: Float.self)
            return ((train.images / 255, train.labels), (test.images / 255, test.labels))
        }
    }

    /// The default model, trained with Adam: an MLP (`Linear`, `ReLU`, `Linear`), or a small
    /// convolutional network on the square images.
    func trainDefault(_ train: (inputs: Tensor<Float>, labels: [Int]), _ test: (inputs: Tensor<Float>, labels: [Int])) throws -> Sequential<Float> {
        manualSeed(seed)
        let features = train.inputs.count / train.inputs.shape[0]
        let side = Int(Double(features).squareRoot())
        let model = architecture == .mlp
            ? Sequential<Float> { View(-1).setNumInputDims(train.inputs.rank - 1); Linear(features, 64); ReLU(); Linear(64, 10) }
            : Sequential<Float> {
                Reshape(1, side, side)
                SpatialConvolution(1, 8, 3, 3, 1, 1, 1, 1)
                SpatialBatchNormalization(8)
                ReLU()
                SpatialMaxPooling(2, 2)
                View(-1).setNumInputDims(3)
                Dropout(0.25)
                Linear(8 * (side / 2) * (side / 2), 10)
            }
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Float>(), optimizer: Adam(model.getParameters(), learningRate: 0.003))
        trainer.epochs = epochs
        trainer.batchSize = 32
        trainer.generator = RandomGenerator(seed: seed)
        trainer.progress = .quiet
        let history = try trainer.fit(TensorDataset(inputs: train.inputs, targets: train.labels))
        print("trained \(model.count) modules for \(epochs) epochs: final loss \(fixed(history.trainLosses.last ?? .nan))")
        model.evaluate()
        return model
    }

    /// Writes each module's parameters and batch-normalization statistics as
    /// `<position>.<name>.npy` (positions 1-based, as Torch7 numbers `modules`).
    func export(_ model: Sequential<Float>, to folder: String) throws {
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (i, module) in model.modules.enumerated() {
            var tensors = module.parameters().map { ($0.name, $0.value) }
            if let bn = module as? SpatialBatchNormalization<Float> { tensors += [("running_mean", bn.runningMean), ("running_var", bn.runningVar)] }
            for (name, tensor) in tensors {
                try NPY.write(tensor, to: directory.appendingPathComponent("\(i + 1).\(name).npy"))
            }
        }
        print("wrote the parameters as NPY files in \(directory.path)")
    }

    /// `inputs` flattened to `N x features` when the model's first layer is a `Linear` (Torch7 MLPs
    /// often take flat images), unchanged otherwise.
    func flattenedIfLinear(_ inputs: Tensor<Float>, for model: any Module<Float>) -> Tensor<Float> {
        var first: any Module<Float> = model
        while let child = first.children.first { first = child }
        guard first is Linear<Float>, inputs.rank > 2 else { return inputs }
        return inputs.reshaped(inputs.shape[0], inputs.count / inputs.shape[0])
    }
}
