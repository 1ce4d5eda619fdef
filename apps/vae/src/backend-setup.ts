// Choosing the backend on the command line: the embedded default (wasm),
// `cpu`, or `native` (libtorch), loaded only when asked for. `webgpu` is
// refused: in Node, tfjs-webgpu cannot read a tensor back synchronously (it
// needs an OffscreenCanvas), and SVI.step reads its loss that way. The web
// page trains on WebGPU.
import { availableBackends, currentBackend, ready, useBackend } from '@pyro-ts/backend';

const OPTIONAL: Record<string, () => Promise<unknown>> = {
  native: () => import('@pyro-ts/backend-native'),
};

export const WEBGPU_IN_NODE = "the webgpu backend cannot train from the command line: in Node, tfjs-webgpu cannot read a tensor back synchronously (no OffscreenCanvas), which SVI.step does to return its loss. Train on WebGPU in the browser page (pnpm --filter @pyro-ts/app-vae web:dev), or use --backend wasm, cpu or native here";

/** Starts `name` (or the default backend) and returns the active backend's name. */
export async function startBackend(name?: string): Promise<string> {
  if (name === 'webgpu') throw new Error(WEBGPU_IN_NODE);
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
  return currentBackend();
}
