// swift-tools-version: 6.1
import PackageDescription

/// The sample programs, one per lecture notebook, each in `Samples/<name>/`.
let samples = [
    "digits-mlp", "xor", "gradient-check", "playground", "universal-approximation", "learning-rate",
    "linear-regression", "polynomial-regression", "ridge-cross-validation", "pca", "knn", "logistic-regression",
    "filters", "fashion-cnn", "adversarial", "torch7-model", "fashion-resnet",
    "torch7-port",
]

/// Samples that run under `mpirun` and need Open MPI (`libopenmpi-dev`): they depend on
/// WickDistributed as well as Wick.
let distributedSamples = ["distributed-training"]

let package = Package(
    name: "Wick",
    products: [
        .library(name: "Wick", targets: ["Wick"]),
        .library(name: "WickCore", targets: ["WickCore"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "ClassicalML", targets: ["ClassicalML"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "Torch7Files", targets: ["Torch7Files"]),
        // Data-parallel training and sharded k-NN over MPI (Open MPI: `libopenmpi-dev`). Not part
        // of `Wick`: a package that uses only Wick never builds it and needs no MPI.
        .library(name: "WickDistributed", targets: ["WickDistributed"]),
        // The C targets (CLAPACK, CZlib, CWickKernels, CWickThreads) are internal: a module that
        // needs one depends on it as a target, and users import Wick or its Swift modules.
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `make docs`: DocC for every library module, warnings (broken links, undocumented
        // parameters) as errors.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // C libraries from Debian: OpenBLAS + LAPACKE, and zlib for gzip'd IDX files.
        .systemLibrary(name: "CLAPACK", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        // C math kernels the Swift compiler does not vectorise (square-root ratio, exponential,
        // a search loop). No unsafe flags, so that other packages can depend on Wick by URL: the
        // square root is clang's element-wise builtin (no errno), and release builds compile C at
        // -O2, which vectorises these loops as -O3 did (Docs/Design.md).
        .target(name: "CWickKernels"),
        // Wick's helper thread (its hand-over, spinning, affinity) and how a shared matrix
        // product is cut in two; which products are shared is decided in WickCore (GEMM.swift).
        .target(name: "CWickThreads", dependencies: ["CLAPACK"]),
        // Which OpenBLAS kernel runs and which the CPU could run (CPUID), Wick's choice between
        // them, and its check of a chosen kernel; CWickLauncher, linked only into Wick's own
        // programs, makes them start with that choice (Docs/Design.md, "OpenBLAS's kernel").
        .target(name: "CWickCPU", dependencies: ["CLAPACK"]),
        .target(name: "CWickLauncher", dependencies: ["CWickCPU"]),
        .target(name: "WickCore", dependencies: [
            "CLAPACK", "CWickKernels", "CWickThreads", "CWickCPU", .product(name: "RealModule", package: "swift-numerics"),
        ]),
        .target(name: "NN", dependencies: ["WickCore", "CWickKernels"]),
        .target(name: "ClassicalML", dependencies: ["WickCore", "CWickKernels"]),
        .target(name: "Datasets", dependencies: ["WickCore", "CZlib"], resources: [.copy("Resources")]),
        .target(name: "Plot", dependencies: ["WickCore"]),
        // Torch7's .t7 files: object trees, tensors, nn models read and written.
        .target(name: "Torch7Files", dependencies: ["WickCore", "NN"]),
        .target(name: "Wick", dependencies: ["WickCore", "NN", "ClassicalML", "Datasets", "Plot", "Torch7Files"]),

        // MPI (Open MPI from Debian, whose <mpi/mpi.h> is on the default include path) and small C
        // wrappers for what Swift cannot import: MPI_COMM_WORLD, MPI_FLOAT, MPI_IN_PLACE are macros.
        .systemLibrary(name: "CMPI", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        .target(name: "WickDistributed", dependencies: ["CMPI", "NN", "ClassicalML"]),

        // Samples: one executable per lecture notebook (`swift run <name> --help`).
        .target(name: "SampleSupport", dependencies: [
            "Wick", "CWickLauncher", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Samples/SampleSupport"),
    ] + samples.map { name in
        .executableTarget(
            name: name,
            dependencies: ["Wick", "SampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Samples/\(name)")
    } + distributedSamples.map { name in
        .executableTarget(
            name: name,
            dependencies: ["Wick", "WickDistributed", "SampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Samples/\(name)")
    } + [
        // What Tests/WickDistributedTests runs under `mpirun -np 2`: training, k-NN and failure checks.
        .executableTarget(name: "wick-distributed-check", dependencies: ["Wick", "WickDistributed", "CMallocCount"],
                          path: "Tests/DistributedCheck"),
        // Counts the allocations of wick-distributed-check (its own malloc, calloc and realloc).
        .target(name: "CMallocCount", path: "Tests/MallocCount"),

        .testTarget(name: "WickCoreTests", dependencies: ["WickCore"]),
        .testTarget(name: "NNTests", dependencies: ["NN"]),
        .testTarget(name: "ClassicalMLTests", dependencies: ["ClassicalML"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "Torch7FilesTests", dependencies: ["Torch7Files"]),
        // Runs each sample's executable on small sizes and checks what it prints.
        .testTarget(name: "SamplesTests", dependencies: ["WickCore"]),
        // Launches `mpirun -np 2` on wick-distributed-check and distributed-training (loopback only).
        .testTarget(name: "WickDistributedTests"),
    ]
)
