// Schedulers optim.json does not cover. Expected learning rates are closed
// forms derived by hand from torch 1.13's documented schedules (stated per
// test); expected trajectories are float64 SGD steps with those rates.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { compareClose, expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Adam, CosineAnnealingLR, ExponentialLR, LambdaLR, MultiStepLR, OneCycleLR, ReduceLROnPlateau, SGD, StepLR } from './index.js';
import type { PyroLRScheduler } from './index.js';

beforeAll(useCpuForTests);

const LR_TOL = { rtol: 1e-12, atol: 1e-15 };

/** Runs `n` SGD-style steps with gradient g = x − 1 on a 2-vector, one scheduler step after each. */
function drive(sched: PyroLRScheduler, n: number, metric?: (i: number) => number): { lrs: number[]; traj: number[][] } {
  const init = tf.tensor([0.0, 3.0]);
  const x = tf.variable(init);
  init.dispose();
  const lrs: number[] = [];
  const traj: number[][] = [];
  try {
    for (let i = 0; i < n; i++) {
      const g = tf.tidy(() => tf.sub(x, 1));
      sched.step({ x }, { x: g });
      g.dispose();
      traj.push(Array.from(x.dataSync()));
      if (metric) sched.step(metric(i));
      else sched.step();
      lrs.push(sched.getLr('x') as number);
    }
  } finally {
    x.dispose();
    sched.dispose();
  }
  return { lrs, traj };
}

/** float64 SGD on g = x − 1 with the learning rate lr0 then lrs[0], lrs[1], ... */
function sgdTrajectory(lr0: number, lrs: number[], n: number): number[][] {
  const x = [0.0, 3.0];
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const lr = i === 0 ? lr0 : (lrs[i - 1] as number);
    for (let j = 0; j < 2; j++) x[j] = x[j]! - lr * (x[j]! - 1);
    out.push(x.slice());
  }
  return out;
}

function expectSeq(actual: number[], expected: number[], what: string): void {
  const msg = compareClose(actual, expected, LR_TOL);
  if (msg !== null) throw new Error(`${what}: ${msg}\n got ${actual.join(', ')}\n exp ${expected.join(', ')}`);
}

describe('CosineAnnealingLR', () => {
  it('follows etaMin + (base − etaMin)(1 + cos(π t / tMax)) / 2, also past tMax', () => {
    expectNoLeaks(() => {
      const base = 0.1;
      const etaMin = 0.01;
      const T = 4;
      const n = 13;
      const { lrs, traj } = drive(new CosineAnnealingLR({ optimizer: SGD, optimArgs: { lr: base }, tMax: T, etaMin }), n);
      const expected = Array.from({ length: n }, (_, i) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * (i + 1)) / T))) / 2);
      expectSeq(lrs, expected, 'lr');
      expectClose(traj.flat(), sgdTrajectory(base, expected, n).flat(), { rtol: 1e-6, atol: 1e-7 }, 'trajectory');
    });
  });
});

describe('LambdaLR', () => {
  it('is base · λ(epoch)', () => {
    expectNoLeaks(() => {
      const n = 8;
      const { lrs, traj } = drive(new LambdaLR({ optimizer: SGD, optimArgs: { lr: 0.2 }, lrLambda: (e) => 1 / (1 + e) }), n);
      const expected = Array.from({ length: n }, (_, i) => 0.2 / (2 + i));
      expectSeq(lrs, expected, 'lr');
      expectClose(traj.flat(), sgdTrajectory(0.2, expected, n).flat(), { rtol: 1e-6, atol: 1e-7 }, 'trajectory');
    });
  });
});

