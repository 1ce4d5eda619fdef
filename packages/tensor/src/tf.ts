// The one place in pyro-ts that imports TensorFlow.js.
//
// tfjs-core's Node entry (dist/tf-core.node.js) registers neither the
// gradients of its kernels nor the chained ops (`x.add(y)`). The maintained
// way to get both in Node and in bundlers is the `@tensorflow/tfjs` union
// package, whose entry registers them into tfjs-core's global registries
// (kernel/gradient registries and the Tensor class live on a global object,
// so every copy of tfjs-core in a process shares them). We import it once
// for that side effect and use tfjs-core's API everywhere else.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';

export { tf };
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
} from '@tensorflow/tfjs-core';
