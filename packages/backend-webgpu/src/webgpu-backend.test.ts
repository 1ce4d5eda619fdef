import { tf } from '@pyro-ts/tensor';
import type { KernelBackend, Tensor, DataId } from '@pyro-ts/tensor';
import { compareClose, expectNoLeaksAsync } from '@pyro-ts/tensor/testing';
import { availableBackends, cpuFallbackKernels, currentBackend, useBackend } from '@pyro-ts/backend';
import { configureWebGPU, disposeWebGPU, webgpuAdapterDescription, webgpuBackend } from './index.js';

// The parts of tfjs's WebGPUBackend these tests look into to prove that
// kernels ran as shaders and data lives in GPU buffers.
interface WebGPUInternals extends KernelBackend {
  pipelineCache: Record<string, unknown>;
  tensorMap: { get(id: DataId): { values: unknown; resource: unknown } };
}

let skipReason: string | undefined;

beforeAll(async () => {
  const a = await webgpuBackend.isAvailable();
  if (!a.available) {
    skipReason = a.reason;
    console.warn(`webgpu tests skipped: ${a.reason}`);
    return;
  }
  configureWebGPU({ cpuForward: false });
  await useBackend('webgpu');
  console.log(`webgpu adapter: ${await webgpuAdapterDescription()}`);
});

afterAll(() => {
  if (skipReason === undefined) disposeWebGPU();
});

const gpu = (): WebGPUInternals => tf.backend() as WebGPUInternals;
const onGpu = (t: Tensor): boolean => {
  const d = gpu().tensorMap.get(t.dataId);
  return d.resource instanceof (globalThis as unknown as { GPUBuffer: new () => unknown }).GPUBuffer && d.values == null;
};

async function expectValues(t: Tensor, expected: number[], tol = { rtol: 1e-5, atol: 1e-6 }): Promise<void> {
  const msg = compareClose(await t.data(), expected, tol);
  if (msg !== null) throw new Error(msg);
}

/** Like expectNoLeaksAsync, plus the webgpu backend's own data count. */
async function noLeaks(fn: () => Promise<void>): Promise<void> {
  const before = gpu().numDataIds();
  await expectNoLeaksAsync(fn);
  expect(gpu().numDataIds()).toBe(before);
}

