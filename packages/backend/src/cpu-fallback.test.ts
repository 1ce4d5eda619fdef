import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { KernelBackend, Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks } from '@pyro-ts/tensor/testing';
import { cpuFallbackKernels, installCpuFallback, useBackend } from './index.js';

/** Runs `fn` and checks that no tensor and no backend data (of the listed backends) is left behind. */
function expectNoLeaksAnywhere<T>(backends: string[], fn: () => T): T {
  const count = (): number[] => backends.map((b) => (tf.findBackend(b) as KernelBackend).numDataIds());
  const before = count();
  const out = expectNoLeaks(fn);
  expect(count()).toEqual(before);
  return out;
}

const values = (t: Tensor): number[] => Array.from(t.dataSync());

describe('installCpuFallback on wasm', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('serves exactly the cpu kernels wasm lacks', () => {
    const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    const served = cpuFallbackKernels('wasm');
    // everything cpu has is now registered for wasm
    for (const k of cpu) expect(tf.getKernel(k, 'wasm')).toBeDefined();
    // the fallback serves only what wasm did not have natively; these are the
    // ones tfjs-backend-wasm 4.22 lacks that pyro-ts cares about
    for (const k of ['UnsortedSegmentSum', 'Einsum', 'Conv2DBackpropFilter', 'FFT', 'IFFT', 'Complex', 'Real', 'Imag', 'ComplexAbs']) expect(served).toContain(k);
    for (const k of ['Add', 'MatMul', 'BatchMatMul', 'Exp', 'GatherV2']) expect(served).not.toContain(k);
    // replaced for accuracy although wasm has it
    expect(served).toContain('Log1p');
    // a second install adds nothing
    expect(installCpuFallback('wasm')).toEqual([]);
  });

  it('log1p keeps its relative precision near 0 (wasm Log1p replaced by the cpu kernel)', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const x = tf.tensor([1e-7, -1e-6, 1e-4, 0.5]);
      const y = tf.log1p(x);
      expectClose(y, [1e-7, -1e-6, 1e-4, 0.5].map(Math.log1p), { rtol: 1e-6, atol: 0 });
      tf.dispose([x, y]);
    });
  });

  it('oneHot honours its float32 dtype (wasm OneHot replaced by the cpu kernel)', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const i = tf.tensor1d([2, 0], 'int32');
      const y = tf.oneHot(i, 3, 1, 0, 'float32');
      expect(y.dtype).toBe('float32');
      expectClose(y, [0, 0, 1, 1, 0, 0], { rtol: 0, atol: 0 });
      tf.dispose([i, y]);
    });
  });

  it('unsortedSegmentSum runs on wasm and its result stays on wasm', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const wasmIds = (tf.findBackend('wasm') as KernelBackend).numDataIds();
      const x = tf.tensor([1, 2, 3, 4, 5]);
      const ids = tf.tensor1d([0, 2, 0, 1, 2], 'int32');
      const s = tf.unsortedSegmentSum(x, ids, 3);
      expect(tf.getBackend()).toBe('wasm');
      expect((tf.findBackend('wasm') as KernelBackend).numDataIds()).toBe(wasmIds + 3);
      expect(s.shape).toEqual([3]);
      expect(values(s)).toEqual([4, 4, 7]);
      tf.dispose([x, ids, s]);
    });
  });

  it('gradients flow through fallback kernels (gather -> UnsortedSegmentSum)', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const x = tf.tensor([10, 20, 30]);
      const w = tf.tensor([1, 2, 3, 4]);
      const idx = tf.tensor([0, 2, 0, 1], undefined, 'int32');
      // d/dx sum(w * x[idx]) = sum of w over the positions that pick each x
      const g = tf.grad((v: Tensor) => tf.sum(tf.mul(tf.gather(v, idx as tf.Tensor1D), w)))(x);
      expect(values(g)).toEqual([1 + 3, 4, 2]);
      tf.dispose([x, w, idx, g]);
    });
  });

  it('einsum matches the explicit sum', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const a = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      const b = tf.tensor([1, 0, 2, 1, -1, 3], [3, 2]);
      const c = tf.einsum('ij,jk->ik', a, b);
      // [[1+4-3, 0+2+9], [4+10-6, 0+5+18]]
      expect(values(c)).toEqual([2, 11, 8, 23]);
      tf.dispose([a, b, c]);
    });
  });

  it('conv2d and depthwise gradients (Conv2DBackpropFilter, DepthwiseConv2dNativeBackprop*) agree with finite differences', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const x = tf.tensor4d([0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, 0.8, -0.9, 1.0, 0.2, -0.3, 0.5, 0.1, 0.0, -0.4, 0.9, 0.3], [1, 3, 3, 2]);
      const f = tf.tensor4d([0.5, -0.1, 0.2, 0.3, -0.4, 0.6, 0.1, 0.2, 0.7, -0.3, 0.4, 0.8, -0.2, 0.5, 0.3, 0.1], [2, 2, 2, 2]);
      const conv = (xx: Tensor, ff: Tensor): Tensor => tf.sum(tf.square(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 1, 'valid')));
      const dconv = (xx: Tensor, ff: Tensor): Tensor =>
        tf.sum(tf.square(tf.depthwiseConv2d(xx as tf.Tensor4D, ff.slice([0, 0, 0, 0], [2, 2, 2, 1]) as tf.Tensor4D, 1, 'valid')));
      for (const loss of [conv, dconv]) {
        const [gx, gf] = tf.grads((xx: Tensor, ff: Tensor) => loss(xx, ff))([x, f]) as [Tensor, Tensor];
        expectClose(gx, numeric((v) => loss(v, f), x), { rtol: 1e-2, atol: 1e-3 }, 'd/dx');
        expectClose(gf, numeric((v) => loss(x, v), f), { rtol: 1e-2, atol: 1e-3 }, 'd/dfilter');
        tf.dispose([gx, gf]);
      }
      tf.dispose([x, f]);
    });
  });

  it('complex tensors: fft of a real signal matches the DFT sum, through Complex/FFT/Real/Imag', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const sig = [1, 2, 0, -1, 3];
      const n = sig.length;
      const re = tf.tensor(sig);
      const im = tf.zeros([n]);
      const c = tf.complex(re, im);
      const spec = tf.spectral.fft(c);
      const sr = tf.real(spec);
      const si = tf.imag(spec);
      const mag = tf.abs(spec); // ComplexAbs
      const er: number[] = [];
      const ei: number[] = [];
      for (let k = 0; k < n; k++) {
        let a = 0;
        let b = 0;
        for (let t = 0; t < n; t++) {
          a += (sig[t] as number) * Math.cos((2 * Math.PI * k * t) / n);
          b -= (sig[t] as number) * Math.sin((2 * Math.PI * k * t) / n);
        }
        er.push(a);
        ei.push(b);
      }
      expectClose(sr, er, { rtol: 1e-5, atol: 1e-5 }, 'real');
      expectClose(si, ei, { rtol: 1e-5, atol: 1e-5 }, 'imag');
      expectClose(mag, er.map((a, i) => Math.hypot(a, ei[i] as number)), { rtol: 1e-5, atol: 1e-5 }, 'abs');
      // and back: ifft(fft(x)) = x
      const back = tf.spectral.ifft(spec);
      const br = tf.real(back);
      expectClose(br, sig, { rtol: 1e-5, atol: 1e-5 }, 'ifft');
      tf.dispose([re, im, c, spec, sr, si, mag, back, br]);
    });
  });

  it('multiple int32 outputs (RaggedRange) and strings (StaticRegexReplace)', () => {
    expectNoLeaksAnywhere(['wasm', 'cpu'], () => {
      const starts = tf.tensor([0, 5], undefined, 'int32');
      const limits = tf.tensor([3, 7], undefined, 'int32');
      const deltas = tf.tensor([1, 1], undefined, 'int32');
      const { rtNestedSplits, rtDenseValues } = tf.raggedRange(starts, limits, deltas) as Record<string, Tensor>;
      if (rtNestedSplits === undefined || rtDenseValues === undefined) throw new Error('raggedRange: missing outputs');
      expect(rtNestedSplits.dtype).toBe('int32');
      expect(values(rtNestedSplits)).toEqual([0, 3, 5]);
      expect(values(rtDenseValues)).toEqual([0, 1, 2, 5, 6]);
      const s = tf.tensor(['pyro', 'numpyro']);
      const r = tf.string.staticRegexReplace(s, 'pyro', 'PYRO');
      expect(r.dataSync()).toEqual(['PYRO', 'numPYRO']);
      tf.dispose([starts, limits, deltas, rtNestedSplits, rtDenseValues, s, r]);
    });
  });
});

