// swift-tools-version: 6.1
// libFuzzer targets for Wick's readers, one executable per reader. A separate package (it
// depends on Wick by path), so that `swift build` and `swift test` of Wick never build them.
// Built and run by `make fuzz` (scripts/fuzz.sh) with
// `swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address`; libFuzzer supplies `main`.
import PackageDescription

let readers = ["csv", "idx", "npy", "gzip", "model", "t7"]

let package = Package(
    name: "WickFuzz",
    dependencies: [.package(name: "Wick", path: "..")],
    targets: readers.map { reader in
        .executableTarget(
            name: "fuzz-\(reader)",
            dependencies: [
                .product(name: "Datasets", package: "Wick"),
                .product(name: "NN", package: "Wick"),
                .product(name: "Torch7Files", package: "Wick"),
            ],
            path: "Sources/fuzz-\(reader)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
