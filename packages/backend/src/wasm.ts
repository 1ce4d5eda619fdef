// tfjs's WebAssembly backend (XNNPACK kernels), with the cpu fallback for the
// kernels it lacks.
//
// Which binary loads: tfjs picks `tfjs-backend-wasm-threaded-simd.wasm` when
// the runtime has SIMD and threads (a cross-origin-isolated browser),
// `tfjs-backend-wasm-simd.wasm` with SIMD only (Node: tfjs never uses threads
// there), else `tfjs-backend-wasm.wasm`. In Node the binary is read from the
// installed package's `dist/` folder with `fs`; nothing is fetched. A bundled
// browser app passes the binaries' URLs to `configureWasm` (see README).
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf, declareAccurateKernels } from '@pyro-ts/tensor';
import type { TensorBackend } from './tensor-backend.js';
import { installCpuFallback } from './cpu-fallback.js';
import { installWasmMatMulFix } from './wasm-matmul.js';

/** The three binaries tfjs-backend-wasm ships. */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface WasmOptions {
  /**
   * Where the `.wasm` binaries are served from: a folder URL ending in `/`,
   * or one URL per binary. Needed in bundled browser builds; Node reads them
   * from the installed package and needs nothing.
   */
  paths?: string | Record<WasmBinaryName, string>;
}

/** Sets where the wasm binaries load from. Call before the wasm backend is first used. */
export function configureWasm(options: WasmOptions): void {
  if (options.paths !== undefined) setWasmPaths(options.paths);
}

/** Which binary tfjs loads (or has loaded) on this runtime, from its feature flags. */
export async function wasmVariant(): Promise<'simd' | 'threaded-simd' | 'plain'> {
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  if (simd && threads) return 'threaded-simd';
  return simd ? 'simd' : 'plain';
}

/**
 * wasm kernels replaced by the cpu ones because tfjs-backend-wasm 4.22 gets
 * them wrong:
 * - Log1p is computed as log(1 + x), which loses all relative precision for
 *   |x| << 1 (log1p(1e-6) comes out 9.54e-7, 4.6% off); the cpu kernel uses
 *   Math.log1p. (Its Expm1 is accurate.)
 * - OneHot ignores its dtype attribute: oneHot(i, n, 1, 0, 'float32') holds
 *   the int32 bit patterns (1 reads as 1.4e-45).
 */
export const WASM_CPU_KERNELS: readonly string[] = ['Log1p', 'OneHot'];

export const wasmBackend: TensorBackend = {
  name: 'wasm',
  description: 'tfjs-backend-wasm: XNNPACK kernels in WebAssembly (SIMD), cpu fallback for the rest',
  async isAvailable() {
    if (typeof WebAssembly !== 'object') return { available: false, reason: 'WebAssembly is not available in this runtime' };
    return { available: true };
  },
  async initialize() {
    installCpuFallback('wasm', { replace: WASM_CPU_KERNELS });
    installWasmMatMulFix();
    // Log1p is now the cpu kernel (Math.log1p) and wasm's Expm1 is accurate:
    // @pyro-ts/tensor may use them instead of its series.
    declareAccurateKernels('wasm', ['Log1p', 'Expm1']);
  },
};
