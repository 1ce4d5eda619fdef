// The native KernelBackend itself: storage of each dtype, reference counts
// and disposal, moves between backends, memory accounting against libtorch's
// allocator, the cpu fallback, device selection, errors.
import './index.js';
import { tf } from '@pyro-ts/tensor';
import type { KernelBackend } from '@pyro-ts/tensor';
import { checkBackends, cpuFallbackKernels, useBackend } from '@pyro-ts/backend';
import { configureNative, chosenDevice, nativeInfo, nativeKernels, nativeMemory } from './index.js';
import { describeNative } from './test-utils/compare.js';

const native = (): KernelBackend => tf.findBackend('native') as KernelBackend;
const cpu = (): KernelBackend => tf.findBackend('cpu') as KernelBackend;

/** Checks that `fn` leaves no tfjs tensor, no data on native or cpu, and no native tensor behind. */
function noLeaks<T>(fn: () => T): T {
  const before = [tf.memory().numTensors, native().numDataIds(), cpu().numDataIds(), nativeMemory().handles];
  const out = fn();
  expect([tf.memory().numTensors, native().numDataIds(), cpu().numDataIds(), nativeMemory().handles]).toEqual(before);
  return out;
}

describeNative('the native backend', () => {
  beforeAll(async () => {
    await useBackend('native');
  });

  it('stores float32, int32, bool, complex64 and string tensors and reads them back with tfjs types', () => {
    noLeaks(() => {
      const f = tf.tensor([1.5, -2, Infinity, NaN], [2, 2]);
      const i = tf.tensor([1, -2, 2147483647], undefined, 'int32');
      const b = tf.tensor([true, false, true]);
      const c = tf.complex([1, 2], [3, -4]);
      const s = tf.tensor(['pyro', 'ts']);
      expect(f.dataSync()).toBeInstanceOf(Float32Array);
      expect(Array.from(f.dataSync())).toEqual([1.5, -2, Infinity, NaN]);
      expect(i.dataSync()).toBeInstanceOf(Int32Array);
      expect(Array.from(i.dataSync())).toEqual([1, -2, 2147483647]);
      expect(b.dataSync()).toBeInstanceOf(Uint8Array);
      expect(Array.from(b.dataSync())).toEqual([1, 0, 1]);
      expect(Array.from(c.dataSync())).toEqual([1, 3, 2, -4]);
      expect(s.dataSync()).toEqual(['pyro', 'ts']);
      expect(f.arraySync()).toEqual([
        [1.5, -2],
        [Infinity, NaN],
      ]);
      tf.dispose([f, i, b, c, s]);
    });
  });

  it('each numeric tensor is one native tensor; shared data ids (clone, identity cast) count once and free on the last dispose', () => {
    noLeaks(() => {
      const handles = nativeMemory().handles;
      const x = tf.tensor([1, 2, 3]);
      const y = tf.clone(x);
      const z = tf.cast(x, 'float32');
      expect(nativeMemory().handles).toBe(handles + 1);
      expect(native().refCount(x.dataId)).toBe(3);
      x.dispose();
      y.dispose();
      expect(nativeMemory().handles).toBe(handles + 1);
      expect(Array.from(z.dataSync())).toEqual([1, 2, 3]);
      z.dispose();
      expect(nativeMemory().handles).toBe(handles);
    });
  });

  it('reshape and transpose give views that outlive their source', () => {
    noLeaks(() => {
      const x = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      const r = tf.reshape(x, [3, 2]);
      const t = tf.transpose(x);
      x.dispose();
      expect(r.arraySync()).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      expect(t.arraySync()).toEqual([
        [1, 4],
        [2, 5],
        [3, 6],
      ]);
      tf.dispose([r, t]);
    });
  });

  it("libtorch's allocator counts the bytes of live tensors (exactly on the CPU)", () => {
    const before = nativeMemory();
    expect(before.countingAllocator).toBe(true);
    const x = tf.zeros([1000, 250]);
    const during = nativeMemory();
    const after = (): ReturnType<typeof nativeMemory> => {
      x.dispose();
      return nativeMemory();
    };
    if (nativeInfo().device === 'cpu') {
      expect(during.cpuBytes - before.cpuBytes).toBe(1000 * 250 * 4);
      expect(during.cpuAllocations - before.cpuAllocations).toBe(1);
      const a = after();
      expect(a.cpuBytes).toBe(before.cpuBytes);
      expect(a.cpuAllocations).toBe(before.cpuAllocations);
      expect(a.cpuTotalAllocations).toBeGreaterThan(before.cpuTotalAllocations);
    } else if (before.cudaBytes !== undefined) {
      // the CUDA caching allocator rounds blocks up (to 512 bytes)
      expect((during.cudaBytes ?? 0) - before.cudaBytes).toBeGreaterThanOrEqual(1000 * 250 * 4);
      expect(after().cudaBytes).toBe(before.cudaBytes);
    } else {
      after();
      console.warn('no CUDA allocator statistics in this build (built without the CUDA runtime headers)');
    }
    expect(tf.memory()).toMatchObject({ unreliable: false, handles: expect.any(Number), cpuBytes: expect.any(Number) });
  });

  it('tensors move in from the cpu backend when a kernel needs them, and back out', async () => {
    await useBackend('cpu');
    const onCpu = tf.tensor([1, 2, 3]);
    await useBackend('native');
    const nativeBefore = native().numDataIds();
    const y = tf.mul(onCpu, 2); // onCpu's data moves to native
    expect(native().numDataIds()).toBe(nativeBefore + 2);
    expect(Array.from(y.dataSync())).toEqual([2, 4, 6]);
    await useBackend('cpu');
    const z = tf.add(y, 1); // y's data moves to cpu
    expect(Array.from(z.dataSync())).toEqual([3, 5, 7]);
    expect(native().numDataIds()).toBe(nativeBefore + 1);
    tf.dispose([onCpu, y, z]);
    expect(native().numDataIds()).toBe(nativeBefore);
    await useBackend('native');
  });

  it('asynchronous reads', async () => {
    const x = tf.tensor([[1, 2], [3, 4]]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4]);
    expect(await x.array()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    x.dispose();
  });

  it('kernels without a native version run through the cpu fallback and their results stay native', () => {
    const fallback = cpuFallbackKernels('native');
    const natives = nativeKernels();
    expect(natives.length).toBeGreaterThan(100);
    for (const k of ['LinSpace', 'Range', 'Multinomial', 'Unique', 'MaxPool', 'FusedConv2D']) expect(fallback).toContain(k);
    for (const k of natives) expect(fallback).not.toContain(k);
    noLeaks(() => {
      const ids = native().numDataIds();
      const l = tf.linspace(0, 1, 5);
      const x = tf.tensor([3, 1, 3, 2]);
      const { values, indices } = tf.unique(x);
      expect(native().numDataIds()).toBe(ids + 4);
      expect(Array.from(l.dataSync())).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(Array.from(values.dataSync())).toEqual([3, 1, 2]);
      expect(Array.from(indices.dataSync())).toEqual([0, 1, 0, 2]);
      tf.dispose([l, x, values, indices]);
    });
  });

  it('libtorch errors become JavaScript errors and leak nothing', () => {
    noLeaks(() => {
      const a = tf.ones([2, 3]);
      const b = tf.ones([4, 5]);
      // bypass tfjs's shape checks to reach libtorch
      expect(() => tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false })).toThrow(/libtorch: .*(mat1 and mat2 shapes cannot be multiplied|size mismatch)/);
      tf.dispose([a, b]);
    });
  });

  it('runs on the CPU here (no CUDA) and refuses CUDA with the reason', async () => {
    const info = nativeInfo();
    expect(info.torchVersion).toMatch(/^\d+\.\d+/);
    if (info.cudaAvailable) return; // a CUDA machine: nothing to refuse
    expect(chosenDevice()).toBe('cpu');
    expect(info.device).toBe('cpu');
    configureNative({ device: 'cuda' });
    try {
      const status = (await checkBackends()).find((s) => s.name === 'native');
      expect(status).toEqual({ name: 'native', available: false, reason: expect.stringContaining('sees no CUDA device') });
    } finally {
      configureNative({ device: 'cpu' });
    }
    expect((await checkBackends()).find((s) => s.name === 'native')?.available).toBe(true);
  });
});

describe('without the addon', () => {
  it('the backend reports itself unavailable, saying why', async () => {
    const saved = process.env.PYRO_TS_NATIVE_ADDON;
    process.env.PYRO_TS_NATIVE_ADDON = '/nonexistent/pyro_native.node';
    try {
      await jest.isolateModulesAsync(async () => {
        const m = await import('./native-tensor-backend.js');
        const a = await m.nativeBackend.isAvailable();
        expect(a.available).toBe(false);
        expect(a.reason).toMatch(/the native addon is not built/);
        expect(a.reason).toMatch(/build:native/);
      });
    } finally {
      if (saved === undefined) delete process.env.PYRO_TS_NATIVE_ADDON;
      else process.env.PYRO_TS_NATIVE_ADDON = saved;
    }
  });

});
