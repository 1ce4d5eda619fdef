import fs from 'node:fs';
import { tf } from '@pyro-ts/tensor';
import type { KernelBackend } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks } from '@pyro-ts/tensor/testing';
import { currentBackend, useBackend, wasmVariant } from './index.js';

describe('wasm backend', () => {
  it('loads the SIMD binary from the installed package, without the network', async () => {
    const read = jest.spyOn(fs, 'readFileSync');
    const fetchSpy = jest.fn(() => Promise.reject(new Error('no network in this test')));
    const realFetch = globalThis.fetch;
    globalThis.fetch = fetchSpy as unknown as typeof fetch;
    try {
      await useBackend('wasm');
    } finally {
      globalThis.fetch = realFetch;
    }
    const wasmFiles = read.mock.calls.map((c) => String(c[0])).filter((p) => p.endsWith('.wasm'));
    read.mockRestore();
    expect(currentBackend()).toBe('wasm');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(wasmFiles).toHaveLength(1);
    expect(wasmFiles[0]).toMatch(/@tensorflow[/\\]tfjs-backend-wasm[/\\]dist[/\\]tfjs-backend-wasm-simd\.wasm$/);
    expect(await wasmVariant()).toBe('simd');
  });

  it('computes on wasm memory', () => {
    const wasm = tf.findBackend('wasm') as KernelBackend;
    const ids = wasm.numDataIds();
    expectNoLeaks(() => {
      const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
      const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
      const c = tf.matMul(a, b);
      expect(wasm.numDataIds()).toBe(ids + 3);
      expectClose(c, [19, 22, 43, 50], { rtol: 0, atol: 0 });
      // d/da sum(a b) = 1 b^T: row sums of b, repeated
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.matMul(x, b)))(a);
      expectClose(g, [11, 15, 11, 15], { rtol: 0, atol: 0 });
      tf.dispose([a, b, c, g]);
    });
    expect(wasm.numDataIds()).toBe(ids);
  });
});
