// Rebuilds every case of ../shared/conformance/optim.json (Pyro 1.8.6 /
// torch 1.13, float64) with this package in float32: the optimizer from its
// Pyro constructor text, then 10 steps on the quadratic 0.5·Σ A(x−C)²
// (gradients from tf.variableGrads) or with the given gradient sequence,
// comparing the whole trajectory, the losses and the learning rates.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { compareClose, expectNoLeaks, flatten, loadConformance, useCpuForTests } from '@pyro-ts/tensor/testing';
import type { Nested } from '@pyro-ts/tensor/testing';
import * as optim from './index.js';
import type { PyroOptim } from './index.js';

beforeAll(useCpuForTests);

interface OptimCase {
  id: string;
  kind: string;
  optimizer: string;
  x0: Nested;
  steps: number;
  trajectory: Nested[];
  grads: Nested[];
  objective: { A: number[]; C: number[] } | null;
  losses_before_step?: number[];
  scheduler?: boolean;
  lr_after_each_scheduler_step?: number[];
  protocol?: string;
  [key: string]: unknown;
}

// float32 arithmetic over 10 steps: the file passes at rtol 1e-6 / atol 1e-7;
// 1e-5 leaves room for other float32 rounding orders. The
// absolute floor covers entries that cross zero (e.g. 2.5e-11 vs 0 where
// float32 rounds 2 + 1e-10 to 2).
const TRAJ_TOL = { rtol: 1e-5, atol: 1e-6 };
// Learning rates are JS doubles computed as torch computes its Python floats.
const LR_TOL = { rtol: 1e-12, atol: 0 };

const cases = loadConformance<OptimCase>('optim.json');

// ---- Pyro constructor text -> this package's constructor --------------------

function snakeToCamel(key: string): string {
  const parts = key.split('_').filter((p) => p.length > 0);
  const head = (parts[0] ?? '').replace(/^./, (c) => c.toLowerCase());
  return head + parts.slice(1).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** Splits `s` at commas outside brackets and strings. */
function splitTopLevel(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

/** A simple Python lambda (`lambda e: 0.95 ** e`) as a JS function. */
function pythonLambda(src: string): (x: number) => number {
  const m = /^lambda\s+(\w+)\s*:(.*)$/s.exec(src.trim());
  if (m === null) throw new Error(`cannot translate ${src}`);
  const body = (m[2] as string).replace(/math\.pi/g, 'Math.PI').replace(/math\.(\w+)/g, 'Math.$1').replace(/\bmin\(/g, 'Math.min(').replace(/\bmax\(/g, 'Math.max(');
  return new Function(m[1] as string, `return (${body});`) as (x: number) => number;
}

/** Evaluates a Python literal (dicts, lists, tuples, numbers, strings, booleans, lambdas, torch.optim.X). */
function pyLiteral(src: string): unknown {
  const s = src.trim();
  if (s.startsWith('{')) {
    const out: Record<string, unknown> = {};
    for (const item of splitTopLevel(s.slice(1, -1))) {
      const colon = item.indexOf(':');
      const key = pyLiteral(item.slice(0, colon)) as string;
      out[snakeToCamel(key)] = pyLiteral(item.slice(colon + 1));
    }
    return out;
  }
  if (s.startsWith('[') || s.startsWith('(')) return splitTopLevel(s.slice(1, -1)).map(pyLiteral);
  if (s.startsWith("'") || s.startsWith('"')) return s.slice(1, -1);
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (s === 'None') return null;
  if (s.startsWith('lambda')) return pythonLambda(s);
  const dotted = /^(?:torch\.optim|pyro\.optim)(?:\.\w+)*\.(\w+)$/.exec(s);
  if (dotted !== null) return lookup(dotted[1] as string);
  const n = Number(s);
  if (!Number.isNaN(n) || s === 'nan') return n;
  if (s === 'float("inf")' || s === "float('inf')") return Infinity;
  throw new Error(`cannot evaluate Python literal ${s}`);
}

function lookup(name: string): unknown {
  const v = (optim as Record<string, unknown>)[name];
  if (v === undefined) throw new Error(`no optimizer or scheduler named ${name} in @pyro-ts/optim`);
  return v;
}

/** `pyro.optim.Name(args..., clip_args=...)` -> an instance. */
function buildOptimizer(text: string): PyroOptim {
  const m = /^pyro\.optim\.(\w+)\((.*)\)$/s.exec(text.trim());
  if (m === null) throw new Error(`cannot parse optimizer ${text}`);
  const Ctor = lookup(m[1] as string) as new (...args: unknown[]) => PyroOptim;
  const positional: unknown[] = [];
  let clipArgs: unknown;
  for (const arg of splitTopLevel(m[2] as string)) {
    const kw = /^(\w+)\s*=(?!=)(.*)$/s.exec(arg);
    if (kw !== null) {
      if (kw[1] === 'clip_args') clipArgs = pyLiteral(kw[2] as string);
      else if (kw[1] === 'optim_args') positional[0] = pyLiteral(kw[2] as string);
      else throw new Error(`unknown keyword ${kw[1]} in ${text}`);
    } else {
      positional.push(pyLiteral(arg));
    }
  }
  if (clipArgs !== undefined) positional[1] = clipArgs;
  return new Ctor(...positional);
}

// ---- the cases ----------------------------------------------------------------

function shapeOf(x: Nested): number[] {
  const shape: number[] = [];
  let v: Nested = x;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0] as Nested;
  }
  return shape;
}

function runCase(c: OptimCase): void {
  const opt = buildOptimizer(c.optimizer);
  const x0 = flatten(c.x0);
  const shape = shapeOf(c.x0);
  const init = tf.tensor(x0, shape, 'float32');
  const x = tf.variable(init);
  init.dispose();
  const A = c.objective ? tf.tensor(flatten(c.objective.A as Nested), shape) : null;
  const C = c.objective ? tf.tensor(flatten(c.objective.C as Nested), shape) : null;
  const isPlateau = opt instanceof optim.ReduceLROnPlateau;
  const lrs: number[] = [];
  try {
    for (let i = 0; i < c.steps; i++) {
      let grad: Tensor;
      let loss = NaN;
      if (A !== null && C !== null) {
        const { value, grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.mul(A, tf.square(tf.sub(x, C))))) as tf.Scalar, [x]);
        loss = value.dataSync()[0] as number;
        value.dispose();
        grad = grads[x.name] as Tensor;
      } else {
        grad = tf.tensor(flatten(c.grads[i] as Nested), shape, 'float32');
      }
      if (c.losses_before_step !== undefined) {
        const msg = compareClose([loss], [c.losses_before_step[i] as number], TRAJ_TOL);
        if (msg !== null) throw new Error(`${c.id}: loss before step ${i}: ${msg}`);
      }
      opt.step({ x }, { x: grad });
      grad.dispose();
      const msg = compareClose(x.dataSync() as Float32Array, flatten(c.trajectory[i] as Nested), TRAJ_TOL);
      if (msg !== null) throw new Error(`${c.id}: trajectory after step ${i + 1}: ${msg}`);
      if (c.scheduler) {
        const sched = opt as optim.PyroLRScheduler;
        if (isPlateau) sched.step(loss);
        else sched.step();
        lrs.push(opt.getLr('x') as number);
      }
    }
    if (c.lr_after_each_scheduler_step !== undefined) {
      const msg = compareClose(lrs, c.lr_after_each_scheduler_step, LR_TOL);
      if (msg !== null) throw new Error(`${c.id}: learning rates: ${msg}`);
    }
  } finally {
    opt.dispose();
    tf.dispose([x, ...(A ? [A] : []), ...(C ? [C] : [])]);
  }
}

