// getState / setState / save / load: training resumed from a saved state
// continues bit for bit like uninterrupted training, for every optimizer and
// for scheduled optimizers.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { Variable } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import {
  Adadelta,
  Adagrad,
  AdagradRMSProp,
  Adam,
  AdamW,
  Adamax,
  ClippedAdam,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  MultiStepLR,
  OneCycleLR,
  RMSprop,
  ReduceLROnPlateau,
  SGD,
  StepLR,
  decodeState,
} from './index.js';
import type { OptimizerStateDict, PyroOptim, ScheduledStateDict } from './index.js';

beforeAll(useCpuForTests);

interface Setting {
  name: string;
  make: () => PyroOptim;
  /** scheduler steps: none, plain `step()`, or `step(metric)` */
  sched?: 'plain' | 'metric';
  /** optimizer steps before saving */
  split?: number;
}

const settings: Setting[] = [
  { name: 'Adam amsgrad + clipNorm', make: () => new Adam({ lr: 0.05, amsgrad: true, weightDecay: 0.01 }, { clipNorm: 0.7 }) },
  { name: 'AdamW', make: () => new AdamW({ lr: 0.05 }) },
  { name: 'Adamax', make: () => new Adamax({ lr: 0.05 }) },
  { name: 'ClippedAdam (lr decays every step)', make: () => new ClippedAdam({ lr: 0.05, lrd: 0.9, clipNorm: 0.5 }) },
  { name: 'SGD nesterov', make: () => new SGD({ lr: 0.05, momentum: 0.9, nesterov: true }) },
  { name: 'Adagrad', make: () => new Adagrad({ lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 }) },
  { name: 'RMSprop centered + momentum', make: () => new RMSprop({ lr: 0.01, centered: true, momentum: 0.5 }) },
  { name: 'Adadelta', make: () => new Adadelta({ rho: 0.95 }) },
  { name: 'AdagradRMSProp', make: () => new AdagradRMSProp({ eta: 0.2 }) },
  { name: 'ExponentialLR(Adam)', make: () => new ExponentialLR({ optimizer: Adam, optimArgs: { lr: 0.05 }, gamma: 0.9 }), sched: 'plain' },
  { name: 'StepLR(SGD)', make: () => new StepLR({ optimizer: SGD, optimArgs: { lr: 0.05, momentum: 0.5 }, stepSize: 4 }), sched: 'plain' },
  { name: 'MultiStepLR(RMSprop)', make: () => new MultiStepLR({ optimizer: RMSprop, optimArgs: { lr: 0.05 }, milestones: [3, 7] }), sched: 'plain' },
  { name: 'CosineAnnealingLR(AdamW)', make: () => new CosineAnnealingLR({ optimizer: AdamW, optimArgs: { lr: 0.05 }, tMax: 5, etaMin: 0.001 }), sched: 'plain' },
  { name: 'LambdaLR(Adagrad)', make: () => new LambdaLR({ optimizer: Adagrad, optimArgs: { lr: 0.05 }, lrLambda: (e) => 0.9 ** e }), sched: 'plain' },
  { name: 'OneCycleLR(SGD, momentum cycled)', make: () => new OneCycleLR({ optimizer: SGD, optimArgs: { lr: 0.05, momentum: 0.9 }, maxLr: 0.1, totalSteps: 12 }), sched: 'plain' },
  { name: 'OneCycleLR(Adam, beta1 cycled)', make: () => new OneCycleLR({ optimizer: Adam, optimArgs: {}, maxLr: 0.1, totalSteps: 12 }), sched: 'plain' },
  { name: 'ReduceLROnPlateau(ClippedAdam)', make: () => new ReduceLROnPlateau({ optimizer: ClippedAdam, optimArgs: { lr: 0.05 }, patience: 1, cooldown: 1 }), sched: 'metric', split: 4 },
  { name: 'ReduceLROnPlateau(Adam) patience 0', make: () => new ReduceLROnPlateau({ optimizer: Adam, optimArgs: { lr: 0.05 }, patience: 0, mode: 'max' }), sched: 'metric', split: 5 },
];

const N = 12;

/** Gradients of a fixed non-convex-ish function, so the metric both improves and stalls. */
function gradsOf(x: Variable, y: Variable): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => ({ x: tf.add(tf.sin(tf.mul(x, 3)), tf.mul(x, 0.3)), y: tf.sub(y, 2) }));
}

function metricOf(x: Variable, step: number): number {
  return tf.tidy(() => tf.sum(tf.cos(x)).dataSync()[0] as number) + (step % 3 === 0 ? 0.5 : 0);
}

