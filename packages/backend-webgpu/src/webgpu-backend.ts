// The `webgpu` TensorBackend: tfjs-backend-webgpu on the adapter findAdapter
// returns, registered with tfjs by this package (not by tfjs's own import-time
// hook, which needs navigator.gpu before import and cannot ask for a
// compatibility-mode adapter).
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { tf, declareAccurateKernels } from '@pyro-ts/tensor';
import { installCpuFallback } from '@pyro-ts/backend';
import type { TensorBackend } from '@pyro-ts/backend';
import { findAdapter, type AdapterResult, type DawnAttempt } from './adapter.js';
import { registerAccurateKernels } from './accurate-kernels.js';
import { registerKernelFixes } from './kernel-fixes.js';

export interface WebGPUOptions {
  powerPreference?: 'high-performance' | 'low-power';
  /** Node only: the Dawn instances to try, in order (default: DEFAULT_DAWN_ATTEMPTS). */
  dawnAttempts?: readonly DawnAttempt[];
  /**
   * tfjs's `WEBGPU_CPU_FORWARD`: run ops whose inputs are all still on the CPU
   * and smaller than 1000 elements on the CPU (tfjs's default, true). False
   * makes every op run a shader.
   */
  cpuForward?: boolean;
}

const KEY = Symbol.for('@pyro-ts/backend-webgpu.state');

interface State {
  options: WebGPUOptions;
  adapter: Promise<AdapterResult> | undefined;
  registered: boolean;
}

function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { options: {}, adapter: undefined, registered: false };
    g[KEY] = s;
  }
  return s;
}

/** Sets the options; call before the backend is first used (adapter options are read once). */
export function configureWebGPU(options: WebGPUOptions): void {
  const s = state();
  s.options = { ...s.options, ...options };
  if (options.cpuForward !== undefined) tf.env().set('WEBGPU_CPU_FORWARD', options.cpuForward);
}

function adapter(): Promise<AdapterResult> {
  const s = state();
  s.adapter ??= findAdapter({ powerPreference: s.options.powerPreference, dawnAttempts: s.options.dawnAttempts });
  return s.adapter;
}

/** How the adapter was obtained (e.g. "Dawn [backend=opengles] (compatibility)"), or why there is none. */
export async function webgpuAdapterDescription(): Promise<string> {
  const a = await adapter();
  if (!a.found) return `unavailable: ${a.reason}`;
  const info = a.adapter.info ?? {};
  const what = [info.vendor, info.architecture, info.device, info.description].filter((x) => x !== undefined && x !== '').join(' ');
  return `${a.how}${what ? `: ${what}` : ''}`;
}

async function createTfjsBackend(): Promise<WebGPUBackend> {
  const a = await adapter();
  if (!a.found) throw new Error(`webgpu: ${a.reason}`);
  const ad = a.adapter;
  const limits = ad.limits as Record<string, number>;
  // Ask for the adapter's own limits where tfjs benefits from them (as tfjs's own factory does).
  const requiredLimits: Record<string, number> = {};
  for (const k of ['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup']) {
    const v = limits[k];
    if (typeof v === 'number') requiredLimits[k] = v;
  }
  const requiredFeatures = ['timestamp-query'].filter((f) => ad.features.has(f));
  const device = await ad.requestDevice({ requiredFeatures, requiredLimits });
  return new WebGPUBackend(device as ConstructorParameters<typeof WebGPUBackend>[0], ad.info as ConstructorParameters<typeof WebGPUBackend>[1]);
}

export const webgpuBackend: TensorBackend = {
  name: 'webgpu',
  description: 'tfjs-backend-webgpu: WGSL compute shaders on navigator.gpu (browsers) or Dawn (Node)',
  async isAvailable() {
    const a = await adapter();
    return a.found ? { available: true } : { available: false, reason: a.reason };
  },
  async initialize() {
    const s = state();
    if (!s.registered) {
      // tfjs's import-time factory (browsers only) is replaced by ours.
      if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
      tf.registerBackend('webgpu', createTfjsBackend, 0);
      registerAccurateKernels();
      registerKernelFixes();
      // Our Log1p/Expm1 shaders keep their relative precision near 0.
      declareAccurateKernels('webgpu', ['Log1p', 'Expm1']);
      s.registered = true;
    }
    // Kernels tfjs-webgpu lacks run on the cpu backend. They need readSync,
    // which in Node works only for data still on the CPU (see README).
    installCpuFallback('webgpu');
  },
};

/** Releases the GPU device (tfjs removes the backend; a later useBackend('webgpu') creates a new one). */
export function disposeWebGPU(): void {
  if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
  state().registered = false;
}
