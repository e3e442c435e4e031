/// Compares backpropagated derivatives with central finite differences (Torch7's `nn.Jacobian`).
///
/// Run it in `Double`: with a perturbation of 1e-6 a correct module agrees to about 1e-8, and
/// Wick's own tests demand 1e-5. Every check uses only the module's public contract (`forward`,
/// `updateGradInput`, `backward`, `parameters`), so it can test modules written outside Wick.
public enum GradientCheck {
    /// The Jacobian `∂output/∂input` by backpropagation: row `j` is the gradient of output
    /// element `j`. Shape: outputs x inputs (both flattened).
    public static func backpropagatedJacobian<M: Module>(_ module: M, input: Tensor<M.Scalar>) -> Tensor<M.Scalar> {
        let output = module.forward(input)
        var jacobian = Tensor<M.Scalar>.zeros(output.count, input.count)
        var seed = Tensor<M.Scalar>.zeros(shape: output.shape)
        for j in 0..<output.count {
            seed.withUnsafeMutableBufferPointer { $0[j] = 1 }
            let row = module.updateGradInput(input, seed)
            seed.withUnsafeMutableBufferPointer { $0[j] = 0 }
            jacobian[rows: j..<(j + 1)] = row.reshaped(1, input.count)
        }
        return jacobian
    }

    /// The Jacobian `∂output/∂input` by central differences with step `perturbation`.
    public static func numericalJacobian<M: Module>(_ module: M, input: Tensor<M.Scalar>, perturbation: M.Scalar = 1e-6) -> Tensor<M.Scalar> {
        let outputs = module.forward(input).count
        var jacobian = Tensor<M.Scalar>.zeros(outputs, input.count)
        var x = input
        for i in 0..<input.count {
            let original = x.scalars[i]
            x.withUnsafeMutableBufferPointer { $0[i] = original + perturbation }
            let plus = module.forward(x)
            x.withUnsafeMutableBufferPointer { $0[i] = original - perturbation }
            let minus = module.forward(x)
            x.withUnsafeMutableBufferPointer { $0[i] = original }
            for j in 0..<outputs {
                jacobian[j, i] = (plus.scalars[j] - minus.scalars[j]) / (2 * perturbation)
            }
        }
        return jacobian
    }

    /// The largest absolute difference between the backpropagated and the numerical Jacobian
    /// with respect to the input.
    public static func inputError<M: Module>(_ module: M, input: Tensor<M.Scalar>, perturbation: M.Scalar = 1e-6) -> M.Scalar {
        let exact = backpropagatedJacobian(module, input: input)
        let numerical = numericalJacobian(module, input: input, perturbation: perturbation)
        return (exact - numerical).norm(p: .infinity)
    }

    /// The paths of a module's parameters in ``Module/parameters()`` order: a layer's own names,
    /// and `modules[i].` before those of a container's child `i`.
    static func parameterPaths<S: TensorScalar>(_ module: any Module<S>) -> [String] {
        let children = module.children
        if children.isEmpty { return module.parameters().map(\.name) }
        return children.enumerated().flatMap { i, child in parameterPaths(child).map { "modules[\(i)].\($0)" } }
    }

    /// For each parameter of `module` (in ``Module/parameters()`` order), the largest absolute
    /// difference between `∂output/∂parameter` from `backward` (accumulated into `grad`) and
    /// from central differences. The parameter gradients are left at zero.
    ///
    /// Each parameter is named by its path in the model, 0-based: `weight` for a layer checked
    /// on its own, `modules[2].weight` for the third module of a `Sequential`,
    /// `modules[1].modules[0].bias` inside a nested container (Torch7's `model.modules[3].weight`).
    public static func parameterErrors<M: Module>(_ module: M, input: Tensor<M.Scalar>, perturbation: M.Scalar = 1e-6) -> [(name: String, error: M.Scalar)] {
        typealias S = M.Scalar
        let output = module.forward(input)
        var seed = Tensor<S>.zeros(shape: output.shape)
        let all = module.parameters()
        var names = parameterPaths(module)
        // A module that lists parameters of its own besides its children's: number them instead.
        if names.count != all.count { names = all.enumerated().map { "\($0):\($1.name)" } }
        return all.enumerated().map { index, p in
            var worst: S = 0
            // Backpropagated rows, one output element at a time.
            var exact = [[S]]()
            for j in 0..<output.count {
                module.zeroGradParameters()
                seed.withUnsafeMutableBufferPointer { $0[j] = 1 }
                _ = module.forward(input)
                module.backward(input, seed)
                seed.withUnsafeMutableBufferPointer { $0[j] = 0 }
                exact.append(p.grad.scalars)
            }
            module.zeroGradParameters()
            for k in 0..<p.count {
                let original = p.valuePointer[k]
                p.valuePointer[k] = original + perturbation
                let plus = module.forward(input)
                p.valuePointer[k] = original - perturbation
                let minus = module.forward(input)
                p.valuePointer[k] = original
                for j in 0..<output.count {
                    let numerical = (plus.scalars[j] - minus.scalars[j]) / (2 * perturbation)
                    worst = Swift.max(worst, Swift.abs(numerical - exact[j][k]))
                }
            }
            return (names[index], worst)
        }
    }

    /// The largest absolute difference between a criterion's `backward` and central differences
    /// of its `forward`, with respect to the input.
    public static func criterionError<C: Criterion>(_ criterion: C, input: Tensor<C.Scalar>, target: C.Target, perturbation: C.Scalar = 1e-6) -> C.Scalar {
        _ = criterion.forward(input, target)
        let exact = criterion.backward(input, target)
        var x = input, worst: C.Scalar = 0
        for i in 0..<input.count {
            let original = x.scalars[i]
            x.withUnsafeMutableBufferPointer { $0[i] = original + perturbation }
            let plus = criterion.forward(x, target)
            x.withUnsafeMutableBufferPointer { $0[i] = original - perturbation }
            let minus = criterion.forward(x, target)
            x.withUnsafeMutableBufferPointer { $0[i] = original }
            worst = Swift.max(worst, Swift.abs((plus - minus) / (2 * perturbation) - exact.scalars[i]))
        }
        return worst
    }

    /// The gradient of a scalar `loss` with respect to `parameter`, by central differences: what
    /// the lectures' gradient-check notebook computes by perturbing each weight in turn.
    public static func numericalGradient<Scalar>(of loss: () -> Scalar, parameter: Parameter<Scalar>, perturbation: Scalar = 1e-6) -> Tensor<Scalar> {
        var gradient = [Scalar](repeating: 0, count: parameter.count)
        for k in 0..<parameter.count {
            let original = parameter.valuePointer[k]
            parameter.valuePointer[k] = original + perturbation
            let plus = loss()
            parameter.valuePointer[k] = original - perturbation
            let minus = loss()
            parameter.valuePointer[k] = original
            gradient[k] = (plus - minus) / (2 * perturbation)
        }
        return Tensor(shape: parameter.shape, scalars: gradient)
    }
}
