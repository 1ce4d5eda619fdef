// @pyro-ts/backend: choosing the tensor backend pyro-ts computes on.
export type { TensorBackend, BackendAvailability } from './tensor-backend.js';
export {
  registerTensorBackend,
  getTensorBackend,
  registeredBackends,
  checkBackends,
  availableBackends,
  useBackend,
  ready,
  currentBackend,
} from './registry.js';
export { DEFAULT_BACKEND } from './default-backend.js';
export { cpuBackend, silenceCpuBanner } from './cpu.js';
export { wasmBackend, configureWasm, wasmVariant, WASM_CPU_KERNELS, type WasmOptions, type WasmBinaryName } from './wasm.js';
export { installCpuFallback, cpuFallbackKernels, type CpuFallbackOptions } from './cpu-fallback.js';
