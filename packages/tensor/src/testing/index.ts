// Helpers for the workspace's tests: reference fixtures, tolerant comparison
// with NaN/±Infinity, leak checks and finite-difference gradient checks.
// Published as `@pyro-ts/tensor/testing` so that every package's tests and
// third-party backends can use the same checks.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';

export type Nested = number | string | boolean | Nested[];

/** Directory holding the reference fixtures (`../shared/conformance` of the workspace root). */
export function conformanceDir(): string {
  const env = process.env.PYRO_TS_CONFORMANCE_DIR;
  if (env) return resolve(env);
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return resolve(dir, '..', 'shared', 'conformance');
    const up = dirname(dir);
    if (up === dir) throw new Error('conformanceDir: no pnpm-workspace.yaml above ' + process.cwd() + '; set PYRO_TS_CONFORMANCE_DIR');
    dir = up;
  }
}

/** The list of cases in `../shared/conformance/<name>`. */
export function loadConformance<T = Record<string, any>>(name: string): T[] {
  return JSON.parse(readFileSync(join(conformanceDir(), name), 'utf8')) as T[];
}

/** Replaces the fixtures' "NaN" / "Infinity" / "-Infinity" strings with numbers. */
export function decode(x: Nested): Nested {
  if (Array.isArray(x)) return x.map(decode);
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return x;
}

/** The flat numbers of a nested array (after decoding). */
export function flatten(x: Nested): number[] {
  const out: number[] = [];
  const walk = (v: Nested): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(typeof v === 'boolean' ? Number(v) : (decode(v) as number));
  };
  walk(x);
  return out;
}

/** A float32 tensor from a fixture's nested list and shape. */
export function fixtureTensor(value: Nested, shape: number[]): Tensor {
  return tf.tensor(flatten(value), shape, 'float32');
}

export interface Tolerance {
  /** relative tolerance */
  rtol?: number;
  /** absolute tolerance */
  atol?: number;
}

/**
 * Element-wise comparison |a - e| <= atol + rtol * |e| with NaN == NaN and
 * equal infinities equal. Returns a description of the first mismatches, or
 * null when all agree.
 */
export function compareClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}): string | null {
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? 1e-6;
  if (actual.length !== expected.length) return `length ${actual.length} != expected ${expected.length}`;
  const bad: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    let ok: boolean;
    if (Number.isNaN(e)) ok = Number.isNaN(a);
    else if (!Number.isFinite(e)) ok = a === e;
    else ok = Number.isFinite(a) && Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] got ${a}, expected ${e}`);
  }
  return bad.length === 0 ? null : `${bad.length} of ${actual.length} differ (rtol ${rtol}, atol ${atol}): ${bad.slice(0, 8).join('; ')}`;
}

/** Throws with a readable message unless `actual` is close to `expected`. */
export function expectClose(actual: Tensor | number | ArrayLike<number>, expected: Tensor | number | ArrayLike<number> | Nested, tol: Tolerance = {}, what = 'value'): void {
  const a = toNumbers(actual);
  const e = expected instanceof tf.Tensor || typeof expected === 'number' || ArrayBuffer.isView(expected) ? toNumbers(expected as Tensor | number) : flatten(expected as Nested);
  const msg = compareClose(a, e, tol);
  if (msg !== null) throw new Error(`${what}: ${msg}`);
}

function toNumbers(x: Tensor | number | ArrayLike<number>): ArrayLike<number> {
  if (typeof x === 'number') return [x];
  if (x instanceof tf.Tensor) return x.dataSync() as ArrayLike<number>;
  return x;
}

/**
 * Runs `fn` and throws if it changes the number of live tensors
 * (ARCHITECTURE.md §4: every numeric test checks this).
 */
export function expectNoLeaks<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const out = fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak: ${after - before} tensor(s) left behind (${before} before, ${after} after)`);
  return out;
}

/** Async form of `expectNoLeaks`. */
export async function expectNoLeaksAsync<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak: ${after - before} tensor(s) left behind (${before} before, ${after} after)`);
  return out;
}

/**
 * Central finite differences of the scalar function sum(f(x)) at `x`,
 * computed in float32 with step `eps` per element; returns the numeric
 * gradient. Use points where f is smooth and a step suited to float32
 * (about 1e-2 to 1e-3 relative).
 */
export function numericGrad(f: (x: Tensor) => Tensor, x: Tensor, eps = 1e-3): Float32Array {
  const base = Float32Array.from(x.dataSync() as Float32Array);
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const h = eps * Math.max(1, Math.abs(base[i] as number));
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i] = (base[i] as number) + h;
    minus[i] = (base[i] as number) - h;
    const fp = tf.tidy(() => tf.sum(f(tf.tensor(plus, x.shape))).dataSync()[0] as number);
    const fm = tf.tidy(() => tf.sum(f(tf.tensor(minus, x.shape))).dataSync()[0] as number);
    out[i] = (fp - fm) / ((plus[i] as number) - (minus[i] as number));
  }
  return out;
}

/** Checks tf.grad(sum ∘ f) against central finite differences at `x`. */
export function expectGradClose(f: (x: Tensor) => Tensor, x: Tensor, tol: Tolerance = { rtol: 2e-2, atol: 2e-3 }, eps = 1e-3, what = 'gradient'): void {
  const analytic = tf.tidy(() => tf.grad((v: Tensor) => tf.sum(f(v)))(x).dataSync());
  const numeric = numericGrad(f, x, eps);
  expectClose(analytic as Float32Array, numeric, tol, what);
}

/**
 * Selects tfjs's cpu backend for a package's unit tests (the caller imports
 * '@tensorflow/tfjs-backend-cpu' or @pyro-ts/backend) and silences its
 * one-time Node banner.
 */
export async function useCpuForTests(): Promise<void> {
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
}

export { linalgConformanceChecks, type LinalgCheck } from './linalg-cases.js';
export { type SpecialCase, specialConformanceCases } from './special-cases.js';
