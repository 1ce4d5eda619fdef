// The `native` TensorBackend: availability (the addon loads and the device
// exists), registration of the tfjs backend and its kernels, the cpu
// fallback for every other kernel, and device selection.
import { tf, declareAccurateKernels } from '@pyro-ts/tensor';
import { installCpuFallback } from '@pyro-ts/backend';
import type { BackendAvailability, TensorBackend } from '@pyro-ts/backend';
import { loadAddon } from './addon.js';
import type { NativeAddon, NativeInfo, NativeMemoryStats } from './addon.js';
import { NativeBackend } from './native-backend.js';
import { BACKEND_NAME, nativeKernelConfigs } from './kernels/index.js';

export interface NativeOptions {
  /**
   * 'cpu', 'cuda' or 'cuda:N'. Default: $PYRO_TS_NATIVE_DEVICE, else 'cuda'
   * when libtorch sees a CUDA device, else 'cpu'. Set before the backend is
   * first used.
   */
  device?: string;
  /** libtorch's intra-op threads (default: $PYRO_TS_NATIVE_THREADS, else libtorch's choice). */
  numThreads?: number;
}

const KEY = Symbol.for('@pyro-ts/backend-native.state');

interface State {
  options: NativeOptions;
  registered: boolean;
  /** the kernel names registered natively */
  kernels: string[];
}

function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { options: {}, registered: false, kernels: [] };
    g[KEY] = s;
  }
  return s;
}

/** Sets the device and thread count (before the backend is first used). */
export function configureNative(options: NativeOptions): void {
  const s = state();
  s.options = { ...s.options, ...options };
}

function addonOrThrow(): NativeAddon {
  const a = loadAddon();
  if (!a.available) throw new Error(`native backend: ${a.reason}`);
  return a.addon;
}

/** The device the backend will use (or uses). */
export function chosenDevice(): string {
  const want = state().options.device ?? process.env.PYRO_TS_NATIVE_DEVICE;
  if (want !== undefined && want !== '') return want;
  return addonOrThrow().info().cudaAvailable ? 'cuda' : 'cpu';
}

function availability(): BackendAvailability {
  if (typeof process === 'undefined' || process.versions?.node === undefined) return { available: false, reason: 'the native backend runs in Node.js only' };
  const a = loadAddon();
  if (!a.available) return { available: false, reason: a.reason };
  const device = chosenDevice();
  if (device.startsWith('cuda') && !a.addon.info().cudaAvailable) {
    return { available: false, reason: `device '${device}' was asked for, but this libtorch (${a.addon.info().torchVersion}) sees no CUDA device` };
  }
  if (device !== 'cpu' && !device.startsWith('cuda')) return { available: false, reason: `unknown device '${device}' (use cpu, cuda or cuda:N)` };
  return { available: true };
}

/** Registers the tfjs backend 'native', its kernels and the cpu fallback (idempotent). */
export function registerNative(): void {
  const s = state();
  const a = loadAddon();
  if (!a.available) throw new Error(`native backend: ${a.reason}`);
  if (!s.registered) {
    const { addon, scratch } = a;
    tf.registerBackend(
      BACKEND_NAME,
      () => {
        const threads = s.options.numThreads ?? Number(process.env.PYRO_TS_NATIVE_THREADS ?? 0);
        if (threads > 0) addon.setNumThreads(threads);
        return new NativeBackend(addon, scratch, chosenDevice());
      },
      0,
    );
    s.kernels = [];
    for (const k of nativeKernelConfigs(addon)) {
      if (tf.getKernel(k.kernelName, BACKEND_NAME) === undefined) tf.registerKernel(k);
      s.kernels.push(k.kernelName);
    }
    s.registered = true;
  }
  installCpuFallback(BACKEND_NAME);
  // libtorch's log1p/expm1 are accurate near 0: @pyro-ts/tensor may use them.
  declareAccurateKernels(BACKEND_NAME, ['Log1p', 'Expm1']);
}

/** The kernels the native backend runs in libtorch (the rest go through the cpu fallback). */
export function nativeKernels(): string[] {
  return [...state().kernels].sort();
}

/** libtorch's version, device, threads and BLAS/LAPACK flags. */
export function nativeInfo(): NativeInfo {
  return addonOrThrow().info();
}

/** Live native tensors and libtorch's allocator statistics (see NativeMemoryStats). */
export function nativeMemory(): NativeMemoryStats {
  return addonOrThrow().memoryStats();
}

export const nativeBackend: TensorBackend = {
  name: BACKEND_NAME,
  description: 'libtorch (ATen) through an N-API addon: CUDA where libtorch has it, else the CPU; cpu fallback for the rest',
  async isAvailable() {
    return availability();
  },
  async initialize() {
    registerNative();
  },
};
