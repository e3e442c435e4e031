// `import Torch7Files` brings in the tensors and modules its API takes and returns.
@_exported import NN
@_exported import WickCore
