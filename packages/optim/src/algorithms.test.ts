// Optimizer settings that optim.json does not cover, checked against a plain
// float64 JavaScript re-implementation of the update rules as documented by
// torch 1.13 (torch/optim/*.py docstrings) and Pyro (clipped_adam.py,
// adagrad_rmsprop.py, clip_args), written here element by element,
// independently of the tensor code under test.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { compareClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Adadelta, Adagrad, AdagradRMSProp, Adam, AdamW, Adamax, ClippedAdam, RMSprop, SGD } from './index.js';
import type { PyroOptim } from './index.js';

beforeAll(useCpuForTests);

type Opts = Record<string, any>;
type Ref = (x: number[], g: number[], t: number, s: Record<string, number[]>, o: Opts) => void;

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

// ---- float64 references (x updated in place; s holds the state) ----------------

const adamRef = (decoupled: boolean): Ref => (x, g0, t, s, o) => {
  const [b1, b2] = o.betas ?? [0.9, 0.999];
  const lr = o.lr ?? 1e-3;
  const eps = o.eps ?? 1e-8;
  const wd = o.weightDecay ?? (decoupled ? 1e-2 : 0);
  const m = (s.m ??= zeros(x.length));
  const v = (s.v ??= zeros(x.length));
  const vmax = (s.vmax ??= zeros(x.length));
  for (let i = 0; i < x.length; i++) {
    let g = o.maximize ? -g0[i]! : g0[i]!;
    if (decoupled) x[i] = x[i]! * (1 - lr * wd);
    else g += wd * x[i]!;
    m[i] = b1 * m[i]! + (1 - b1) * g;
    v[i] = b2 * v[i]! + (1 - b2) * g * g;
    vmax[i] = Math.max(vmax[i]!, v[i]!);
    const vhat = o.amsgrad ? vmax[i]! : v[i]!;
    x[i] = x[i]! - ((lr / (1 - b1 ** t)) * m[i]!) / (Math.sqrt(vhat) / Math.sqrt(1 - b2 ** t) + eps);
  }
};

const adamaxRef: Ref = (x, g0, t, s, o) => {
  const [b1, b2] = o.betas ?? [0.9, 0.999];
  const lr = o.lr ?? 2e-3;
  const m = (s.m ??= zeros(x.length));
  const u = (s.u ??= zeros(x.length));
  for (let i = 0; i < x.length; i++) {
    const g = g0[i]! + (o.weightDecay ?? 0) * x[i]!;
    m[i] = b1 * m[i]! + (1 - b1) * g;
    u[i] = Math.max(b2 * u[i]!, Math.abs(g) + (o.eps ?? 1e-8));
    x[i] = x[i]! - ((lr / (1 - b1 ** t)) * m[i]!) / u[i]!;
  }
};

