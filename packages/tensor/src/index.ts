// @pyro-ts/tensor: the tensor layer of pyro-ts.
export { tf } from './tf.js';
import './zero-gradients.js';
import './fast-gradients.js';
export type {
  Tensor,
  Variable,
  Scalar,
  Tensor1D,
  Tensor2D,
  Tensor3D,
  Tensor4D,
  Rank,
  DataType,
  TensorLike,
  NamedTensorMap,
  TensorContainer,
  KernelBackend,
  TensorInfo,
  DataId,
} from './tf.js';
export { detach } from './detach.js';
export {
  setRngSeed,
  getRngState,
  setRngState,
  randomNumber,
  nextSeed,
  randn,
  rand,
  randomGamma,
  multinomial,
} from './rng.js';
export {
  type Shape,
  sizeOf,
  shapesEqual,
  formatShape,
  broadcastShapes,
  canBroadcast,
  padShapeLeft,
  sumRightmost,
  broadcastAll,
  reshapeRightmost,
  asTensor,
  isTensor,
} from './shape.js';
export * from './special/index.js';
export * from './linalg/index.js';
