import XCTest
import NN

// Helpers for modules on tables: seeded values in a table's shapes, and gradient checks through
// `forward(table:)` / `backward(table:_:)` (GradientCheck works on tensors).

/// `template` with every tensor filled with seeded values uniform in [−2, 2), each at least
/// `margin` away from zero (so that quotients and products stay well conditioned).
func uniformTable(_ template: Activation<Double>, seed: UInt64, margin: Double = 0.2) -> Activation<Double> {
    var next = seed
    return template.map { t in
        next += 1
        return uniformInput(t.shape, seed: next * 7919, avoiding: [0], margin: margin)
    }
}

/// Every scalar of an activation, depth first.
func flatScalars(_ a: Activation<Double>) -> [Double] { a.tensors.flatMap(\.scalars) }

/// `template`'s structure holding `values`, in depth-first order.
func filling(_ template: Activation<Double>, with values: [Double]) -> Activation<Double> {
    var start = 0
    return template.map { t in
        defer { start += t.count }
        return Tensor(shape: t.shape, scalars: Array(values[start..<(start + t.count)]))
    }
}

/// The largest of |backpropagated − numerical| / max(1, |numerical|) over the input Jacobian
/// of a module on a tensor or a table, by central differences.
func tableInputError(_ module: any Module<Double>, input: Activation<Double>, perturbation h: Double = 1e-6,
                     file: StaticString = #filePath, line: UInt = #line) -> Double {
    let output = module.forward(table: input)
    let n = flatScalars(output).count, x = flatScalars(input)
    var exact = [[Double]]()
    for j in 0..<n {
        var seed = [Double](repeating: 0, count: n)
        seed[j] = 1
        _ = module.forward(table: input)
        let gradInput = module.updateGradInput(table: input, filling(output, with: seed))
        XCTAssertEqual(gradInput.shapeDescription, input.shapeDescription, "the input gradient has the input's shapes", file: file, line: line)
        exact.append(flatScalars(gradInput))
    }
    var worst = 0.0
    for i in x.indices {
        var plus = x, minus = x
        plus[i] += h
        minus[i] -= h
        let yp = flatScalars(module.forward(table: filling(input, with: plus)))
        let ym = flatScalars(module.forward(table: filling(input, with: minus)))
        for j in 0..<n {
            let numerical = (yp[j] - ym[j]) / (2 * h)
            worst = max(worst, abs(numerical - exact[j][i]) / max(1, abs(numerical)))
        }
    }
    return worst
}

/// For each parameter, the largest relative difference between ∂output/∂parameter from
/// `backward(table:_:)` and central differences. Gradients are left at zero.
func tableParameterErrors(_ module: any Module<Double>, input: Activation<Double>, perturbation h: Double = 1e-6) -> [(String, Double)] {
    let output = module.forward(table: input)
    let n = flatScalars(output).count
    return module.parameters().enumerated().map { index, p in
        var exact = [[Double]]()
        for j in 0..<n {
            module.zeroGradParameters()
            var seed = [Double](repeating: 0, count: n)
            seed[j] = 1
            _ = module.forward(table: input)
            module.backward(table: input, filling(output, with: seed))
            exact.append(p.grad.scalars)
        }
        module.zeroGradParameters()
        var worst = 0.0
        for k in 0..<p.count {
            let original = p.valuePointer[k]
            p.valuePointer[k] = original + h
            let plus = flatScalars(module.forward(table: input))
            p.valuePointer[k] = original - h
            let minus = flatScalars(module.forward(table: input))
            p.valuePointer[k] = original
            for j in 0..<n {
                let numerical = (plus[j] - minus[j]) / (2 * h)
                worst = max(worst, abs(numerical - exact[j][k]) / max(1, abs(numerical)))
            }
        }
        return ("\(index):\(p.name)", worst)
    }
}

/// Asserts that the input and parameter gradients of a module on a tensor or table agree with
/// central differences to ``gradientTolerance`` (relative), and that every parameter was checked.
func assertTableGradientsMatch(_ module: any Module<Double>, input: Activation<Double>, _ label: String = "",
                               file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThan(tableInputError(module, input: input, file: file, line: line), gradientTolerance,
                      "\(label): input gradient", file: file, line: line)
    let errors = tableParameterErrors(module, input: input)
    XCTAssertEqual(errors.count, module.parameters().count, "every parameter is checked", file: file, line: line)
    for (name, error) in errors {
        XCTAssertLessThan(error, gradientTolerance, "\(label): parameter \(name)", file: file, line: line)
    }
}
