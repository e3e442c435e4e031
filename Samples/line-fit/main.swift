import Wick

// Fit y = a + b x by least squares on noisy points from a known line.
var generator = RandomGenerator(seed: 7)
let n = 50
let x = Tensor<Double>.linspace(0, 10, count: n)
let noise = Tensor<Double>.normal(shape: [n], standardDeviation: 0.5, generator: &generator)
let y = 2 + 0.5 * x + noise

// The design matrix [1 x]: a column of ones for the intercept.
let design = Tensor.concatenated([Tensor.ones(n, 1), x.reshaped(n, 1)], alongDimension: 1)
let fit = try leastSquares(design, y)
print("least squares fit of y = a + b x to \(n) noisy points of y = 2 + 0.5 x:")
print(fit.solution)
print("rank \(fit.rank), singular values \(fit.singularValues.scalars.map { ($0 * 1000).rounded() / 1000 })")
