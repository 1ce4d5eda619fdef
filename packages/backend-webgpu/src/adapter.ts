// Finding a WebGPU adapter: the browser's navigator.gpu, or in Node a Dawn
// instance per attempt (a hardware adapter first, then Dawn's OpenGL ES
// backend in compatibility mode, which Mesa's software rasterizer serves on
// machines without a GPU).
import type { GpuAdapterLike, GpuLike } from './gpu-types.js';
import { installNavigatorGpu, loadDawn } from './node-gpu.js';

/** One way to ask Dawn (Node) for an adapter. */
export interface DawnAttempt {
  /** Dawn toggles for `create()`, e.g. `['backend=opengles']`. */
  flags: string[];
  /** WebGPU feature level to request; 'compatibility' admits OpenGL ES adapters. */
  featureLevel?: 'core' | 'compatibility';
}

/** Node's attempts, in order: Dawn's default (Vulkan/Metal/D3D), then OpenGL ES in compatibility mode. */
export const DEFAULT_DAWN_ATTEMPTS: readonly DawnAttempt[] = [
  { flags: [], featureLevel: 'core' },
  { flags: ['backend=opengles'], featureLevel: 'compatibility' },
];

export interface AdapterSearch {
  powerPreference?: 'high-performance' | 'low-power';
  dawnAttempts?: readonly DawnAttempt[];
}

export type AdapterResult =
  | { found: true; gpu: GpuLike; adapter: GpuAdapterLike; how: string }
  | { found: false; reason: string };

const isNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

function browserGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

/** Finds an adapter and makes its GPU object `navigator.gpu`. */
export async function findAdapter(search: AdapterSearch = {}): Promise<AdapterResult> {
  const powerPreference = search.powerPreference ?? 'high-performance';
  const tried: string[] = [];
  const native = browserGpu();
  if (native !== undefined && !isNode()) {
    for (const featureLevel of ['core', 'compatibility'] as const) {
      const adapter = await native.requestAdapter({ powerPreference, featureLevel });
      if (adapter !== null) return { found: true, gpu: native, adapter, how: `navigator.gpu (${featureLevel})` };
      tried.push(`navigator.gpu (${featureLevel})`);
    }
    return { found: false, reason: `navigator.gpu.requestAdapter() returned null (tried ${tried.join(', ')})` };
  }
  if (!isNode()) return { found: false, reason: 'this runtime has no navigator.gpu (WebGPU is not supported here)' };

  let dawn;
  try {
    dawn = await loadDawn();
  } catch (e) {
    return { found: false, reason: (e as Error).message };
  }
  for (const attempt of search.dawnAttempts ?? DEFAULT_DAWN_ATTEMPTS) {
    const label = `Dawn [${attempt.flags.join(' ') || 'default backend'}] (${attempt.featureLevel ?? 'core'})`;
    // Mesa's EGL needs a platform without a display server.
    if (attempt.flags.includes('backend=opengles') && process.platform === 'linux') process.env.EGL_PLATFORM ??= 'surfaceless';
    try {
      const gpu = dawn.create(attempt.flags);
      const adapter = await gpu.requestAdapter({ powerPreference, featureLevel: attempt.featureLevel ?? 'core' });
      if (adapter !== null) {
        installNavigatorGpu(gpu);
        return { found: true, gpu, adapter, how: label };
      }
      tried.push(`${label}: no adapter`);
    } catch (e) {
      tried.push(`${label}: ${(e as Error).message}`);
    }
  }
  return {
    found: false,
    reason:
      `no WebGPU adapter (${tried.join('; ')}). Without a GPU, Dawn's OpenGL ES backend needs Mesa: ` +
      'the Debian packages libegl-dev libegl-mesa0 libgl1-mesa-dri (see @pyro-ts/backend-webgpu README)',
  };
}