describe('ReduceLROnPlateau', () => {
  it('min/abs with patience 2, cooldown 1, minLr 0.02 (hand-traced)', () => {
    expectNoLeaks(() => {
      // best/bad/cooldown traced by hand from torch's rule: reduce when bad > patience;
      // a bad epoch in cooldown is not counted; the lr never goes below minLr and a
      // change of at most eps is skipped.
      const metrics = [5, 4, 3.95, 3.95, 3.95, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
      const sched = new ReduceLROnPlateau({
        optimizer: SGD,
        optimArgs: { lr: 0.1 },
        factor: 0.5,
        patience: 2,
        threshold: 0.1,
        thresholdMode: 'abs',
        cooldown: 1,
        minLr: 0.02,
      });
      const { lrs } = drive(sched, metrics.length, (i) => metrics[i] as number);
      expectSeq(lrs, [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02], 'lr');
    });
  });

  it('max/rel with patience 0 (hand-traced)', () => {
    expectNoLeaks(() => {
      const metrics = [1, 1.005, 1.02, 1.02];
      const sched = new ReduceLROnPlateau({ optimizer: Adam, optimArgs: { lr: 0.1 }, mode: 'max', patience: 0, threshold: 0.01 });
      const { lrs } = drive(sched, metrics.length, (i) => metrics[i] as number);
      expectSeq(lrs, [0.1, 0.01, 0.01, 0.001], 'lr');
    });
  });

  it('accepts a scalar tensor metric and needs a metric', () => {
    expectNoLeaks(() => {
      const sched = new ReduceLROnPlateau({ optimizer: SGD, optimArgs: { lr: 1 }, patience: 0 });
      const init = tf.tensor([1]);
      const x = tf.variable(init);
      const g = tf.tensor([1]);
      sched.step({ x }, { x: g });
      const m1 = tf.scalar(1);
      const m2 = tf.scalar(2);
      sched.step(m1);
      sched.step(m2);
      expect(sched.getLr('x')).toBeCloseTo(0.1, 15);
      expect(() => sched.step()).toThrow(/metric/);
      tf.dispose([init, x, g, m1, m2]);
      sched.dispose();
    });
  });
});

describe('OneCycleLR', () => {
  const cosAnneal = (a: number, b: number, pct: number): number => a + ((b - a) * (1 - Math.cos(Math.PI * pct))) / 2;

  it('two-phase cosine: lr and SGD momentum (closed form per phase)', () => {
    expectNoLeaks(() => {
      const sched = new OneCycleLR({ optimizer: SGD, optimArgs: { lr: 0.5, momentum: 0.9 }, maxLr: 1.0, totalSteps: 10 });
      const init = tf.tensor([0.0]);
      const x = tf.variable(init);
      const g = tf.tensor([1]);
      sched.step({ x }, { x: g });
      // initial lr = 1/25, min lr = initial / 1e4; phase ends at steps 0.3·10 − 1 = 2 and 9
      const initial = 1 / 25;
      const min = initial / 1e4;
      const lrAt = (e: number): number => (e <= 2 ? cosAnneal(initial, 1, e / 2) : cosAnneal(1, min, (e - 2) / 7));
      const momAt = (e: number): number => (e <= 2 ? cosAnneal(0.95, 0.85, e / 2) : cosAnneal(0.85, 0.95, (e - 2) / 7));
      const opt = sched.getOptimizer('x')!;
      const lrs = [opt.lr as number];
      const moms = [opt.group.momentum as number];
      for (let e = 1; e <= 10; e++) {
        sched.step();
        lrs.push(opt.lr as number);
        moms.push(opt.group.momentum as number);
      }
      const es = Array.from({ length: 11 }, (_, e) => e);
      expectSeq(lrs, es.map(lrAt), 'lr');
      expectSeq(moms, es.map(momAt), 'momentum');
      expect(() => sched.step()).toThrow(/tried to step 11 times/);
      tf.dispose([init, x, g]);
      sched.dispose();
    });
  });

  it('three-phase linear with Adam: lr and betas[0]', () => {
    expectNoLeaks(() => {
      const sched = new OneCycleLR({ optimizer: Adam, optimArgs: {}, maxLr: 0.5, totalSteps: 20, pctStart: 0.25, threePhase: true, annealStrategy: 'linear' });
      const init = tf.tensor([0.0]);
      const x = tf.variable(init);
      const g = tf.tensor([1]);
      sched.step({ x }, { x: g });
      const lin = (a: number, b: number, pct: number): number => a + (b - a) * pct;
      const initial = 0.5 / 25;
      const min = initial / 1e4;
      // phase ends: 0.25·20 − 1 = 4, 2·0.25·20 − 2 = 8, 19
      const lrAt = (e: number): number => (e <= 4 ? lin(initial, 0.5, e / 4) : e <= 8 ? lin(0.5, initial, (e - 4) / 4) : lin(initial, min, (e - 8) / 11));
      const b1At = (e: number): number => (e <= 4 ? lin(0.95, 0.85, e / 4) : e <= 8 ? lin(0.85, 0.95, (e - 4) / 4) : 0.95);
      const opt = sched.getOptimizer('x')!;
      const lrs = [opt.lr as number];
      const b1 = [(opt.group.betas as number[])[0] as number];
      for (let e = 1; e <= 20; e++) {
        sched.step();
        lrs.push(opt.lr as number);
        b1.push((opt.group.betas as number[])[0] as number);
        expect((opt.group.betas as number[])[1]).toBe(0.999);
      }
      const es = Array.from({ length: 21 }, (_, e) => e);
      expectSeq(lrs, es.map(lrAt), 'lr');
      expectSeq(b1, es.map(b1At), 'beta1');
      tf.dispose([init, x, g]);
      sched.dispose();
    });
  });

  it('needs totalSteps or epochs and stepsPerEpoch; an optimizer with momentum when cycling', () => {
    expect(() => new OneCycleLR({ optimizer: SGD, optimArgs: { lr: 0.1 }, maxLr: 1 })).toThrow(/totalSteps/);
    expect(() => new OneCycleLR({ optimizer: SGD, optimArgs: { lr: 0.1 }, maxLr: 1, epochs: 2, stepsPerEpoch: 5 })).not.toThrow();
    expect(() => new OneCycleLR({ optimizer: SGD, optimArgs: { lr: 0.1 }, maxLr: 1, totalSteps: 5, foo: 1 } as never)).toThrow(/unknown option 'foo'/);
  });
});

describe('PyroLRScheduler semantics', () => {
  it('a parameter first seen at step 5 gets its own scheduler starting at epoch 0', () => {
    expectNoLeaks(() => {
      const sched = new ExponentialLR({ optimizer: SGD, optimArgs: { lr: 1.0 }, gamma: 0.5 });
      const ia = tf.tensor([0]);
      const a = tf.variable(ia);
      const b = tf.variable(ia);
      const g = tf.tensor([1]);
      for (let i = 1; i <= 7; i++) {
        const params: Record<string, tf.Variable> = i >= 5 ? { a, b } : { a };
        const grads: Record<string, tf.Tensor> = i >= 5 ? { a: g, b: g } : { a: g };
        sched.step(params, grads);
        sched.step();
      }
      // a: 7 scheduler steps; b: created at step 5, then 3 scheduler steps
      expect(sched.getLr('a')).toBe(0.5 ** 7);
      expect(sched.getLr('b')).toBe(0.5 ** 3);
      // trajectories: x −= lr · 1 with the lr before each step
      expectClose(a, [-(1 + 0.5 + 0.25 + 0.125 + 0.0625 + 0.03125 + 0.015625)], { rtol: 1e-7 });
      expectClose(b, [-(1 + 0.5 + 0.25)], { rtol: 1e-7 });
      expect(sched.getScheduler('b')!.getLastLr()).toEqual([0.125]);
      tf.dispose([ia, a, b, g]);
      sched.dispose();
    });
  });

  it('per-parameter optimArgs inside a scheduler', () => {
    expectNoLeaks(() => {
      const sched = new StepLR({ optimizer: SGD, optimArgs: (name: string) => ({ lr: name.startsWith('baseline') ? 0.1 : 1e-4 }), stepSize: 2, gamma: 0.1 });
      const i0 = tf.tensor([0]);
      const p = tf.variable(i0);
      const q = tf.variable(i0);
      const g = tf.tensor([1]);
      for (let i = 0; i < 2; i++) {
        sched.step({ 'baseline.w': p, 'enc.w': q }, { 'baseline.w': g, 'enc.w': g });
        sched.step();
      }
      expect(sched.getLr('baseline.w')).toBeCloseTo(0.01, 15);
      expect(sched.getLr('enc.w')).toBeCloseTo(1e-5, 18);
      expectClose(p, [-0.2], { rtol: 1e-6 });
      expectClose(q, [-2e-4], { rtol: 1e-6 });
      tf.dispose([i0, p, q, g]);
      sched.dispose();
    });
  });

  it('MultiStepLR counts repeated milestones', () => {
    expectNoLeaks(() => {
      const { lrs } = drive(new MultiStepLR({ optimizer: SGD, optimArgs: { lr: 1 }, milestones: [2, 2, 4], gamma: 0.5 }), 5);
      expectSeq(lrs, [1, 0.25, 0.25, 0.125, 0.125], 'lr');
    });
  });

  it('rejects bad arguments when constructed', () => {
    expect(() => new ExponentialLR({ optimizer: SGD, optimArgs: { lr: 1 } } as never)).toThrow(/gamma/);
    expect(() => new ExponentialLR({ optimizer: {} as never, optimArgs: { lr: 1 }, gamma: 0.5 })).toThrow(/optimizer/);
    expect(() => new ReduceLROnPlateau({ optimizer: SGD, optimArgs: { lr: 1 }, factor: 1.5 })).toThrow(/factor/);
    // torch's verbose flag and the default lastEpoch are accepted
    expect(() => new StepLR({ optimizer: SGD, optimArgs: { lr: 1 }, stepSize: 2, verbose: false, lastEpoch: -1 } as never)).not.toThrow();
    expect(() => new StepLR({ optimizer: SGD, optimArgs: { lr: 1 }, stepSize: 2, lastEpoch: 3 } as never)).toThrow(/lastEpoch/);
  });
});
