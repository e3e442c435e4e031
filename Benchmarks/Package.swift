// swift-tools-version: 6.1
// Wick's benchmarks, in a package of their own so that `swift test` at the root never builds
// package-benchmark. Run them with `swift package -j 2 benchmark` from this directory.
import PackageDescription

// SwiftPM names a path dependency after its directory, not after the `name:` in its manifest, so
// the root package is "main", "wick" or whatever the clone's directory is called.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "Wick"

let package = Package(
    name: "WickBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.29.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // cblas_sgemm and cblas_dgemm, called directly as the reference for Wick's products.
        .systemLibrary(name: "CBLASReference", path: "Sources/CBLASReference", providers: [.apt(["libopenblas-dev"])]),
        .executableTarget(
            name: "WickBenchmarks",
            dependencies: [
                .product(name: "WickCore", package: root),
                .product(name: "NN", package: root),
                "CBLASReference",
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/WickBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
