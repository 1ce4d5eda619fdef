// A conjugate model small enough to check exactly:
//   mu ~ Normal(0, priorScale);  x_i ~ Normal(mu, noiseScale), i = 1..N
// fitted with the guide q(mu) = Normal(loc, tf.softplus(rawScale)) by
// stochastic variational inference: a reparameterized Monte Carlo estimate
// of the ELBO, differentiated by tfjs and stepped by Pyro's ClippedAdam
// with its learning rate decayed tenfold over the run (`lrd`).
// (Once @pyro-ts/infer lands this becomes `sample`/`param`/`plate` + SVI.)
import { tf, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { ClippedAdam } from '@pyro-ts/optim';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function normalLogProb(x: Tensor, loc: Tensor | number, scale: Tensor | number): Tensor {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(x, loc), scale);
    return tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), tf.log(scale)), LOG_SQRT_2PI);
  });
}

export interface FitOptions {
  priorScale: number;
  noiseScale: number;
  steps: number;
  particles: number;
  lr: number;
  onStep?: (step: number, loss: number) => void;
}

export interface FitResult {
  loc: number;
  scale: number;
  exactLoc: number;
  exactScale: number;
  losses: number[];
}

/** The exact posterior of mu: Normal(exactLoc, exactScale). */
export function exactPosterior(data: number[], priorScale: number, noiseScale: number): { loc: number; scale: number } {
  const precision = 1 / priorScale ** 2 + data.length / noiseScale ** 2;
  const sum = data.reduce((a, b) => a + b, 0);
  return { loc: sum / noiseScale ** 2 / precision, scale: Math.sqrt(1 / precision) };
}

export function fit(data: number[], opts: FitOptions): FitResult {
  const x = tf.tensor1d(data);
  // tf.variable shares its initial tensor's storage; tidy disposes the handle.
  const loc = tf.tidy(() => tf.variable(tf.scalar(0), true, 'q.loc'));
  const rawScale = tf.tidy(() => tf.variable(tf.scalar(0), true, 'q.raw_scale'));
  const optim = new ClippedAdam({ lr: opts.lr, lrd: 0.1 ** (1 / opts.steps) });
  const losses: number[] = [];
  for (let step = 0; step < opts.steps; step++) {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const scale = tf.softplus(rawScale);
        // K reparameterized draws mu_k = loc + scale * eps_k
        const mu = tf.add(loc, tf.mul(scale, randn([opts.particles])));
        const logLik = tf.sum(normalLogProb(tf.expandDims(x, 0), tf.expandDims(mu, 1), opts.noiseScale), 1);
        const logPrior = normalLogProb(mu, 0, opts.priorScale);
        const logQ = normalLogProb(mu, loc, scale);
        return tf.neg(tf.mean(tf.sub(tf.add(logLik, logPrior), logQ))) as tf.Scalar;
      }, [loc, rawScale]);
      optim.step({ 'q.loc': loc, 'q.raw_scale': rawScale }, { 'q.loc': grads['q.loc']!, 'q.raw_scale': grads['q.raw_scale']! });
      return value.dataSync()[0] as number;
    });
    losses.push(loss);
    opts.onStep?.(step, loss);
  }
  const exact = exactPosterior(data, opts.priorScale, opts.noiseScale);
  const result: FitResult = {
    loc: loc.dataSync()[0] as number,
    scale: tf.tidy(() => tf.softplus(rawScale).dataSync()[0] as number),
    exactLoc: exact.loc,
    exactScale: exact.scale,
    losses,
  };
  optim.dispose();
  tf.dispose([x, loc, rawScale]);
  return result;
}

/** mulberry32 (../shared/bench's generator): data any language can reproduce. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normalData(n: number, mean: number, sd: number, seed: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const u1 = 1 - rand();
    const u2 = rand();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  });
}
