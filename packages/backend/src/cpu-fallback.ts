// Runs the kernels a backend lacks on tfjs's cpu backend. For each kernel that
// is registered for `cpu` but not for the target backend, this registers a
// kernel on the target that reads its inputs synchronously
// (`backend.readSync`), runs the cpu kernel on cpu-backend copies, writes the
// outputs back into the target backend and frees the cpu copies. Gradients
// are registered per kernel name, not per backend, so they follow for free.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { DataId, KernelBackend, TensorInfo } from '@pyro-ts/tensor';
import { silenceCpuBanner } from './cpu.js';

type Values = ReturnType<KernelBackend['readSync']>;

export interface CpuFallbackOptions {
  /** Kernel names never to forward (the target keeps "kernel not registered"). */
  exclude?: readonly string[];
  /**
   * Kernel names to forward even though the target has them, replacing the
   * target's kernel (for kernels whose numbers are not good enough there).
   */
  replace?: readonly string[];
}

const KEY = Symbol.for('@pyro-ts/backend.cpu-fallback');

interface FallbackState {
  /** backend name -> kernel names served by the cpu fallback */
  installed: Map<string, Set<string>>;
  /**
   * Complex results written into a backend that cannot read complex64 back
   * (wasm): their interleaved values, keyed by the data id (freed with it).
   */
  complexValues: WeakMap<DataId, Float32Array>;
}

function state(): FallbackState {
  const g = globalThis as unknown as Record<symbol, FallbackState | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { installed: new Map(), complexValues: new WeakMap() };
    g[KEY] = s;
  }
  return s;
}

/**
 * Registers, for every kernel tfjs's cpu backend has and `backendName` lacks
 * (and for those named in `options.replace`), a kernel that runs the cpu
 * implementation on copies of the inputs. Returns the kernel names it
 * registered now (none on a second call unless new cpu kernels appeared). The target backend must implement `readSync` for the
 * inputs these kernels receive; where it cannot, the kernel throws an error
 * saying so.
 */
export function installCpuFallback(backendName: string, options: CpuFallbackOptions = {}): string[] {
  if (backendName === 'cpu') return [];
  const exclude = new Set(options.exclude ?? []);
  const replace = new Set(options.replace ?? []);
  const s = state();
  let served = s.installed.get(backendName);
  if (served === undefined) {
    served = new Set();
    s.installed.set(backendName, served);
  }
  const added: string[] = [];
  for (const k of tf.getKernelsForBackend('cpu')) {
    const name = k.kernelName;
    if (exclude.has(name) || served.has(name)) continue;
    if (tf.getKernel(name, backendName) !== undefined) {
      if (!replace.has(name)) continue;
      tf.unregisterKernel(name, backendName);
    }
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: (args) => runOnCpu(name, backendName, args) });
    served.add(name);
    added.push(name);
  }
  return added.sort();
}

/** The kernel names the cpu fallback serves on `backendName`, sorted. */
export function cpuFallbackKernels(backendName: string): string[] {
  return [...(state().installed.get(backendName) ?? [])].sort();
}

interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined> | TensorInfo[];
  backend: unknown;
  attrs?: Record<string, unknown>;
}

