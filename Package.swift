// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Wick",
    products: [
        .library(name: "Wick", targets: ["Wick"]),
        .library(name: "WickCore", targets: ["WickCore"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "ClassicalML", targets: ["ClassicalML"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "CLAPACK", targets: ["CLAPACK"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // C libraries from Debian: OpenBLAS + LAPACKE, and zlib for gzip'd IDX files.
        .systemLibrary(name: "CLAPACK", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "WickCore", dependencies: [
            "CLAPACK", .product(name: "RealModule", package: "swift-numerics"),
        ]),
        .target(name: "NN", dependencies: ["WickCore"]),
        .target(name: "ClassicalML", dependencies: ["WickCore"]),
        .target(name: "Datasets", dependencies: ["WickCore", "CZlib"], resources: [.copy("Resources")]),
        .target(name: "Plot", dependencies: []),
        .target(name: "Wick", dependencies: ["WickCore", "NN", "ClassicalML", "Datasets", "Plot"]),

        .executableTarget(name: "line-fit", dependencies: ["Wick"], path: "Samples/line-fit"),

        .testTarget(name: "WickCoreTests", dependencies: ["WickCore"]),
        .testTarget(name: "NNTests", dependencies: ["NN"]),
        .testTarget(name: "ClassicalMLTests", dependencies: ["ClassicalML"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
    ]
)
