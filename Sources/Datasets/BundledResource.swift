import Foundation

/// Locates the data files shipped in `Sources/Datasets/Resources` (see the README there).
enum BundledResource {
    /// The URL of `name` (such as `"iris.csv"`) inside the module's resource bundle.
    ///
    /// SwiftPM copies the `Resources` folder itself into the bundle. Foundation on Linux takes a
    /// bundle's `Resources` folder as its resource directory, other platforms may not, so both
    /// the folder and the bundle's top level are searched.
    static func url(_ name: String) throws -> URL {
        let bundle = Bundle.module
        let candidates = [bundle.resourceURL, bundle.resourceURL?.appendingPathComponent("Resources", isDirectory: true),
                          bundle.bundleURL.appendingPathComponent("Resources", isDirectory: true)]
        for case let directory? in candidates {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw DatasetError.missingResource(name: name)
    }
}