describe('webgpu backend', () => {
  it('is registered and, with an adapter, active', async () => {
    if (skipReason !== undefined) return;
    expect(await availableBackends()).toContain('webgpu');
    expect(currentBackend()).toBe('webgpu');
    expect(tf.env().getBool('WEBGPU_CPU_FORWARD')).toBe(false);
  });

  it('runs tiny elementwise ops as shaders with the result in a GPU buffer', async () => {
    if (skipReason !== undefined) return;
    await noLeaks(async () => {
      const shadersBefore = Object.keys(gpu().pipelineCache).length;
      const x = tf.tensor([1, 2, 3]);
      const y = tf.tidy(() => tf.add(tf.mul(x, x), tf.exp(x)));
      expect(onGpu(y)).toBe(true);
      expect(Object.keys(gpu().pipelineCache).length).toBeGreaterThan(shadersBefore);
      await expectValues(y, [1 + Math.E, 4 + Math.exp(2), 9 + Math.exp(3)]);
      tf.dispose([x, y]);
    });
  });

  it('computes matmul and gradients on the GPU', async () => {
    if (skipReason !== undefined) return;
    await noLeaks(async () => {
      const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const b = tf.tensor2d([1, 0, 2, 1, -1, 3], [3, 2]);
      const c = tf.matMul(a, b);
      expect(onGpu(c)).toBe(true);
      await expectValues(c, [2, 11, 8, 23]);
      // d/dx sum(sin(x) * x) = cos(x) x + sin(x)
      const x = tf.tensor([0.5, 1, 2]);
      const g = tf.grad((v: Tensor) => tf.sum(tf.mul(tf.sin(v), v)))(x);
      expect(onGpu(g)).toBe(true);
      await expectValues(g, [0.5, 1, 2].map((v) => Math.cos(v) * v + Math.sin(v)), { rtol: 1e-5, atol: 1e-5 });
      tf.dispose([a, b, c, x, g]);
    });
  });

  it('log1p and expm1 keep their relative precision near 0, on the GPU', async () => {
    if (skipReason !== undefined) return;
    await noLeaks(async () => {
      const v = [-0.6, -0.25, -1e-3, -1e-6, 1e-7, 1e-4, 0.2, 0.26, 3, 40];
      const x = tf.tensor(v);
      const l = tf.tidy(() => tf.log1p(tf.abs(x))); // abs runs first, so the input is a GPU buffer
      const e = tf.tidy(() => tf.expm1(tf.neg(tf.neg(x))));
      expect(onGpu(l) && onGpu(e)).toBe(true);
      await expectValues(l, v.map((a) => Math.log1p(Math.abs(a))), { rtol: 2e-6, atol: 0 });
      await expectValues(e, v.map(Math.expm1), { rtol: 2e-6, atol: 0 });
      const special = tf.tensor([NaN, -1, Infinity, -Infinity]);
      const ls = tf.tidy(() => tf.log1p(tf.neg(tf.neg(special))));
      const es = tf.tidy(() => tf.expm1(tf.neg(tf.neg(special))));
      await expectValues(ls, [NaN, -Infinity, Infinity, NaN]);
      await expectValues(es, [NaN, Math.expm1(-1), Infinity, -1]);
      tf.dispose([x, l, e, special, ls, es]);
    });
  });

  it('argMax/argMin of a vector give a scalar (tfjs-webgpu returned shape [1])', async () => {
    if (skipReason !== undefined) return;
    await noLeaks(async () => {
      const x = tf.tensor([0.2, 0.9, -1, 0.5]);
      const y = tf.tidy(() => tf.neg(tf.neg(x))); // a GPU buffer
      const i = tf.argMax(y);
      const j = tf.argMin(y, -1);
      const m = tf.tidy(() => tf.argMax(tf.reshape(y, [2, 2]), 1));
      expect(i.shape).toEqual([]);
      expect(j.shape).toEqual([]);
      expect(m.shape).toEqual([2]);
      await expectValues(i, [1], { rtol: 0, atol: 0 });
      await expectValues(j, [2], { rtol: 0, atol: 0 });
      await expectValues(m, [1, 1], { rtol: 0, atol: 0 });
      tf.dispose([x, y, i, j, m]);
    });
  });

  it('with cpuForward (tfjs default) tiny ops on CPU-resident data stay on the CPU', async () => {
    if (skipReason !== undefined) return;
    await noLeaks(async () => {
      configureWebGPU({ cpuForward: true });
      try {
        const x = tf.tensor([1, 2, 3]);
        const y = tf.add(x, x);
        expect(onGpu(y)).toBe(false);
        expect(y.dataSync()).toEqual(new Float32Array([2, 4, 6])); // CPU-resident: readSync works
        tf.dispose([x, y]);
      } finally {
        configureWebGPU({ cpuForward: false });
      }
    });
  });

  it('kernels webgpu lacks run through the cpu fallback while their inputs are CPU-resident, and say why not otherwise', async () => {
    if (skipReason !== undefined) return;
    expect(cpuFallbackKernels('webgpu')).toEqual(expect.arrayContaining(['Unique', 'BitwiseAnd']));
    await noLeaks(async () => {
      const x = tf.tensor([3, 1, 3, 2, 1]); // written from JS, not yet uploaded
      const { values, indices } = tf.unique(x);
      await expectValues(values, [3, 1, 2]);
      await expectValues(indices, [0, 1, 0, 2, 1]);
      const onDevice = tf.add(x, 1); // a shader result: only readable asynchronously in Node
      expect(onGpu(onDevice)).toBe(true);
      const syncReadable = typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined';
      if (!syncReadable) expect(() => tf.unique(onDevice)).toThrow(/cpu fallback for kernel 'Unique' on backend 'webgpu': cannot read its float32 input synchronously/);
      tf.dispose([x, values, indices, onDevice]);
    });
  });
});
