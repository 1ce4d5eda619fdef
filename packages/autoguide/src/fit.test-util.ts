// Test helpers: a hand-written Trace_ELBO loop (so that the guides can be
// fitted without @pyro-ts/infer), reading the Howell1 data, and small
// closed forms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Adam, ClippedAdam } from '@pyro-ts/optim';
import { BlockMessenger, replay, trace } from '@pyro-ts/poutine';
import { getParamStore, enableValidation, isValidationEnabled, plate } from '@pyro-ts/primitives';
import { getValidateArgs, setValidateArgs } from '@pyro-ts/distributions';

type Fn = (...args: any[]) => unknown;

/**
 * The Trace_ELBO loss log q(z) - log p(x, z) at a draw z of the guide (a
 * new scalar); with `particles`, the mean over that many draws made at once
 * in an outermost plate at `particleDim` (Pyro's vectorized particles).
 */
export function elboLoss(model: Fn, guide: Fn, args: unknown[], particles?: number, particleDim = -2): Tensor {
  const wrap =
    particles === undefined
      ? (f: Fn): Fn => f
      : (f: Fn): Fn =>
          (...a: unknown[]) =>
            plate('num_particles_vectorized', particles, { dim: particleDim }, () => f(...a));
  const g = trace(wrap(guide)).getTrace(...args);
  const m = trace(replay(wrap(model), g)).getTrace(...args);
  return tf.div(tf.sub(g.logProbSum(), m.logProbSum()), particles ?? 1);
}

export interface FitOptions {
  steps: number;
  lr: number;
  particles?: number;
  /** Draws of each step's ELBO estimate, made at once in an outermost plate at dim -2 (instead of `particles`). */
  vectorizedParticles?: number;
  /** ClippedAdam's lrd: the learning rate decays by this factor per step. */
  lrd?: number;
  /** Keep poutine's and the distributions' validation on while fitting (default: off, twice as fast). */
  validate?: boolean;
}

/**
 * Minimizes the (particle-averaged) negative ELBO with ClippedAdam over
 * every parameter of the default param store (those the first evaluation
 * creates); returns the losses.
 */
export function fit(model: Fn, guide: Fn, args: unknown[], options: FitOptions): number[] {
  const validation = [isValidationEnabled(), getValidateArgs()] as const;
  if (options.validate !== true) {
    enableValidation(false);
    setValidateArgs(false);
  }
  try {
    return fitLoop(model, guide, args, options);
  } finally {
    enableValidation(validation[0]);
    setValidateArgs(validation[1]);
  }
}

function fitLoop(model: Fn, guide: Fn, args: unknown[], options: FitOptions): number[] {
  const particles = options.particles ?? 1;
  new BlockMessenger().run(() => tf.tidy(() => void elboLoss(model, guide, args)));
  const store = getParamStore();
  const names = store.keys();
  const vars = names.map((n) => store.variable(n));
  const optim = options.lrd === undefined ? new Adam({ lr: options.lr }) : new ClippedAdam({ lr: options.lr, lrd: options.lrd });
  const losses: number[] = [];
  for (let s = 0; s < options.steps; s++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        let total: Tensor = tf.scalar(0);
        if (options.vectorizedParticles !== undefined) return elboLoss(model, guide, args, options.vectorizedParticles) as tf.Scalar;
        for (let p = 0; p < particles; p++) total = tf.add(total, elboLoss(model, guide, args));
        return tf.div(total, particles) as tf.Scalar;
      }, vars);
      losses.push(value.dataSync()[0] as number);
      const named: Record<string, tf.Variable> = {};
      const g: Record<string, Tensor> = {};
      names.forEach((n, i) => {
        named[n] = vars[i] as tf.Variable;
        g[n] = grads[(vars[i] as tf.Variable).name] as Tensor;
      });
      optim.step(named, g);
    });
  }
  optim.dispose();
  return losses;
}

/** The Howell1 adults (age >= 18): heights and weights. */
export function howellAdults(): { height: number[]; weight: number[] } {
  const text = readFileSync(join(__dirname, '../../../../shared/data/rethinking/Howell1.csv'), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  const header = (lines[0] as string).split(';').map((h) => h.replace(/"/g, ''));
  const col = (name: string): number => header.indexOf(name);
  const height: number[] = [];
  const weight: number[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(';').map(Number);
    if ((f[col('age')] as number) >= 18) {
      height.push(f[col('height')] as number);
      weight.push(f[col('weight')] as number);
    }
  }
  return { height, weight };
}

/** The values of a tensor as a plain array. */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}