const clippedAdamRef: Ref = (x, g0, t, s, o) => {
  const [b1, b2] = o.betas ?? [0.9, 0.999];
  s.lr ??= [o.lr ?? 1e-3];
  s.lr[0] = s.lr[0]! * (o.lrd ?? 1);
  const lr = s.lr[0];
  const c = o.clipNorm ?? 10;
  const m = (s.m ??= zeros(x.length));
  const v = (s.v ??= zeros(x.length));
  for (let i = 0; i < x.length; i++) {
    const g = Math.min(Math.max(g0[i]!, -c), c) + (o.weightDecay ?? 0) * x[i]!;
    m[i] = b1 * m[i]! + (1 - b1) * g;
    v[i] = b2 * v[i]! + (1 - b2) * g * g;
    x[i] = x[i]! - ((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (m[i]! / (Math.sqrt(v[i]!) + (o.eps ?? 1e-8)));
  }
};

const sgdRef: Ref = (x, g0, t, s, o) => {
  const mu = o.momentum ?? 0;
  const b = (s.b ??= zeros(x.length));
  for (let i = 0; i < x.length; i++) {
    let d = (o.maximize ? -g0[i]! : g0[i]!) + (o.weightDecay ?? 0) * x[i]!;
    if (mu !== 0) {
      b[i] = t === 1 ? d : mu * b[i]! + (1 - (o.dampening ?? 0)) * d;
      d = o.nesterov ? d + mu * b[i]! : b[i]!;
    }
    x[i] = x[i]! - o.lr * d;
  }
};

const adagradRef: Ref = (x, g0, t, s, o) => {
  const sum = (s.sum ??= new Array<number>(x.length).fill(o.initialAccumulatorValue ?? 0));
  const clr = (o.lr ?? 1e-2) / (1 + (t - 1) * (o.lrDecay ?? 0));
  for (let i = 0; i < x.length; i++) {
    const g = g0[i]! + (o.weightDecay ?? 0) * x[i]!;
    sum[i] = sum[i]! + g * g;
    x[i] = x[i]! - (clr * g) / (Math.sqrt(sum[i]!) + (o.eps ?? 1e-10));
  }
};

const rmspropRef: Ref = (x, g0, _t, s, o) => {
  const a = o.alpha ?? 0.99;
  const sq = (s.sq ??= zeros(x.length));
  const ga = (s.ga ??= zeros(x.length));
  const b = (s.b ??= zeros(x.length));
  for (let i = 0; i < x.length; i++) {
    const g = g0[i]! + (o.weightDecay ?? 0) * x[i]!;
    sq[i] = a * sq[i]! + (1 - a) * g * g;
    ga[i] = a * ga[i]! + (1 - a) * g;
    const avg = Math.sqrt(o.centered ? sq[i]! - ga[i]! * ga[i]! : sq[i]!) + (o.eps ?? 1e-8);
    if ((o.momentum ?? 0) > 0) {
      b[i] = o.momentum * b[i]! + g / avg;
      x[i] = x[i]! - (o.lr ?? 1e-2) * b[i]!;
    } else {
      x[i] = x[i]! - ((o.lr ?? 1e-2) * g) / avg;
    }
  }
};

const adadeltaRef: Ref = (x, g0, _t, s, o) => {
  const rho = o.rho ?? 0.9;
  const eps = o.eps ?? 1e-6;
  const sq = (s.sq ??= zeros(x.length));
  const acc = (s.acc ??= zeros(x.length));
  for (let i = 0; i < x.length; i++) {
    const g = g0[i]! + (o.weightDecay ?? 0) * x[i]!;
    sq[i] = rho * sq[i]! + (1 - rho) * g * g;
    const delta = (Math.sqrt(acc[i]! + eps) / Math.sqrt(sq[i]! + eps)) * g;
    acc[i] = rho * acc[i]! + (1 - rho) * delta * delta;
    x[i] = x[i]! - (o.lr ?? 1) * delta;
  }
};

const adagradRmspropRef: Ref = (x, g0, t, s, o) => {
  const tt = o.t ?? 0.1;
  const sum = (s.sum ??= zeros(x.length));
  const lr = (o.eta ?? 1) * t ** (-0.5 + (o.delta ?? 1e-16));
  for (let i = 0; i < x.length; i++) {
    const g = g0[i]!;
    sum[i] = t === 1 ? g * g : (1 - tt) * sum[i]! + tt * g * g;
    x[i] = x[i]! - (lr * g) / (1 + Math.sqrt(sum[i]!));
  }
};

/** Pyro's clip_args in float64: norm rescaling (coef clamped at 1), then value clamping. */
function clipRef(g: number[], clip: Opts | undefined): number[] {
  if (clip === undefined) return g;
  let out = g.slice();
  if (clip.clipNorm !== undefined) {
    const norm = Math.sqrt(out.reduce((a, b) => a + b * b, 0));
    const coef = Math.min(clip.clipNorm / (norm + 1e-6), 1);
    out = out.map((v) => v * coef);
  }
  if (clip.clipValue !== undefined) out = out.map((v) => Math.min(Math.max(v, -clip.clipValue), clip.clipValue));
  return out;
}

// ---- the settings ---------------------------------------------------------------

interface Setting {
  name: string;
  make: () => PyroOptim;
  ref: Ref;
  opts: Opts;
  clip?: Opts;
}

const S = (name: string, make: (o: Opts, c?: Opts) => PyroOptim, ref: Ref, opts: Opts, clip?: Opts): Setting => ({
  name,
  make: () => make(opts, clip),
  ref,
  opts,
  ...(clip ? { clip } : {}),
});

const settings: Setting[] = [
  S('Adam clipArgs clipNorm 1', (o, c) => new Adam(o, c), adamRef(false), { lr: 0.1 }, { clipNorm: 1.0 }),
  S('Adam clipNorm + clipValue', (o, c) => new Adam(o, c), adamRef(false), { lr: 0.05 }, { clipNorm: 2.0, clipValue: 0.3 }),
  S('Adam maximize', (o) => new Adam(o), adamRef(false), { lr: 0.01, maximize: true }),
  S('Adam amsgrad + weight decay + eps', (o) => new Adam(o), adamRef(false), { lr: 0.02, amsgrad: true, weightDecay: 0.3, eps: 1e-3 }),
  S('AdamW default weight decay', (o) => new AdamW(o), adamRef(true), { lr: 0.1 }),
  S('AdamW amsgrad', (o) => new AdamW(o), adamRef(true), { lr: 0.05, amsgrad: true, weightDecay: 0.5, betas: [0.7, 0.95] }),
  S('Adamax weight decay + betas', (o) => new Adamax(o), adamaxRef, { lr: 0.05, weightDecay: 0.2, betas: [0.5, 0.9] }),
  S('Adamax defaults', (o) => new Adamax(o), adamaxRef, {}),
  S('ClippedAdam defaults', (o) => new ClippedAdam(o), clippedAdamRef, {}),
  S('ClippedAdam tight clip', (o) => new ClippedAdam(o), clippedAdamRef, { lr: 0.3, clipNorm: 0.05, lrd: 0.8 }),
  S('SGD nesterov', (o) => new SGD(o), sgdRef, { lr: 0.05, momentum: 0.9, nesterov: true }),
  S('SGD nesterov + weight decay', (o) => new SGD(o), sgdRef, { lr: 0.02, momentum: 0.5, nesterov: true, weightDecay: 0.3 }),
  S('SGD clipValue', (o, c) => new SGD(o, c), sgdRef, { lr: 0.1 }, { clipValue: 0.25 }),
  S('Adagrad weight decay + eps', (o) => new Adagrad(o), adagradRef, { lr: 0.3, weightDecay: 0.1, eps: 1e-2 }),
  S('Adagrad defaults', (o) => new Adagrad(o), adagradRef, {}),
  S('RMSprop defaults', (o) => new RMSprop(o), rmspropRef, {}),
  S('RMSprop centered, no momentum', (o) => new RMSprop(o), rmspropRef, { lr: 0.01, centered: true, alpha: 0.8 }),
  S('RMSprop momentum + weight decay', (o) => new RMSprop(o), rmspropRef, { lr: 0.02, momentum: 0.7, weightDecay: 0.1 }),
  S('Adadelta weight decay', (o) => new Adadelta(o), adadeltaRef, { lr: 0.7, weightDecay: 0.2 }),
  S('Adadelta defaults', (o) => new Adadelta(o), adadeltaRef, {}),
  S('AdagradRMSProp defaults', (o) => new AdagradRMSProp(o), adagradRmspropRef, {}),
  S('AdagradRMSProp eta, t, delta', (o) => new AdagradRMSProp(o), adagradRmspropRef, { eta: 0.3, t: 0.3, delta: 0.1 }),
];

// Gradients: the quadratic 0.5·Σ A(x−C)² (from the current x) or a fixed
// sequence with sign changes, zeros and one large entry.
const A = [1.0, 4.0, 0.25, 2.0];
const C = [1.0, -2.0, 3.0, 0.5];
const FIXED = [
  [0.5, -1.0, 2.0, 0.0],
  [0.4, -0.8, 1.5, 0.1],
  [0.3, -0.6, -1.0, 0.2],
  [0.2, 0.4, 0.5, -0.3],
  [0.1, 0.2, 20.0, 0.0],
  [0.0, -0.1, 0.3, 0.4],
  [-0.1, 0.0, 0.2, -0.5],
  [-0.2, 0.1, 0.1, 0.6],
  [-0.3, 0.2, 0.0, -0.7],
  [-0.4, 0.3, -0.1, 0.8],
];
const TOL = { rtol: 1e-5, atol: 1e-6 };

function run(setting: Setting, mode: 'quadratic' | 'fixed'): void {
  const opt = setting.make();
  const init = tf.tensor([0.3, -0.2, 0.1, 1.5], [2, 2]);
  const x = tf.variable(init);
  init.dispose();
  const xr = [0.3, -0.2, 0.1, 1.5];
  const state: Record<string, number[]> = {};
  try {
    for (let t = 1; t <= 10; t++) {
      const xs = Array.from(x.dataSync());
      const g32 = mode === 'quadratic' ? xs.map((v, i) => A[i]! * (v - C[i]!)) : FIXED[t - 1]!;
      // the reference sees its own float64 x for the quadratic
      const g64 = mode === 'quadratic' ? xr.map((v, i) => A[i]! * (v - C[i]!)) : FIXED[t - 1]!;
      const grad = tf.tensor(g32, [2, 2]);
      opt.step({ w: x }, { w: grad });
      grad.dispose();
      setting.ref(xr, clipRef(g64, setting.clip), t, state, setting.opts);
      const msg = compareClose(x.dataSync() as Float32Array, xr, TOL);
      if (msg !== null) throw new Error(`${setting.name} (${mode}) after step ${t}: ${msg}`);
    }
  } finally {
    opt.dispose();
    x.dispose();
  }
}

describe('optimizer settings beyond optim.json vs a float64 reference', () => {
  it.each(settings.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    expectNoLeaks(() => {
      run(s, 'quadratic');
      run(s, 'fixed');
    });
  });

  it('the reference would notice a wrong rule (Adam with Adamax reference fails)', () => {
    expectNoLeaks(() => {
      expect(() => run({ name: 'mismatch', make: () => new Adam({ lr: 0.1 }), ref: adamaxRef, opts: { lr: 0.1 } }, 'fixed')).toThrow(/differ/);
    });
  });
});
