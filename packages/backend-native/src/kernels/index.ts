// Every kernel the native backend runs in libtorch, by family.
import type { tf } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { elementwiseKernels } from './elementwise.js';
import { reduceKernels } from './reduce.js';
import { layoutKernels } from './layout.js';
import { indexingKernels } from './indexing.js';
import { linalgKernels } from './linalg.js';
import { pyroSpecialKernels } from './pyro-special.js';

export { BACKEND_NAME } from './kernel-util.js';
export { PYRO_UNARY_KERNELS } from './pyro-special.js';

/** The tfjs kernel configs of the native backend. */
export function nativeKernelConfigs(addon: NativeAddon): tf.KernelConfig[] {
  return [...elementwiseKernels(addon), ...reduceKernels(addon), ...layoutKernels(addon), ...indexingKernels(addon), ...linalgKernels(addon), ...pyroSpecialKernels(addon)];
}
