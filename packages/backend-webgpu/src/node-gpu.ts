// WebGPU for Node: the `webgpu` package (Google's Dawn as a Node addon)
// provides what browsers expose as `navigator.gpu` and the GPU* globals.
// Everything Node-specific is imported dynamically, so that a browser bundle
// of this package never pulls Node modules or Dawn in.
import type { GpuLike } from './gpu-types.js';

/** What the `webgpu` package exports. */
export interface DawnModule {
  /** A GPU object (navigator.gpu) for a Dawn instance created with these toggles, e.g. `['backend=opengles']`. */
  create(flags: string[]): GpuLike;
  /** GPUBufferUsage, GPUMapMode, GPUTextureUsage, the GPU* classes. */
  globals: Record<string, unknown>;
}

let loaded: Promise<DawnModule> | undefined;

/**
 * Loads Dawn once: through the package's ES module entry, or, in CommonJS
 * test runners that cannot load that entry (jest), through the package's
 * native addon directly. Installs the GPU* globals tfjs-backend-webgpu uses.
 */
export function loadDawn(): Promise<DawnModule> {
  loaded ??= (async () => {
    let dawn: DawnModule;
    const entry = 'webgpu';
    try {
      dawn = (await import(/* @vite-ignore */ entry)) as DawnModule;
    } catch (first) {
      try {
        dawn = await loadAddon();
      } catch (second) {
        throw new Error(`could not load the 'webgpu' (Dawn) package: ${(first as Error).message}; ${(second as Error).message}`);
      }
    }
    for (const [k, v] of Object.entries(dawn.globals)) {
      if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    }
    return dawn;
  })();
  return loaded;
}

async function loadAddon(): Promise<DawnModule> {
  const { createRequire } = await import('node:module');
  const { dirname, join } = await import('node:path');
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('webgpu/package.json'));
  const arch = process.platform === 'darwin' ? 'universal' : process.arch;
  return require(join(root, 'dist', `${process.platform}-${arch}`, 'dawn.node')) as DawnModule;
}

/** Makes `gpu` visible as `navigator.gpu`, which tfjs-backend-webgpu checks for. */
export function installNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: { gpu?: GpuLike } };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (g.navigator.gpu !== gpu) {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}