describe('installCpuFallback is generic', () => {
  // A backend with no kernels of its own: every op goes through the fallback.
  beforeAll(async () => {
    tf.registerBackend('bare', () => new MathBackendCPU());
    expect(installCpuFallback('bare').length).toBe(tf.getKernelsForBackend('cpu').length);
    await tf.setBackend('bare');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('bool and int32 dtypes, multi-output kernels and gradients', () => {
    expectNoLeaksAnywhere(['bare', 'cpu'], () => {
      expect(tf.getBackend()).toBe('bare');
      const x = tf.tensor([3, -1, 4, 1, -5]);
      const pos = tf.greater(x, 0);
      expect(pos.dtype).toBe('bool');
      expect(values(pos)).toEqual([1, 0, 1, 1, 0]);
      const { values: top, indices } = tf.topk(x, 2);
      expect(values(top)).toEqual([4, 3]);
      expect(indices.dtype).toBe('int32');
      expect(values(indices)).toEqual([2, 0]);
      const am = tf.argMax(x);
      expect(values(am)).toEqual([2]);
      // d/dx sum(where(x > 0, x^2, 3x)) = where(x > 0, 2x, 3)
      const g = tf.grad((v: Tensor) => tf.sum(tf.where(pos, tf.square(v), tf.mul(3, v))))(x);
      expect(values(g)).toEqual([6, 3, 8, 2, 3]);
      // variadic inputs (an array, not a named map)
      const cat = tf.tidy(() => tf.concat([x, tf.cast(indices, 'float32')]));
      expect(values(cat)).toEqual([3, -1, 4, 1, -5, 2, 0]);
      tf.dispose([x, pos, top, indices, am, g, cat]);
    });
  });

  it('says so when the target cannot read its data synchronously', () => {
    class NoSyncRead extends MathBackendCPU {
      override readSync(): never {
        throw new Error('data lives on the device');
      }
    }
    tf.registerBackend('no-sync', () => new NoSyncRead());
    installCpuFallback('no-sync');
    const b = tf.findBackend('no-sync') as KernelBackend;
    const dataId = b.write(new Float32Array([1, 2]), [2], 'float32');
    const kernel = tf.getKernel('Exp', 'no-sync')!;
    expect(() => kernel.kernelFunc({ inputs: { x: { dataId, shape: [2], dtype: 'float32' } }, backend: b })).toThrow(
      /cpu fallback for kernel 'Exp' on backend 'no-sync': cannot read its float32 input synchronously \(data lives on the device\)/,
    );
    b.disposeData(dataId);
    expect(b.numDataIds()).toBe(0);
    expect((tf.findBackend('cpu') as KernelBackend).numDataIds()).toBe(0);
  });
});

/** Central differences of the scalar `f` at `x` (float32, step 1e-2). */
function numeric(f: (x: Tensor) => Tensor, x: Tensor): number[] {
  const base = Array.from(x.dataSync());
  return base.map((_, i) => {
    const at = (h: number): number =>
      tf.tidy(() => {
        const v = base.slice();
        v[i] = (v[i] as number) + h;
        return f(tf.tensor(v, x.shape)).dataSync()[0] as number;
      });
    return (at(1e-2) - at(-1e-2)) / 2e-2;
  });
}
