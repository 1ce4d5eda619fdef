// Choosing the backend on the command line: the embedded default (wasm),
// `cpu`, or the optional packages (`webgpu` through Dawn, `native` through
// libtorch), loaded only when asked for.
import { availableBackends, currentBackend, ready, useBackend } from '@pyro-ts/backend';
import { installWasmMatMulWorkaround } from './wasm-matmul.js';

const OPTIONAL: Record<string, () => Promise<unknown>> = {
  webgpu: () => import('@pyro-ts/backend-webgpu'),
  native: () => import('@pyro-ts/backend-native'),
};

/** Starts `name` (or the default backend) and returns the active backend's name. */
export async function startBackend(name?: string): Promise<string> {
  if (name !== undefined && name in OPTIONAL) await (OPTIONAL[name] as () => Promise<unknown>)();
  if (name !== undefined) {
    try {
      await useBackend(name);
    } catch (e) {
      const avail = await availableBackends().catch(() => [] as string[]);
      throw new Error(`${(e as Error).message} (available here: ${avail.join(', ') || 'none'})`);
    }
  } else {
    await ready();
  }
  if (currentBackend() === 'wasm') installWasmMatMulWorkaround();
  return currentBackend();
}