const optimCases = cases.filter((c) => c.kind === 'optim');
const defaultsCases = cases.filter((c) => c.kind === 'defaults');

describe('optim.json', () => {
  it('has cases', () => {
    expect(optimCases.length).toBeGreaterThanOrEqual(33);
  });

  it.each(optimCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectNoLeaks(() => runCase(c));
  });

  if (defaultsCases.length > 0) {
    it.each(defaultsCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      checkDefaultsCase(c);
    });
  }
});

/**
 * A `kind: "defaults"` case: every recorded hyperparameter equals this
 * package's default. The class is the exported optimizer named in the case
 * (the longest name found, so ClippedAdam wins over Adam); the values are in
 * `defaults` (or `values`), else in the case's own remaining fields.
 */
function checkDefaultsCase(c: OptimCase): void {
  const text = JSON.stringify({ ...c, defaults: undefined, values: undefined });
  const names = Object.keys(optim)
    .filter((n) => typeof (optim as Record<string, unknown>)[n] === 'function' && 'ParamOptimizer' in ((optim as Record<string, unknown>)[n] as object))
    .filter((n) => text.includes(n))
    .sort((a, b) => b.length - a.length);
  if (names.length === 0) throw new Error(`${c.id}: cannot tell which optimizer the case is about`);
  const cls = lookup(names[0] as string) as { defaults: Record<string, unknown> };
  const skip = new Set(['id', 'kind', 'description', 'optimizer', 'class', 'note', 'code', 'protocol', 'constructor']);
  const recorded = (c.defaults ?? c.values ?? Object.fromEntries(Object.entries(c).filter(([k]) => !skip.has(k)))) as Record<string, unknown>;
  expect(Object.keys(recorded).length).toBeGreaterThan(0);
  for (const [key, value] of Object.entries(recorded)) {
    const ours = cls.defaults[snakeToCamel(key)];
    expect([key, ours]).toEqual([key, value]);
  }
}

describe('ClippedAdam defaults (Pyro: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, clip_norm 10, lrd 1)', () => {
  it('match Pyro', () => {
    expect(optim.ClippedAdam.defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, clipNorm: 10.0, lrd: 1.0 });
    const o = new optim.ClippedAdamParamOptimizer();
    expect(o.group).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, clipNorm: 10.0, lrd: 1.0 });
    o.dispose();
  });
});

describe('the constructor-text parser used above', () => {
  it('reads clip args, tuples and scheduler args', () => {
    const a = buildOptimizer("pyro.optim.Adam({'lr': 0.1, 'betas': (0.8, 0.9)}, clip_args={'clip_norm': 1.0})");
    expect(a).toBeInstanceOf(optim.Adam);
    expect(a.clipArgsFor('x')).toEqual({ clipNorm: 1.0 });
    expect(a.optimArgsFor('x')).toEqual({ lr: 0.1, betas: [0.8, 0.9] });
    const s = buildOptimizer("pyro.optim.CosineAnnealingLR({'optimizer': torch.optim.SGD, 'optim_args': {'lr': 0.1}, 'T_max': 4})");
    expect(s).toBeInstanceOf(optim.CosineAnnealingLR);
    expect((s as optim.CosineAnnealingLR).schedulerArgs).toEqual({ tMax: 4 });
    const l = buildOptimizer("pyro.optim.LambdaLR({'optimizer': torch.optim.SGD, 'optim_args': {'lr': 0.1}, 'lr_lambda': lambda epoch: 0.5 ** epoch})");
    expect((l as optim.LambdaLR).schedulerArgs.lrLambda).toBeInstanceOf(Function);
    expect(((l as optim.LambdaLR).schedulerArgs.lrLambda as (e: number) => number)(3)).toBe(0.125);
  });
});
