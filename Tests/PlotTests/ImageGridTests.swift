import XCTest
@testable import Plot

final class ImageGridTests: XCTestCase {
    func testOneSquareAPixelAndACaptionAnImage() throws {
        let images = (0..<12).map { k in (0..<64).map { Double(($0 + k) % 17) } }
        let grid = ImageGrid(images: images, imageWidth: 8, imageHeight: 8, columns: 5, captions: (0..<12).map { "digit \($0)" },
                             title: "Digits", scaling: .fixed(0...16))
        let svg = try SVGInspection(grid.svg())
        XCTAssertEqual(svg.all("g", class: "image").count, 12)
        XCTAssertEqual(svg.all("rect", class: "pixel").count, 12 * 64)
        XCTAssertEqual(svg.all("text", class: "caption").map(\.text), (0..<12).map { "digit \($0)" })
        XCTAssertEqual(svg.all("text", class: "title").first?.text, "Digits")
        // Inverse grayscale on 0...16: 0 is white, 16 is black, 8 is mid-gray.
        let firstImage = svg.descendants(of: "image", named: "rect")[0].filter { $0["class"] == "pixel" }
        XCTAssertEqual(firstImage[0]["fill"], "#ffffff")
        XCTAssertEqual(firstImage[16]["fill"], "#000000")
        XCTAssertEqual(firstImage[8]["fill"], "#808080")
        // Pixels are laid out row by row: pixel 9 is one row down and one column right of pixel 0.
        XCTAssertEqual(firstImage[9].number("x") - firstImage[0].number("x"), 6)
        XCTAssertEqual(firstImage[9].number("y") - firstImage[0].number("y"), 6)
        // Five images per row: image 5 starts a second row, below image 0.
        let frames = svg.all("rect", class: "image-frame")
        XCTAssertEqual(frames[5].number("x"), frames[0].number("x"))
        XCTAssertGreaterThan(frames[5].number("y"), frames[0].number("y"))
    }

    func testScalingModes() throws {
        let images: [[Double]] = [[0, 1, 2, 3], [10, 20, 30, 40]]
        func fills(_ scaling: ImageGrid.Scaling, _ map: ColorMap = .grayscale) throws -> [String] {
            try SVGInspection(ImageGrid(images: images, imageWidth: 2, imageHeight: 2, colorMap: map, scaling: scaling).svg())
                .all("rect", class: "pixel").map { $0["fill"] }
        }
        // Per image: each image spans black to white on its own.
        let perImage = try fills(.perImage)
        XCTAssertEqual([perImage[0], perImage[3], perImage[4], perImage[7]], ["#000000", "#ffffff", "#000000", "#ffffff"])
        // Shared: the first image is nearly black against the second's 40.
        let shared = try fills(.shared)
        XCTAssertEqual(shared[3], Color(gray: 3.0 / 40).hexString)
        XCTAssertEqual(shared[7], "#ffffff")
        // Diverging: zero is white, whatever the range.
        let diverging = try SVGInspection(ImageGrid(images: [[-2, 0, 1, 2]], imageWidth: 2, imageHeight: 2, colorMap: .diverging,
                                                    scaling: .perImage).svg()).all("rect", class: "pixel").map { $0["fill"] }
        XCTAssertEqual(diverging[1], "#ffffff")
        XCTAssertEqual(diverging[0], ColorMap.diverging.color(0).hexString)
        XCTAssertEqual(diverging[3], ColorMap.diverging.color(1).hexString)
    }

    func testBadImagesThrow() {
        XCTAssertEqual(plotError { try ImageGrid(images: [[1, 2, 3]], imageWidth: 2, imageHeight: 2).svg() },
                       .invalidImage(index: 0, reason: "has 3 pixels, 2x2 needs 4"))
        XCTAssertEqual(plotError { try ImageGrid(images: [], imageWidth: 2, imageHeight: 2).svg() },
                       .invalidImage(index: 0, reason: "there are no images"))
        XCTAssertEqual(plotError { try ImageGrid(images: [[1]], imageWidth: 1, imageHeight: 1, captions: ["a", "b"]).svg() },
                       .lengthMismatch(what: "image captions", expected: 1, found: 2))
    }
}
