// @pyro-ts/backend-webgpu: importing this package registers the `webgpu`
// TensorBackend with @pyro-ts/backend (then `await useBackend('webgpu')`).
import { registerTensorBackend } from '@pyro-ts/backend';
import { webgpuBackend } from './webgpu-backend.js';

registerTensorBackend(webgpuBackend);

export { webgpuBackend, configureWebGPU, disposeWebGPU, webgpuAdapterDescription, type WebGPUOptions } from './webgpu-backend.js';
export { findAdapter, DEFAULT_DAWN_ATTEMPTS, type DawnAttempt, type AdapterSearch, type AdapterResult } from './adapter.js';
export type { GpuLike, GpuAdapterLike, GpuAdapterInfoLike } from './gpu-types.js';
