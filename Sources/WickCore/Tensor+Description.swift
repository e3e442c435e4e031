import Foundation

extension Tensor: CustomStringConvertible {
    /// The values, then a Torch7-style footer: `[Tensor<Double> of size 2x1]`.
    ///
    /// Matrices print one row a line; tensors of rank 3 and more print one matrix per leading
    /// index, headed `(i,.,.) =` as in Torch7.
    public var description: String {
        let footer = "[Tensor<\(Scalar.typeName)> of size \(formatShape(_shape))]"
        if storage.isEmpty { return "[Tensor<\(Scalar.typeName)> with no elements]" }
        let useExponent = storage.contains { let a = Swift.abs($0); return a != 0 && (a >= 1e5 || a < 1e-4) || !$0.isFinite }
        let cells = storage.map { value -> String in
            if !value.isFinite { return "\(value)" }
            return String(format: useExponent ? "%.4e" : "%.4f", Double(value))
        }
        let width = cells.map(\.count).max() ?? 0
        func pad(_ s: String) -> String { String(repeating: " ", count: width - s.count + 1) + s }
        var lines: [String] = []
        switch rank {
        case 0:
            lines.append(pad(cells[0]))
        case 1:
            lines += cells.map(pad)
        default:
            let columns = _shape[rank - 1], rows = _shape[rank - 2]
            let matrices = count / Swift.max(rows * columns, 1)
            for m in 0..<matrices {
                if rank > 2 {
                    var index: [Int] = [], rest = m
                    for d in stride(from: rank - 3, through: 0, by: -1) {
                        index.insert(rest % _shape[d], at: 0)
                        rest /= _shape[d]
                    }
                    lines.append("(" + index.map(String.init).joined(separator: ",") + ",.,.) =")
                }
                for r in 0..<rows {
                    let start = (m * rows + r) * columns
                    lines.append(cells[start..<(start + columns)].map(pad).joined())
                }
                if rank > 2 { lines.append("") }
            }
        }
        lines.append(footer)
        return lines.joined(separator: "\n")
    }
}