interface Snapshot {
  x: number[];
  y: number[];
  lrX: number;
  lrY: number;
}

/** Steps `opt` from step `from` to `to` (exclusive) with y appearing at step 3. */
function train(opt: PyroOptim, s: Setting, x: Variable, y: Variable, from: number, to: number): Snapshot[] {
  const out: Snapshot[] = [];
  for (let i = from; i < to; i++) {
    const g = gradsOf(x, y);
    if (i >= 3) opt.step({ x, y }, g);
    else opt.step({ x }, { x: g.x });
    tf.dispose([g.x, g.y]);
    if (s.sched === 'plain') (opt as ExponentialLR).step();
    else if (s.sched === 'metric') (opt as ReduceLROnPlateau).step(metricOf(x, i));
    out.push({ x: Array.from(x.dataSync()), y: Array.from(y.dataSync()), lrX: opt.getLr('x') ?? NaN, lrY: opt.getLr('y') ?? NaN });
  }
  return out;
}

function variables(xv: number[], yv: number[]): [Variable, Variable] {
  const tx = tf.tensor(xv, [2, 2]);
  const ty = tf.tensor(yv, [3]);
  const out: [Variable, Variable] = [tf.variable(tx), tf.variable(ty)];
  tf.dispose([tx, ty]);
  return out;
}

describe('save → load → continue equals uninterrupted training, bit for bit', () => {
  it.each(settings.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    expectNoLeaks(() => {
      const split = s.split ?? 6;
      const [x, y] = variables([0.3, -1.2, 2.0, 0.7], [0, 1, -1]);
      const opt = s.make();
      train(opt, s, x, y, 0, split);
      const bytes = opt.save();
      const state = opt.getState();
      const xs = Array.from(x.dataSync());
      const ys = Array.from(y.dataSync());
      const uninterrupted = train(opt, s, x, y, split, N);
      opt.dispose();
      tf.dispose([x, y]);

      // resume from bytes in a fresh optimizer
      const [x2, y2] = variables(xs, ys);
      const resumed = s.make();
      resumed.load(bytes);
      const fromBytes = train(resumed, s, x2, y2, split, N);
      resumed.dispose();
      tf.dispose([x2, y2]);
      expect(fromBytes).toEqual(uninterrupted);

      // and from getState() through setState()
      const [x3, y3] = variables(xs, ys);
      const resumed2 = s.make();
      resumed2.setState(state);
      const fromState = train(resumed2, s, x3, y3, split, N);
      resumed2.dispose();
      tf.dispose([x3, y3]);
      expect(fromState).toEqual(uninterrupted);

      // a fresh optimizer without the state does differ (the check can fail)
      if (split > 0) {
        const [x4, y4] = variables(xs, ys);
        const fresh = s.make();
        const fromScratch = train(fresh, s, x4, y4, split, N);
        fresh.dispose();
        tf.dispose([x4, y4]);
        expect(fromScratch).not.toEqual(uninterrupted);
      }
    });
  });
});

