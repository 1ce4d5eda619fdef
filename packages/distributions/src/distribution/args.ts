// Constructor arguments of distributions: Pyro's positional arguments, or
// one object with Pyro's keyword names in camelCase, or positional
// arguments followed by such an object (Python's `Normal(0., scale=1.)`).
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { toTensor, type Param, type TensorInput } from '../internal/params.js';

/** Options every distribution accepts. */
export interface DistributionOptions {
  /**
   * Check parameters at construction and values in `logProb` (torch's
   * `validate_args`). Omitted: follow the global switch
   * (`setValidateArgs`), read when the check would run.
   */
  validateArgs?: boolean;
}

/** Whether `x` is a plain options / keyword object (not a tensor, array or typed array). */
export function isKeywordObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x) && !ArrayBuffer.isView(x);
}

/**
 * The constructor's arguments by name. `names` are the positional
 * parameters in Pyro's order; `extra` names keyword-only options (besides
 * `validateArgs`). An unknown keyword or a surplus positional argument
 * throws a TypeError naming the distribution.
 */
export function parseArgs(className: string, args: readonly unknown[], names: readonly string[], extra: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (isKeywordObject(a)) break;
    if (i >= names.length) throw new TypeError(`${className}: expected at most ${names.length} positional argument(s), got ${args.length}`);
    if (a !== undefined) out[names[i] as string] = a;
  }
  if (i < args.length) {
    if (i !== args.length - 1) throw new TypeError(`${className}: the keyword object must be the last argument`);
    const kw = args[i] as Record<string, unknown>;
    for (const [k, v] of Object.entries(kw)) {
      if (!names.includes(k) && !extra.includes(k) && k !== 'validateArgs') {
        throw new TypeError(`${className}: unexpected argument '${k}' (expected ${[...names, ...extra, 'validateArgs'].join(', ')})`);
      }
      if (k in out && v !== undefined) throw new TypeError(`${className}: got multiple values for argument '${k}'`);
      if (v !== undefined) out[k] = v;
    }
  }
  const v = out.validateArgs;
  if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`${className}: validateArgs must be a boolean`);
  return out;
}

/** The argument `name`, or a TypeError saying it is missing. */
export function required<T = TensorInput>(className: string, kw: Record<string, unknown>, name: string): T {
  const v = kw[name];
  if (v === undefined || v === null) throw new TypeError(`${className}: missing required argument '${name}'`);
  return v as T;
}

/** Exactly one of `a` / `b` (torch's "Either `probs` or `logits` must be specified, but not both."). */
export function exactlyOne(className: string, kw: Record<string, unknown>, a: string, b: string): [string, TensorInput] {
  const has = (k: string): boolean => kw[k] !== undefined && kw[k] !== null;
  if (has(a) === has(b)) throw new TypeError(`${className}: either \`${a}\` or \`${b}\` must be specified, but not both.`);
  return has(a) ? [a, kw[a] as TensorInput] : [b, kw[b] as TensorInput];
}

/** A parameter as a distribution keeps it: as given, or a function computing it when used (a derived parameter). */
export type ParamValue = TensorInput | (() => Tensor);

/** The parameter as a float32 tensor; call inside tf.tidy. */
export function paramValueTensor(x: ParamValue): Tensor {
  return typeof x === 'function' ? toTensor(x()) : toTensor(x);
}

/** The shape a number, nested array, typed array, tensor (or a function computing one) has as a tensor. */
export function inputShape(x: ParamValue | boolean | unknown[]): number[] {
  if (typeof x === 'number' || typeof x === 'boolean') return [];
  if (typeof x === 'function') {
    let shape: number[] = [];
    tf.tidy(() => {
      shape = (x as () => Tensor)().shape.slice();
    });
    return shape;
  }
  if (isTensor(x)) return (x as Tensor).shape.slice();
  if (ArrayBuffer.isView(x)) return [(x as Float32Array).length];
  if (Array.isArray(x)) {
    const shape: number[] = [];
    let cur: unknown = x;
    while (Array.isArray(cur)) {
      shape.push(cur.length);
      cur = cur[0];
    }
    return shape;
  }
  throw new TypeError(`expected a number, nested array or tensor, got ${typeof x}`);
}

/** A tensor input as a constraint / transform `Param` (typed arrays become a function converting them when used). */
export function asParam(x: ParamValue): Param {
  if (ArrayBuffer.isView(x)) return () => toTensor(x);
  return x as Param;
}