function runOnCpu(kernelName: string, backendName: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const target = args.backend as KernelBackend;
  const cpu = tf.findBackend('cpu') as KernelBackend | null;
  const kernel = tf.getKernel(kernelName, 'cpu');
  if (cpu === null || kernel === undefined) throw new Error(`cpu fallback: the cpu backend or its kernel '${kernelName}' is not registered`);
  silenceCpuBanner();
  const onCpu: DataId[] = [];
  try {
    // Inputs come as a named map, or as an array for variadic kernels (Einsum, Concat, AddN).
    const inputs: Record<string, TensorInfo> | TensorInfo[] = Array.isArray(args.inputs) ? [] : {};
    for (const [key, info] of Object.entries(args.inputs)) {
      if (info == null) continue; // optional inputs (e.g. a fused op's bias)
      const copy = copyToCpu(info, target, cpu, kernelName, backendName);
      onCpu.push(copy.dataId);
      (inputs as Record<string, TensorInfo>)[key] = copy;
    }
    const out = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: cpu, attrs: (args.attrs ?? {}) as tf.NamedAttrMap });
    const outs = Array.isArray(out) ? out : [out];
    for (const o of outs) onCpu.push(o.dataId);
    const results = outs.map((o) => copyToTarget(o, cpu, target, backendName));
    return Array.isArray(out) ? results : (results[0] as TensorInfo);
  } finally {
    // Each input copy and each output holds one reference (a cpu kernel that
    // returns its input, like Reshape, has added one), so one dispose each
    // frees everything.
    for (const id of onCpu) cpu.disposeData(id);
  }
}

function copyToCpu(info: TensorInfo, target: KernelBackend, cpu: KernelBackend, kernelName: string, backendName: string): TensorInfo {
  let values: Values;
  try {
    values = info.dtype === 'complex64' ? readComplex(info, target) : target.readSync(info.dataId);
  } catch (e) {
    throw new Error(
      `cpu fallback for kernel '${kernelName}' on backend '${backendName}': cannot read its ${info.dtype} input synchronously ` +
        `(${(e as Error).message}). Use an async-capable path or run this op on the cpu backend.`,
    );
  }
  if (info.dtype !== 'complex64') return { dataId: cpu.write(values, info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
  // The cpu backend keeps complex tensors as a (real, imag) pair; build it with its Complex kernel.
  const [re, im] = splitComplex(values as Float32Array);
  const real = { dataId: cpu.write(re, info.shape, 'float32'), shape: info.shape, dtype: 'float32' as const };
  const imag = { dataId: cpu.write(im, info.shape, 'float32'), shape: info.shape, dtype: 'float32' as const };
  try {
    return tf.getKernel('Complex', 'cpu')!.kernelFunc({ inputs: { real, imag }, backend: cpu }) as TensorInfo;
  } finally {
    cpu.disposeData(real.dataId);
    cpu.disposeData(imag.dataId);
  }
}

function copyToTarget(o: TensorInfo, cpu: KernelBackend, target: KernelBackend, backendName: string): TensorInfo {
  const values = cpu.readSync(o.dataId);
  if (o.dtype !== 'complex64') return { dataId: target.write(values, o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
  const native = tf.getKernel('Complex', backendName);
  if (native !== undefined && !cpuFallbackKernels(backendName).includes('Complex')) {
    // The target stores complex tensors itself (webgpu): hand it the two parts.
    const [re, im] = splitComplex(values as Float32Array);
    const real = { dataId: target.write(re, o.shape, 'float32'), shape: o.shape, dtype: 'float32' as const };
    const imag = { dataId: target.write(im, o.shape, 'float32'), shape: o.shape, dtype: 'float32' as const };
    try {
      return native.kernelFunc({ inputs: { real, imag }, backend: target }) as TensorInfo;
    } finally {
      target.disposeData(real.dataId);
      target.disposeData(imag.dataId);
    }
  }
  // Interleaved (re, im) storage; keep a JS copy for backends whose readSync
  // rejects complex64 (wasm), released when the data id is garbage.
  const dataId = target.write(values, o.shape, 'complex64');
  state().complexValues.set(dataId, Float32Array.from(values as Float32Array));
  return { dataId, shape: o.shape, dtype: 'complex64' };
}

function readComplex(info: TensorInfo, target: KernelBackend): Float32Array {
  const kept = state().complexValues.get(info.dataId);
  if (kept !== undefined) return kept;
  return target.readSync(info.dataId) as Float32Array;
}

function splitComplex(v: Float32Array): [Float32Array, Float32Array] {
  const n = v.length / 2;
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = v[2 * i] as number;
    im[i] = v[2 * i + 1] as number;
  }
  return [re, im];
}
