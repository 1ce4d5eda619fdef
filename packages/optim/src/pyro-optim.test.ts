// PyroOptim's own behaviour: per-parameter options and clipping, lazily
// appearing parameters, argument checks, memory. Expected values are closed
// forms of one SGD/Adam step, derived by hand in the comments.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { Variable } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Adam, AdamParamOptimizer, ClippedAdam, ExponentialLR, PyroOptim, SGD } from './index.js';

beforeAll(useCpuForTests);

function v(values: number[], shape?: number[]): Variable {
  const t = tf.tensor(values, shape);
  const out = tf.variable(t);
  t.dispose();
  return out;
}

describe('per-parameter options', () => {
  it("AIR's split: baselines at lr 0.1, the rest at 1e-4 (x1 = x0 − lr·g)", () => {
    expectNoLeaks(() => {
      const opt = new SGD((name: string) => (name.startsWith('baseline') ? { lr: 0.1 } : { lr: 1e-4 }));
      const b = v([1, 2]);
      const w = v([1, 2]);
      const g = tf.tensor([1, -3]);
      opt.step({ 'baseline.bl_w': b, 'encoder.w': w }, { 'baseline.bl_w': g, 'encoder.w': g });
      expectClose(b, [1 - 0.1, 2 + 0.3], { rtol: 1e-7 });
      expectClose(w, [1 - 1e-4, 2 + 3e-4], { rtol: 1e-7 });
      expect(opt.getLr('baseline.bl_w')).toBe(0.1);
      expect(opt.getLr('encoder.w')).toBe(1e-4);
      tf.dispose([b, w, g]);
      opt.dispose();
    });
  });

  it("passes Pyro's names: one argument → normalized ('$$$' → '.'), two → (module, param)", () => {
    const seen: string[][] = [];
    const one = new SGD((name: string) => (seen.push([name]), { lr: 1 }));
    const two = new SGD((module: string, param: string) => (seen.push([module, param]), { lr: 1 }));
    one.optimArgsFor('enc$$$fc.weight');
    two.optimArgsFor('enc$$$fc.weight');
    two.optimArgsFor('loc');
    expect(seen).toEqual([['enc.fc.weight'], ['enc', 'fc.weight'], ['loc', 'loc']]);
  });

  it('a per-parameter function must return an object', () => {
    const opt = new SGD((() => 3) as never);
    expect(() => opt.optimArgsFor('x')).toThrow(/options object/);
  });
});

describe('clipArgs', () => {
  it('clipValue clamps each element before the step', () => {
    expectNoLeaks(() => {
      const opt = new SGD({ lr: 1 }, { clipValue: 0.5 });
      const x = v([0, 0, 0]);
      const g = tf.tensor([2, -0.25, -7]);
      opt.step({ x }, { x: g });
      expectClose(x, [-0.5, 0.25, 0.5], { rtol: 0, atol: 0 });
      expectClose(g, [2, -0.25, -7], { rtol: 0, atol: 0 }); // the caller's gradient is untouched
      tf.dispose([x, g]);
      opt.dispose();
    });
  });

  it('clipNorm rescales by clipNorm / (‖g‖ + 1e-6) when that is below 1', () => {
    expectNoLeaks(() => {
      const opt = new SGD({ lr: 1 }, { clipNorm: 1 });
      const x = v([0, 0]);
      const y = v([0, 0]);
      const g = tf.tensor([3, 4]); // ‖g‖ = 5
      const h = tf.tensor([0.3, 0.4]); // ‖h‖ = 0.5: unchanged
      opt.step({ x, y }, { x: g, y: h });
      const c = 1 / (5 + 1e-6);
      expectClose(x, [-3 * c, -4 * c], { rtol: 1e-6 });
      expectClose(y, [-0.3, -0.4], { rtol: 1e-7 });
      tf.dispose([x, y, g, h]);
      opt.dispose();
    });
  });

  it('per-parameter clip args and unknown keys', () => {
    expectNoLeaks(() => {
      const opt = new SGD({ lr: 1 }, (name: string) => (name === 'a' ? { clipValue: 0.1 } : {}));
      const a = v([0]);
      const b = v([0]);
      const g = tf.tensor([1]);
      opt.step({ a, b }, { a: g, b: g });
      expectClose(a, [-0.1], { rtol: 1e-7 });
      expectClose(b, [-1], { rtol: 0 });
      tf.dispose([a, b, g]);
      opt.dispose();
    });
    expect(() => new SGD({ lr: 1 }, { clip_norm: 1 } as never)).toThrow(/unknown key 'clip_norm'/);
  });
});

