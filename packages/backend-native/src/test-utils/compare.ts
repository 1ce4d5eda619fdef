// Test helpers: run one computation on the cpu backend and on the native
// backend and compare dtype, shape and values; skip with a printed reason
// when the addon is unavailable.
import { tf } from '@pyro-ts/tensor';
import type { KernelBackend, Tensor } from '@pyro-ts/tensor';
import { useBackend } from '@pyro-ts/backend';
import { loadAddon } from '../addon.js';
import { nativeBackend } from '../native-tensor-backend.js';

export interface Result {
  dtype: string;
  shape: number[];
  values: number[];
}

/** Why the native backend cannot run here, or undefined when it can. */
export async function unavailableReason(): Promise<string | undefined> {
  const a = await nativeBackend.isAvailable();
  return a.available ? undefined : a.reason;
}

/** `describe` when the native backend can run, else a describe that prints why and whose tests are skipped. */
export function describeNative(name: string, body: () => void): void {
  const state = loadAddon();
  if (state.available) {
    describe(name, body);
  } else {
    describe(name, () => {
      it.skip(`(native backend unavailable: ${state.reason})`, () => undefined);
    });
    console.warn(`${name}: skipped, the native backend is unavailable: ${state.reason}`);
  }
}

function dataCount(name: string): number {
  return (tf.findBackend(name) as KernelBackend | null)?.numDataIds() ?? 0;
}

/** Runs `fn` on `backend` and reads every result; fails on leaked tensors or backend data. */
export async function runOn(backend: string, fn: () => Tensor | Tensor[]): Promise<Result[]> {
  await useBackend(backend);
  const before = [tf.memory().numTensors, dataCount(backend), dataCount('cpu')];
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const results = list.map((t) => ({ dtype: t.dtype, shape: t.shape.slice(), values: Array.from(t.dataSync() as ArrayLike<number>) }));
  tf.dispose(list);
  expect([tf.memory().numTensors, dataCount(backend), dataCount('cpu')]).toEqual(before);
  return results;
}

function close(a: number, b: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Runs `fn` on cpu and on native; the results must have the same dtypes and
 * shapes, and values within `rtol`/`atol` (NaN matches NaN, infinities
 * match exactly). Returns the native results.
 */
export async function expectSameAsCpu(fn: () => Tensor | Tensor[], tol: { rtol?: number; atol?: number } = {}, what = ''): Promise<Result[]> {
  const rtol = tol.rtol ?? 1e-6;
  const atol = tol.atol ?? 1e-6;
  const cpu = await runOn('cpu', fn);
  const native = await runOn('native', fn);
  expect(native.length).toBe(cpu.length);
  native.forEach((n, k) => {
    const c = cpu[k] as Result;
    const label = `${what} output ${k}`;
    expect(`${label}: ${n.dtype} [${n.shape}]`).toBe(`${label}: ${c.dtype} [${c.shape}]`);
    const bad = n.values.findIndex((v, i) => !close(v, c.values[i] as number, rtol, atol));
    if (bad >= 0) throw new Error(`${label}: element ${bad} is ${n.values[bad]} on native, ${c.values[bad]} on cpu (rtol ${rtol}, atol ${atol})\nnative: ${n.values.slice(0, 24).join(', ')}\ncpu:    ${c.values.slice(0, 24).join(', ')}`);
  });
  return native;
}

/** Deterministic values in [lo, hi) (mulberry32). */
export function seeded(n: number, seed: number, lo = -1, hi = 1): number[] {
  let a = seed | 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out.push(lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296));
  }
  return out;
}

/** A float32 tensor of seeded values. */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): Tensor {
  return tf.tensor(seeded(shape.reduce((p, q) => p * q, 1), seed, lo, hi), shape, 'float32');
}
