// Wick's own module kinds: adding a module is its file plus one line here.

extension ModuleRegistry {
    /// The kinds of Wick's own modules, in the order ``kinds`` lists them.
    public static let builtinKinds: [ModuleKind] = [
        ModuleKind(Linear<Float>.self, Linear<Double>.self, torch7ClassNames: ["nn.Linear", "nn.LinearNoBias"]),
        ModuleKind(Identity<Float>.self, Identity<Double>.self),
        ModuleKind(Tanh<Float>.self, Tanh<Double>.self, torch7ClassNames: ["nn.Tanh", "cudnn.Tanh"]),
        ModuleKind(Sigmoid<Float>.self, Sigmoid<Double>.self, torch7ClassNames: ["nn.Sigmoid", "cudnn.Sigmoid"]),
        ModuleKind(ReLU<Float>.self, ReLU<Double>.self, torch7ClassNames: ["nn.ReLU", "cudnn.ReLU"]),
        ModuleKind(LeakyReLU<Float>.self, LeakyReLU<Double>.self),
        ModuleKind(ELU<Float>.self, ELU<Double>.self),
        ModuleKind(SoftPlus<Float>.self, SoftPlus<Double>.self),
        ModuleKind(HardTanh<Float>.self, HardTanh<Double>.self),
        ModuleKind(Threshold<Float>.self, Threshold<Double>.self),
        ModuleKind(Step<Float>.self, Step<Double>.self, torch7ClassNames: []),  // not in Torch7's nn
        ModuleKind(SoftMax<Float>.self, SoftMax<Double>.self, torch7ClassNames: ["nn.SoftMax", "cudnn.SoftMax"]),
        ModuleKind(LogSoftMax<Float>.self, LogSoftMax<Double>.self, torch7ClassNames: ["nn.LogSoftMax", "cudnn.LogSoftMax"]),
        ModuleKind(Dropout<Float>.self, Dropout<Double>.self),
        ModuleKind(Reshape<Float>.self, Reshape<Double>.self),
        ModuleKind(View<Float>.self, View<Double>.self),
        ModuleKind(Sequential<Float>.self, Sequential<Double>.self),
        ModuleKind(Concat<Float>.self, Concat<Double>.self),
        ModuleKind(Parallel<Float>.self, Parallel<Double>.self),
        ModuleKind(BatchNormalization<Float>.self, BatchNormalization<Double>.self,
                   torch7ClassNames: ["nn.BatchNormalization", "cudnn.BatchNormalization"]),
        ModuleKind(SpatialBatchNormalization<Float>.self, SpatialBatchNormalization<Double>.self,
                   torch7ClassNames: ["nn.SpatialBatchNormalization", "cudnn.SpatialBatchNormalization"]),
        ModuleKind(SpatialConvolution<Float>.self, SpatialConvolution<Double>.self,
                   torch7ClassNames: ["nn.SpatialConvolution", "nn.SpatialConvolutionMM", "cudnn.SpatialConvolution"]),
        ModuleKind(SpatialMaxPooling<Float>.self, SpatialMaxPooling<Double>.self,
                   torch7ClassNames: ["nn.SpatialMaxPooling", "cudnn.SpatialMaxPooling"]),
        ModuleKind(SpatialAveragePooling<Float>.self, SpatialAveragePooling<Double>.self,
                   torch7ClassNames: ["nn.SpatialAveragePooling", "cudnn.SpatialAveragePooling"]),
        ModuleKind(SpatialDropout<Float>.self, SpatialDropout<Double>.self),
        ModuleKind(SpatialZeroPadding<Float>.self, SpatialZeroPadding<Double>.self),
    ]
}