describe('lazily appearing parameters', () => {
  it('a parameter first stepped at step 5 gets fresh state (Adam bias correction from its own step 1)', () => {
    expectNoLeaks(() => {
      const opt = new Adam({ lr: 0.1 });
      const fresh = new Adam({ lr: 0.1 });
      const a = v([0, 0]);
      const late = v([1, -1]);
      const twin = v([1, -1]);
      const gs = [0.5, -2, 1.5, 0.25, -1, 3, 0.1, -0.7].map((s) => tf.tensor([s, -s]));
      gs.forEach((g, i) => {
        if (i < 4) opt.step({ a }, { a: g });
        else {
          opt.step({ a, late }, { a: g, late: g });
          fresh.step({ twin }, { twin: g });
        }
        if (i === 4) {
          // Adam's first step is −lr·g/(|g| + eps) = −lr·sign(g) up to eps: g = (−1, 1)
          expectClose(late, [1.1, -1.1], { rtol: 1e-6 });
        }
      });
      expect(opt.getOptimizer('late')!.stepCount).toBe(4);
      expect(opt.getOptimizer('a')!.stepCount).toBe(8);
      expect(Array.from(late.dataSync())).toEqual(Array.from(twin.dataSync()));
      expect(opt.paramNames).toEqual(['a', 'late']);
      tf.dispose([a, late, twin, ...gs]);
      opt.dispose();
      fresh.dispose();
    });
  });

  it('parameters without a gradient are skipped; ClippedAdam still decays their lr as Pyro does', () => {
    expectNoLeaks(() => {
      const opt = new ClippedAdam({ lr: 1, lrd: 0.5 });
      const a = v([1]);
      const b = v([1]);
      const g = tf.tensor([1]);
      opt.step({ a, b }, { a: g });
      expectClose(b, [1], { rtol: 0, atol: 0 });
      expect(opt.getOptimizer('b')!.stepCount).toBe(0);
      expect(opt.getLr('b')).toBe(0.5);
      expect(opt.numSlots).toBe(2);
      tf.dispose([a, b, g]);
      opt.dispose();
    });
  });

  it('accepts Maps as well as records', () => {
    expectNoLeaks(() => {
      const opt = new SGD({ lr: 0.5 });
      const x = v([1]);
      const g = tf.tensor([1]);
      opt.step(new Map([['x', x]]), new Map([['x', g]]));
      expectClose(x, [0.5], { rtol: 0 });
      tf.dispose([x, g]);
      opt.dispose();
    });
  });
});

describe('argument checks', () => {
  it('rejects what torch rejects', () => {
    expect(() => new SGD({} as never)).toThrow(/required option 'lr'/);
    expect(() => new SGD({ lr: 0.1, nesterov: true })).toThrow(/Nesterov/);
    expect(() => new Adam({ lr: -1 })).toThrow(/learning rate/);
    expect(() => new Adam({ betas: [1.0, 0.9] })).toThrow(/beta parameter at index 0/);
    expect(() => new Adam({ learningRate: 0.1 } as never)).toThrow(/unknown option 'learningRate'/);
    expect(() => new Adam({ lr: 0.1, foreach: false } as never)).not.toThrow();
  });

  it('rejects gradients for unknown names and of the wrong shape', () => {
    expectNoLeaks(() => {
      const opt = new Adam();
      const x = v([1, 2]);
      const g = tf.tensor([1, 2, 3]);
      expect(() => opt.step({ x }, { y: g })).toThrow(/'y'/);
      expect(() => opt.step({ x }, { x: g })).toThrow(/shape/);
      expect(() => opt.step({ g: g as never }, { g })).toThrow(/tf.Variable/);
      tf.dispose([x, g]);
      opt.dispose();
    });
  });

  it('ExponentialLR takes scheduler steps with step() and optimizer steps with step(params, grads)', () => {
    expectNoLeaks(() => {
      const s = new ExponentialLR({ optimizer: Adam, optimArgs: { lr: 0.01 }, gamma: 0.1 });
      const x = v([1]);
      expect(() => s.step({ x } as never)).toThrow(/needs \(params, grads\)/);
      x.dispose();
      s.dispose();
    });
  });

  it('a custom single-parameter optimizer plugs into PyroOptim', () => {
    expectNoLeaks(() => {
      const opt = new PyroOptim(AdamParamOptimizer, { lr: 0.1 });
      const x = v([0]);
      const g = tf.tensor([2]);
      opt.step({ x }, { x: g });
      expectClose(x, [-0.1], { rtol: 1e-6 });
      tf.dispose([x, g]);
      opt.dispose();
    });
  });
});

describe('memory', () => {
  it('10,000 steps of a scheduled, clipped Adam over two parameters leave no tensors behind', () => {
    const a = v([0.5, -0.5, 2]);
    const b = v([1, 2, 3, 4], [2, 2]);
    const before = tf.memory().numTensors;
    const opt = new ExponentialLR(
      { optimizer: Adam, optimArgs: (name: string) => ({ lr: name === 'a' ? 0.01 : 0.001 }), gamma: 0.9999 },
      (name: string) => (name === 'a' ? { clipNorm: 1 } : {}),
    );
    expectNoLeaks(() => {
      for (let i = 0; i < 10000; i++) {
        // gradient of Σa² + Σb²
        const grads = tf.tidy(() => ({ a: tf.mul(a, 2), b: tf.mul(b, 2) }));
        opt.step({ a, b }, grads);
        tf.dispose([grads.a, grads.b]);
        opt.step();
        // two slots per parameter, created on the first step and reused afterwards
        if (i === 0) expect(tf.memory().numTensors).toBe(before + 4);
      }
      expect(opt.numSlots).toBe(4);
      expect(opt.getLr('a')).toBeCloseTo(0.01 * 0.9999 ** 10000, 12);
      opt.dispose();
    });
    expect(tf.memory().numTensors).toBe(before);
    // the quadratic was minimized
    expect(Math.max(...Array.from(a.dataSync()).map(Math.abs))).toBeLessThan(0.05);
    tf.dispose([a, b]);
  });
});
