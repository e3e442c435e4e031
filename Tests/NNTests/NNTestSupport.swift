import XCTest
import NN

// Shared helpers of the NN test suite: seeded inputs kept away from kinks, and assertions that
// run GradientCheck on a module or criterion with the suite's tolerance.

/// The tolerance every gradient check of the suite demands, in Double.
let gradientTolerance = 1e-5

/// Values uniform in [`low`, `high`) from a generator seeded with `seed`; any value closer than
/// `margin` to one of `kinks` is drawn again, so that central differences never straddle a kink.
func uniformInput(
    _ shape: [Int], seed: UInt64, low: Double = -2, high: Double = 2,
    avoiding kinks: [Double] = [], margin: Double = 1e-3
) -> Tensor<Double> {
    var generator = RandomGenerator(seed: seed)
    let values = (0..<shape.reduce(1, *)).map { _ -> Double in
        var x = generator.uniform(low, high)
        while kinks.contains(where: { Swift.abs(x - $0) < margin }) { x = generator.uniform(low, high) }
        return x
    }
    return Tensor(shape: shape, scalars: values)
}

/// Redraws, in [−2, 2), every element of `input` for which `isNearKink(element, index)` holds;
/// used for criteria whose kinks depend on the target.
func redrawing(
    _ input: Tensor<Double>, seed: UInt64, while isNearKink: (Double, Int) -> Bool
) -> Tensor<Double> {
    var generator = RandomGenerator(seed: seed)
    var values = input.scalars
    for i in values.indices {
        while isNearKink(values[i], i) { values[i] = generator.uniform(-2, 2) }
    }
    return Tensor(shape: input.shape, scalars: values)
}

/// Asserts that the input Jacobian and the Jacobian of every parameter agree with central
/// differences to ``gradientTolerance``, and that every parameter was checked.
func assertGradientsMatch<M: Module>(
    _ module: M, input: Tensor<Double>, _ label: String = "",
    file: StaticString = #filePath, line: UInt = #line
) where M.Scalar == Double {
    let inputError = GradientCheck.inputError(module, input: input)
    XCTAssertLessThan(inputError, gradientTolerance, "\(module.description) input \(formatShape(input.shape)) \(label)",
                      file: file, line: line)
    let errors = GradientCheck.parameterErrors(module, input: input)
    XCTAssertEqual(errors.count, module.parameters().count, "every parameter is checked", file: file, line: line)
    for (name, error) in errors {
        XCTAssertLessThan(error, gradientTolerance, "\(module.description) parameter \(name) \(label)", file: file, line: line)
    }
}

/// Runs ``assertGradientsMatch(_:input:_:file:line:)`` on one sample (`features`) and on a batch
/// (`batch x features`) of seeded inputs uniform in [−2, 2], away from `kinks`.
func assertGradientsMatchOnSampleAndBatch<M: Module>(
    _ module: M, features: Int, batch: Int = 4, avoiding kinks: [Double] = [], seed: UInt64 = 1,
    file: StaticString = #filePath, line: UInt = #line
) where M.Scalar == Double {
    let sample = uniformInput([features], seed: seed, avoiding: kinks)
    assertGradientsMatch(module, input: sample, "(sample)", file: file, line: line)
    let batchInput = uniformInput([batch, features], seed: seed + 1000, avoiding: kinks)
    assertGradientsMatch(module, input: batchInput, "(batch)", file: file, line: line)
}

/// Asserts that a criterion's `backward` agrees with central differences of its `forward`.
func assertCriterionGradientMatches<C: Criterion>(
    _ criterion: C, input: Tensor<Double>, target: C.Target, _ label: String = "",
    file: StaticString = #filePath, line: UInt = #line
) where C.Scalar == Double {
    let error = GradientCheck.criterionError(criterion, input: input, target: target)
    XCTAssertLessThan(error, gradientTolerance, "\(criterion.description) input \(formatShape(input.shape)) \(label)",
                      file: file, line: line)
}

/// Asserts that two tensors have the same shape and agree element-wise within `tolerance`.
func assertClose<Scalar: TensorScalar>(
    _ actual: Tensor<Scalar>, _ expected: Tensor<Scalar>, tolerance: Scalar = 1e-12, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.shape, expected.shape, "shape \(message)", file: file, line: line)
    XCTAssertTrue(actual.isApproximatelyEqual(to: expected, tolerance: tolerance),
                  "\(actual.scalars) is not within \(tolerance) of \(expected.scalars) \(message)", file: file, line: line)
}

/// Asserts that every element is finite (neither infinite nor NaN).
func assertFinite<Scalar: TensorScalar>(
    _ tensor: Tensor<Scalar>, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertTrue(tensor.scalars.allSatisfy(\.isFinite), "\(tensor.scalars) \(message)", file: file, line: line)
}
