// Loads the native addon (build/Release/pyro_native.node) once and says why
// it cannot be loaded: not built (with the reason the build recorded in
// build/native-status.json), or libtorch missing at run time.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Values = Float32Array | Int32Array | Uint8Array;

/** What the addon exports (native/src/*.cc). Handles are small integers. */
export interface NativeAddon {
  write(values: Values | null, shape: number[], dtype: number): number;
  read(h: number): Values;
  release(h: number): void;
  shape(h: number): number[];
  dtype(h: number): number;
  setScratch(scratch: Int32Array): void;
  setDevice(device: string): string;
  setNumThreads(n: number): number;
  info(): NativeInfo;
  memoryStats(): NativeMemoryStats;

  unaryOps: string[];
  unaryParamOps: string[];
  binaryOps: string[];
  reduceOps: string[];
  specialOps: string[];
  unary(op: number, x: number, dtype: number): number;
  unaryParam(op: number, x: number, p: number, q: number, dtype: number): number;
  binary(op: number, a: number, b: number, dtype: number): number;
  select(c: number, t: number, e: number, dtype: number): number;
  addN(hs: number[], dtype: number): number;

  reduce(op: number, x: number, axes: number[], keepDims: boolean, dtype: number): number;
  argMinMax(isMax: boolean, x: number, axis: number): number;
  cumulative(isProd: boolean, x: number, axis: number, exclusive: boolean, reverse: boolean, dtype: number): number;
  softmax(x: number, axis: number, log: boolean): number;
  topk(x: number, k: number, sorted: boolean): [number, number];

  reshape(x: number, shape: number[]): number;
  transpose(x: number, perm: number[]): number;
  slice(x: number, begin: number[], size: number[]): number;
  stridedSlice(x: number, begin: number[], end: number[], strides: number[], finalShape: number[]): number;
  concat(hs: number[], axis: number, dtype: number): number;
  stack(hs: number[], axis: number, dtype: number): number;
  unstack(x: number, axis: number): number[];
  split(x: number, sizes: number[], axis: number): number[];
  pad(x: number, paddings: number[], value: number): number;
  mirrorPad(x: number, paddings: number[], symmetric: boolean): number;
  tile(x: number, reps: number[]): number;
  reverse(x: number, dims: number[]): number;
  broadcastTo(x: number, shape: number[]): number;
  fill(shape: number[], value: number, dtype: number): number;
  oneHot(indices: number, depth: number, on: number, off: number, dtype: number): number;
  diag(x: number): number;

  gather(x: number, indices: number, axis: number, batchDims: number): number;
  gatherNd(params: number, indices: number): number;
  scatterNd(indices: number, updates: number, shape: number[]): number;
  tensorScatterUpdate(tensor: number, indices: number, updates: number): number;
  unsortedSegmentSum(x: number, ids: number, numSegments: number, dtype: number): number;
  searchSorted(seq: number, values: number, right: boolean): number;

  matmul(a: number, b: number, ta: boolean, tb: boolean): number;
  fusedMatMul(a: number, b: number, ta: boolean, tb: boolean, bias: number, activation: number, prelu: number, alpha: number): number;
  conv2d(x: number, f: number, strides: number[], pads: number[], dilations: number[], nchw: boolean, depthwise: boolean): number;
  conv2dBackpropInput(dy: number, f: number, inputShape: number[], strides: number[], pads: number[], dilations: number[], nchw: boolean, depthwise: boolean): number;
  conv2dBackpropFilter(x: number, dy: number, filterShape: number[], strides: number[], pads: number[], dilations: number[], nchw: boolean, depthwise: boolean): number;
  einsum(equation: string, hs: number[]): number;
  fft(x: number, inverse: boolean): number;
  transform(image: number, transforms: number, bilinear: boolean, fillMode: number, fillValue: number, outH: number, outW: number): number;
  special(op: number, x: number): number;
  polygamma(n: number, x: number): number;
  cholesky(a: number): number;
  triangularSolve(a: number, b: number, upper: boolean, left: boolean, unitriangular: boolean): number;
}

export interface NativeInfo {
  torchVersion: string;
  device: string;
  cudaAvailable: boolean;
  cudaDevices: number;
  builtWithCuda: boolean;
  numThreads: number;
  mkl: boolean;
  mkldnn: boolean;
  lapack: boolean;
  countingAllocator: boolean;
  parallelInfo: string;
}

/** libtorch's memory, as the addon counts it. */
export interface NativeMemoryStats {
  /** native tensors held by the backend (handles) */
  handles: number;
  /** whether libtorch's CPU allocator is wrapped by the counting one (off with PYRO_TS_NATIVE_COUNT_ALLOC=0) */
  countingAllocator: boolean;
  /** bytes / live allocations / all allocations ever made by libtorch's CPU allocator, and the peak bytes */
  cpuBytes: number;
  cpuAllocations: number;
  cpuTotalAllocations: number;
  cpuPeakBytes: number;
  /** the CUDA caching allocator's allocated bytes and live allocations (builds with CUDA headers only) */
  cudaBytes?: number;
  cudaReservedBytes?: number;
  cudaAllocations?: number;
  /** bytes in use on the C heap (glibc mallinfo2), everything the process allocated with malloc */
  heapBytes: number;
}

export type AddonState = { available: true; addon: NativeAddon; scratch: Int32Array; path: string } | { available: false; reason: string; path: string };

/** The package's root folder (src/.. or dist/..). */
export function packageRoot(): string {
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

let state: AddonState | undefined;

/** Loads the addon once; later calls return the same state. */
export function loadAddon(): AddonState {
  state ??= load();
  return state;
}

function load(): AddonState {
  const root = packageRoot();
  const path = process.env.PYRO_TS_NATIVE_ADDON ?? join(root, 'build', 'Release', 'pyro_native.node');
  if (!existsSync(path)) return { available: false, reason: notBuiltReason(root), path };
  try {
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    // Every kernel writes its result's shape here ([rank, d0, d1, ...]).
    const scratch = new Int32Array(33);
    addon.setScratch(scratch);
    return { available: true, addon, scratch, path };
  } catch (e) {
    return { available: false, reason: `the native addon ${path} could not be loaded: ${(e as Error).message}`, path };
  }
}

function notBuiltReason(root: string): string {
  const hint = "build it with 'pnpm --filter @pyro-ts/backend-native build:native' (needs libtorch: $LIBTORCH, an installed PyTorch, or Debian's libtorch-dev)";
  try {
    const status = JSON.parse(readFileSync(join(root, 'build', 'native-status.json'), 'utf8')) as { ok?: boolean; reason?: string };
    if (status.ok === false && status.reason) return `the native addon is not built: ${status.reason}; ${hint}`;
  } catch {
    // no status: the build never ran
  }
  return `the native addon is not built; ${hint}`;
}