describe('state contents and format', () => {
  it('getState holds plain data: options with the current lr, step counts, float32 slots', () => {
    expectNoLeaks(() => {
      const opt = new ClippedAdam({ lr: 0.1, lrd: 0.5 });
      const [x, y] = variables([1, 2, 3, 4], [1, 2, 3]);
      const g = tf.tensor([1, 1, 1, 1], [2, 2]);
      opt.step({ x }, { x: g });
      opt.step({ x }, { x: g });
      const s = opt.getState().x as OptimizerStateDict;
      expect(s.type).toBe('ClippedAdam');
      expect(s.step).toBe(2);
      expect(s.group.lr).toBe(0.1 * 0.5 * 0.5);
      expect(Object.keys(s.slots).sort()).toEqual(['exp_avg', 'exp_avg_sq']);
      expect(s.slots.exp_avg!.shape).toEqual([2, 2]);
      expect(s.slots.exp_avg!.data).toBeInstanceOf(Float32Array);
      // m after two steps of g = 1: 0.1 + 0.9·0.1 = 0.19 (float32)
      expect(Array.from(s.slots.exp_avg!.data)).toEqual(new Array(4).fill(Math.fround(Math.fround(0.1 * 0.9) + 0.1)));
      tf.dispose([x, y, g]);
      opt.dispose();
    });
  });

  it('a state for a parameter not seen yet waits until it appears (Pyro semantics)', () => {
    expectNoLeaks(() => {
      const a = new Adam({ lr: 0.1 });
      const [x, y] = variables([1, 2, 3, 4], [1, 2, 3]);
      const g = tf.tensor([1, -1, 2], [3]);
      a.step({ y }, { y: g });
      const saved = a.save();
      const b = new Adam({ lr: 0.5 });
      b.load(saved);
      expect(b.paramNames).toEqual([]);
      expect(b.getState().y).toBeDefined(); // still reported while pending
      b.step({ y }, { y: g });
      expect(b.getOptimizer('y')!.stepCount).toBe(2);
      expect(b.getLr('y')).toBe(0.1); // the saved options replace the constructor's, as torch's load_state_dict
      tf.dispose([x, y, g]);
      a.dispose();
      b.dispose();
    });
  });

  it('a scheduled state records the scheduler and the optimizer as Pyro does', () => {
    expectNoLeaks(() => {
      const s = new ReduceLROnPlateau({ optimizer: Adam, optimArgs: { lr: 0.1 } });
      const [x, y] = variables([1, 2, 3, 4], [1, 2, 3]);
      const g = tf.ones([2, 2]);
      s.step({ x }, { x: g });
      const st = decodeState(s.save()).x as ScheduledStateDict;
      expect(st.scheduler.type).toBe('ReduceLROnPlateau');
      expect(st.scheduler.best).toBe(Infinity);
      expect(st.optimizer.type).toBe('Adam');
      // the infinite `best` survives the bytes: 1e300 improves on it, then 10 bad
      // epochs are not more than the patience (a finite best would count 11)
      const t = new ReduceLROnPlateau({ optimizer: Adam, optimArgs: { lr: 0.1 } });
      t.load(s.save());
      const x2 = tf.variable(x);
      t.step({ x: x2 }, { x: g });
      for (const sch of [s, t]) {
        sch.step(1e300);
        for (let i = 0; i < 10; i++) sch.step(2e300);
      }
      expect(t.getLr('x')).toBe(s.getLr('x'));
      expect(t.getLr('x')).toBe(0.1);
      x2.dispose();
      t.dispose();
      const plain = new Adam();
      plain.setState(s.getState());
      expect(() => plain.step({ x }, { x: g })).toThrow(/has a scheduler/);
      plain.dispose();
      tf.dispose([x, y, g]);
      s.dispose();
    });
  });

  it('documents its byte layout: magic, version, header length, JSON, float32 data', () => {
    expectNoLeaks(() => {
      const opt = new SGD({ lr: 0.1, momentum: 0.9 });
      const [x, y] = variables([1, 2, 3, 4], [1, 2, 3]);
      const g = tf.tensor([0.5, 0.25, -1, 2], [2, 2]);
      opt.step({ x }, { x: g });
      const bytes = opt.save();
      expect(String.fromCharCode(...bytes.subarray(0, 8))).toBe('PYTOPTIM');
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      expect(view.getUint32(8, true)).toBe(1);
      const n = view.getUint32(12, true);
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + n)));
      expect(header.x.slots.momentum_buffer).toEqual({ shape: [2, 2], data: { $f32: [0, 4] } });
      const dataStart = (16 + n + 3) & ~3;
      expect(bytes.length).toBe(dataStart + 16);
      const buf = [0, 1, 2, 3].map((i) => view.getFloat32(dataStart + 4 * i, true));
      expect(buf).toEqual([0.5, 0.25, -1, 2]); // the first momentum buffer is the gradient itself
      const bad = bytes.slice();
      bad[0] = 0;
      expect(() => opt.load(bad)).toThrow(/magic/);
      expect(() => new Adam().load(bytes)).not.toThrow(); // pending until 'x' appears
      const wrong = new Adam();
      wrong.load(bytes);
      expect(() => wrong.step({ x }, { x: g })).toThrow(/cannot load the state of a SGD/);
      wrong.dispose();
      tf.dispose([x, y, g]);
      opt.dispose();
    });
  });

  it('dispose frees every slot variable', () => {
    const [x, y] = variables([1, 2, 3, 4], [1, 2, 3]);
    const g = tf.ones([2, 2]);
    const h = tf.ones([3]);
    const before = tf.memory().numTensors;
    const opt = new Adam({ amsgrad: true });
    opt.step({ x, y }, { x: g, y: h });
    expect(tf.memory().numTensors).toBe(before + 6);
    expect(opt.numSlots).toBe(6);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(opt.numSlots).toBe(0);
    tf.dispose([x, y, g, h]);
  });
});
