// swift-tools-version: 6.1
// Wick's side of `make bench-compare`: plain timing loops, in a package of its own so that
// package-benchmark (in the parent folder) does not mistake it for one of its benchmarks.
import PackageDescription

// SwiftPM names a path dependency after its directory (see ../Package.swift).
let root = Context.packageDirectory.split(separator: "/").dropLast(2).last.map(String.init) ?? "Wick"

let package = Package(
    name: "WickCompare",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "wick-compare",
            dependencies: [.product(name: "Wick", package: root)]
        ),
    ]
)
