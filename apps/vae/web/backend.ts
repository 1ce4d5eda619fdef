// The page's backend: WebGPU when the browser has a working adapter, else
// wasm (SIMD; threaded where the page is cross-origin isolated); `?backend=`
// forces one. The wasm binaries are served by Vite (`?url`).
//
// pyro-ts's SVI step reads its loss back synchronously (`dataSync`), which
// tfjs-webgpu does through an OffscreenCanvas. Headless Chromium's software
// adapter (SwiftShader) computes correctly but that read-back returns
// zeros, so WebGPU is only used after a read-back self-test passes.
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { configureWasm, currentBackend, useBackend } from '@pyro-ts/backend';
import { tf } from '@pyro-ts/tensor';
import '@pyro-ts/backend-webgpu';

export interface BackendChoice {
  name: string;
  /** Why WebGPU was not used, when it was not. */
  note?: string;
}

/** A shader result read back synchronously, as SVI reads its loss: null when right, else what went wrong. */
async function syncReadBackProblem(): Promise<string | null> {
  const x = tf.fill([2048], 3); // over tfjs-webgpu's 1000-element CPU-forwarding threshold: runs a shader
  const y = tf.add(x, 1);
  try {
    const asyncValue = (await y.data())[0];
    if (asyncValue !== 4) return `a shader computed 3 + 1 = ${asyncValue}`;
    const z = tf.add(x, 2);
    const syncValue = z.dataSync()[0];
    z.dispose();
    return syncValue === 5 ? null : `synchronous read-back gave 3 + 2 = ${syncValue} (asynchronous read-back works)`;
  } finally {
    tf.dispose([x, y]);
  }
}

export async function startBackend(requested: string | null): Promise<BackendChoice> {
  configureWasm({ paths: { 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threaded } });
  let note: string | undefined;
  if (requested !== null && requested !== 'webgpu') {
    await useBackend(requested);
  } else {
    try {
      await useBackend('webgpu');
      const problem = await syncReadBackProblem();
      if (problem !== null) throw new Error(`the WebGPU adapter failed a self-test: ${problem}`);
    } catch (e) {
      if (requested === 'webgpu') throw e;
      note = (e as Error).message;
      await useBackend('wasm');
    }
  }
  return { name: currentBackend(), note };
}
