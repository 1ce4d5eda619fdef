// Which backends' Log1p and Expm1 kernels keep full relative precision near
// 0. Where they do, log1p/expm1 (and softplus, logsigmoid, logNdtr, logBeta,
// ... through them) use the single kernel; elsewhere a composition of + - * /
// that is exact on any backend (see ./elementary.ts). tfjs-backend-cpu's
// kernels call Math.log1p / Math.expm1 and are declared here; a backend
// package that installs accurate kernels (e.g. @pyro-ts/backend's wasm with
// the cpu Log1p, @pyro-ts/backend-webgpu's series kernels) declares them with
// `declareAccurateKernels`. The registry lives on globalThis so that two
// loaded copies of this package agree, as tfjs's own registries do.
import { tf } from '../tf.js';

/** The kernels whose accuracy matters to the special functions. */
export type AccurateKernel = 'Log1p' | 'Expm1';

const KEY = Symbol.for('pyro-ts.tensor.accurate-kernels');

function registry(): Map<string, Set<AccurateKernel>> {
  const g = globalThis as unknown as Record<symbol, Map<string, Set<AccurateKernel>> | undefined>;
  let r = g[KEY];
  if (r === undefined) {
    r = new Map([['cpu', new Set<AccurateKernel>(['Log1p', 'Expm1'])]]);
    g[KEY] = r;
  }
  return r;
}

/**
 * Declares which of the Log1p/Expm1 kernels of backend `backendName` are
 * accurate to a few ulps relative near 0 (replacing any earlier
 * declaration; `[]` withdraws it). The cpu backend is declared by default.
 */
export function declareAccurateKernels(backendName: string, kernels: readonly AccurateKernel[]): void {
  registry().set(backendName, new Set(kernels));
}

/** The kernels declared accurate for `backendName` (default: the active backend). */
export function accurateKernels(backendName: string = tf.getBackend()): AccurateKernel[] {
  return [...(registry().get(backendName) ?? [])];
}

/** Whether the active backend's `kernel` is declared accurate. */
export function hasAccurateKernel(kernel: AccurateKernel): boolean {
  return registry().get(tf.getBackend())?.has(kernel) ?? false;
}
