// Seeded randomness. `setRngSeed(n)` makes every sampling operation of the
// library reproducible on a given backend: each random op asks `nextSeed()`
// for its own seed, drawn from one global generator (mulberry32), and hands
// it to the tfjs kernel. Without a seed the generator starts from
// Math.random(), so runs differ, as in Pyro without `set_rng_seed`.
import { tf } from './tf.js';
import type { Tensor, DataType } from './tf.js';

interface RngState {
  state: number;
}

const KEY = Symbol.for('@pyro-ts/tensor.rng');

function rng(): RngState {
  const g = globalThis as unknown as Record<symbol, RngState | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { state: (Math.random() * 4294967296) >>> 0 };
    g[KEY] = s;
  }
  return s;
}

/** Seeds the library's random number generator (Pyro's `set_rng_seed`). */
export function setRngSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new Error(`setRngSeed: seed must be a finite number, got ${seed}`);
  rng().state = seed >>> 0;
}

/** The generator's state, to restore later with `setRngState`. */
export function getRngState(): number {
  return rng().state;
}

export function setRngState(state: number): void {
  rng().state = state >>> 0;
}

/** A uniform number in [0, 1) from the library's generator (mulberry32). */
export function randomNumber(): number {
  const s = rng();
  s.state = (s.state + 0x6d2b79f5) | 0;
  let t = Math.imul(s.state ^ (s.state >>> 15), 1 | s.state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A fresh 32-bit seed for one random tfjs op. */
export function nextSeed(): number {
  return Math.floor(randomNumber() * 4294967296);
}

/** Standard normal draws of the given shape (float32). */
export function randn(shape: number[]): Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', nextSeed());
}

/** Uniform draws in [low, high) of the given shape. */
export function rand(shape: number[], low = 0, high = 1, dtype: DataType = 'float32'): Tensor {
  return tf.randomUniform(shape, low, high, dtype as 'float32' | 'int32', nextSeed());
}

/** Gamma(alpha, beta = rate) draws; `shape` is prepended to alpha's shape, as in tfjs. */
export function randomGamma(shape: number[], alpha: number, beta = 1): Tensor {
  return tf.randomGamma(shape, alpha, beta, 'float32', nextSeed());
}

/**
 * Draws category indices from unnormalized log-probabilities `logits` of
 * shape [batch, K] (or [K]); returns int32 of shape [batch, numSamples]
 * (or [numSamples]). Each draw inverts the cumulative distribution at its
 * own uniform, so rows of a batch are independent. (tfjs's Multinomial
 * kernel on the cpu backend reseeds its generator for every row, so all
 * rows of one call see the same uniforms; it is not used.)
 */
export function multinomial(logits: Tensor, numSamples: number): Tensor {
  return tf.tidy(() => {
    const l2 = logits.rank === 1 ? tf.expandDims(logits, 0) : logits;
    const [b, k] = l2.shape as [number, number];
    const cdf = tf.cumsum(tf.softmax(l2), 1); // [b, k]
    // u in [0, total): a category of probability 0 at the end is never drawn
    const total = tf.slice(cdf, [0, k - 1], [b, 1]);
    const u = tf.mul(rand([b, numSamples]), total); // [b, n]
    const thresholds = tf.slice(cdf, [0, 0], [b, k - 1]); // [b, k-1]
    const idx = tf.sum(tf.cast(tf.greaterEqual(tf.expandDims(u, 2), tf.expandDims(thresholds, 1)), 'int32'), 2);
    return logits.rank === 1 ? tf.reshape(idx, [numSamples]) : idx;
  });
}
