// The Distribution base class: torch.distributions.Distribution with Pyro's
// TorchDistributionMixin (expandBy, toEvent, mask, shape, scoreParts).
//
// Import cycle: the base's `expand`, `toEvent` and `mask` return the
// wrappers ExpandedDistribution, Independent and MaskedDistribution, which
// extend this class. Those four modules import each other only through
// `./internal.js`, and every other module imports them through it too (or
// through the package index), which fixes a module order that works.
import { tf, detach, broadcastShapes, formatShape, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { isDependent } from '../constraints/constraint.js';
import { NotImplementedError } from '../errors.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { pyFloat, reprTensor, shortestFloat32 } from '../internal/repr.js';
import { paramValueTensor, type DistributionOptions, type ParamValue } from './args.js';
import { ValueError } from './errors.js';
import { getValidateArgs } from './validate-args.js';
import { ExpandedDistribution, Independent, MaskedDistribution } from './internal.js';

/** Nested arrays of booleans (a mask given without a tensor). */
export type NestedBooleans = boolean | NestedBooleans[];

/** A mask: a boolean, nested booleans, or a tensor (nonzero = true). */
export type MaskInput = boolean | NestedBooleans[] | Tensor;

/**
 * Pyro's ScoreParts: the log-density, the score-function term and the
 * entropy term of an ELBO estimator (0 where a term is absent).
 */
export interface ScoreParts {
  logProb: Tensor;
  scoreFunction: Tensor | 0;
  entropyTerm: Tensor | 0;
}

/**
 * A parameterized probability distribution with torch's shape semantics:
 * samples have shape `sampleShape + batchShape + eventShape` and `logProb`
 * returns `sampleShape + batchShape`.
 *
 * Memory: a distribution owns no tensors. Parameters are kept as given
 * (numbers, nested arrays, or the caller's tensors, never disposed here) and
 * converted or broadcast inside each method's `tf.tidy`; every method
 * returns a new tensor the caller owns.
 */
export abstract class Distribution {
  readonly batchShape: number[];
  readonly eventShape: number[];
  /** The per-instance validation option (undefined: the global switch). */
  protected _validateArgs: boolean | undefined;
  /**
   * Parameters as given (numbers, nested arrays or the caller's tensors) or
   * functions deriving them from others when used, by Pyro's name in camelCase.
   */
  protected readonly _params: Record<string, ParamValue> = {};

  constructor(batchShape: readonly number[] = [], eventShape: readonly number[] = [], options: DistributionOptions = {}) {
    this.batchShape = batchShape.slice();
    this.eventShape = eventShape.slice();
    this._validateArgs = options.validateArgs;
  }

  /** The class name torch and Pyro print (`Normal`, `Independent`, ...). */
  get className(): string {
    return 'Distribution';
  }

  /** Whether arguments and `logProb` values are checked (the instance option, else the global switch). */
  get validateArgs(): boolean {
    return this._validateArgs ?? getValidateArgs();
  }

  /** The constraint each parameter satisfies (torch's `arg_constraints`). */
  get argConstraints(): Record<string, Constraint> {
    return {};
  }

  /** The set of values the distribution takes. */
  get support(): Constraint {
    throw new NotImplementedError(`${this.className}.support is not implemented`);
  }

  /** Whether `rsample` gives reparameterized (differentiable) samples. */
  get hasRsample(): boolean {
    return false;
  }

  /** Whether `enumerateSupport` is implemented. */
  get hasEnumerateSupport(): boolean {
    return false;
  }

  /** Number of event dimensions. */
  get eventDim(): number {
    return this.eventShape.length;
  }

  /** `sampleShape + batchShape + eventShape`, the shape of `sample(sampleShape)`. */
  shape(sampleShape: readonly number[] = []): number[] {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  /** Log-density (or mass) of `value`, of shape `sampleShape + batchShape`. */
  abstract logProb(value: TensorInput): Tensor;

  /** Draws samples of shape `shape(sampleShape)`; no gradient flows through them. */
  sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => detach(this.rsample(sampleShape)));
  }

  /** Reparameterized samples: differentiable with respect to the parameters. */
  rsample(_sampleShape: readonly number[] = []): Tensor {
    throw new NotImplementedError(`${this.className} does not implement rsample`);
  }

  /** Pyro's `d()`: `rsample` when `hasRsample`, else `sample`. */
  draw(sampleShape: readonly number[] = []): Tensor {
    return this.hasRsample ? this.rsample(sampleShape) : this.sample(sampleShape);
  }

  /**
   * Forces reparameterized (`true`) or detached (`false`) sampling on this
   * instance, as Pyro's `has_rsample_`; returns this distribution.
   */
  hasRsample_(value: boolean): this {
    if (value !== true && value !== false) throw new ValueError(`Expected value in [False,True], actual ${String(value)}`);
    Object.defineProperty(this, 'hasRsample', { value, configurable: true, enumerable: true, writable: true });
    return this;
  }

  get mean(): Tensor {
    throw new NotImplementedError(`${this.className}.mean is not implemented`);
  }

  get mode(): Tensor {
    throw new NotImplementedError(`${this.className}.mode is not implemented`);
  }

  get variance(): Tensor {
    throw new NotImplementedError(`${this.className}.variance is not implemented`);
  }

  get stddev(): Tensor {
    return tf.tidy(() => {
      const v = this.variance;
      return tf.sqrt(v);
    });
  }

  entropy(): Tensor {
    throw new NotImplementedError(`${this.className}.entropy is not implemented`);
  }

  /** exp(entropy). */
  perplexity(): Tensor {
    return tf.tidy(() => tf.exp(this.entropy()));
  }

  cdf(_value: TensorInput): Tensor {
    throw new NotImplementedError(`${this.className}.cdf is not implemented`);
  }

  icdf(_value: TensorInput): Tensor {
    throw new NotImplementedError(`${this.className}.icdf is not implemented`);
  }

  /**
   * The support's values along a new leading dimension, of shape
   * `[n, ...batchShape, ...eventShape]`, or `[n, 1, ..., 1, ...eventShape]`
   * when `expand` is false.
   */
  enumerateSupport(_expand = true): Tensor {
    throw new NotImplementedError(`Support not implemented for ${this.className}`);
  }

  /** Parts of the ELBO estimator (Pyro's `score_parts`). */
  scoreParts(value: TensorInput): ScoreParts {
    const logProb = this.logProb(value);
    return this.hasRsample ? { logProb, scoreFunction: 0, entropyTerm: logProb } : { logProb, scoreFunction: logProb, entropyTerm: 0 };
  }

  /** The distribution with its batch dims broadcast to `batchShape` (size-1 dims grow, new dims on the left). */
  expand(batchShape: readonly number[]): Distribution {
    return new ExpandedDistribution(this, batchShape);
  }

  /** Adds `sampleShape` to the left of `batchShape`. */
  expandBy(sampleShape: readonly number[]): Distribution {
    const shape = [...sampleShape, ...this.batchShape];
    try {
      return this.expand(shape);
    } catch (e) {
      if (e instanceof NotImplementedError) return new ExpandedDistribution(this, shape);
      throw e;
    }
  }

  /**
   * Reinterprets the `n` rightmost batch dims as event dims (all of them when
   * omitted). Nested Independents merge into one; `toEvent(0)` of a
   * non-Independent returns the distribution itself.
   */
  toEvent(reinterpretedBatchNdims?: number): Distribution {
    let n = reinterpretedBatchNdims ?? this.batchShape.length;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let base: Distribution = this;
    while (base instanceof Independent) {
      n += base.reinterpretedBatchNdims;
      base = base.baseDist;
    }
    if (n === 0) return base;
    if (n < 0) throw new ValueError(`Cannot remove event dimensions from ${this.className}`);
    return new Independent(base, n);
  }

  /** Masks `logProb` by a boolean or boolean tensor broadcastable to `batchShape`. */
  mask(mask: MaskInput): Distribution {
    return new MaskedDistribution(this, mask);
  }

  /** torch's repr: `Normal(loc: 0.0, scale: 1.0)`, with shapes for parameters of several elements. */
  toString(): string {
    const parts: string[] = [];
    tf.tidy(() => {
      for (const name of Object.keys(this.argConstraints)) {
        const v = this.paramValue(name);
        if (v === undefined) continue;
        let s: string;
        if (v.size === 1 && v.rank === 0) s = pyFloat(shortestFloat32(v.dataSync()[0] as number));
        else if (v.size === 1) s = reprTensor(v);
        else s = formatShape(v.shape);
        parts.push(`${name}: ${s}`);
      }
    });
    return `${this.className}(${parts.join(', ')})`;
  }

  // ---- for subclasses -------------------------------------------------

  /**
   * The value of parameter `name` as torch stores it (broadcast to the batch
   * shape), for validation and the repr; undefined for a parameter that was
   * not given. Called inside a tf.tidy.
   */
  protected paramValue(name: string): Tensor | undefined {
    const x = this._params[name];
    return x === undefined ? undefined : this.bcast(x, this.paramEventRank(name));
  }

  /** How many rightmost dims of parameter `name` are not batch dims (0 for scalar parameters). */
  protected paramEventRank(_name: string): number {
    return 0;
  }

  /** Parameter `name` broadcast to the batch shape (plus its event dims); call inside tf.tidy. */
  protected p(name: string): Tensor {
    const x = this._params[name];
    if (x === undefined) throw new Error(`${this.className}: parameter ${name} was not given`);
    return this.bcast(x, this.paramEventRank(name));
  }

  /** Parameter `name` broadcast to the batch shape, as a new tensor the caller owns (for getters). */
  protected pOut(name: string): Tensor {
    const x = this._params[name];
    if (x === undefined) throw new Error(`${this.className}: parameter ${name} was not given`);
    return this.paramOut(x, this.paramEventRank(name));
  }

  /** Checks every parameter against `argConstraints` when validation is on (call at the end of a constructor). */
  protected validateParams(): void {
    if (!this.validateArgs) return;
    for (const [name, constraint] of Object.entries(this.argConstraints)) {
      if (isDependent(constraint)) continue;
      let message: string | undefined;
      tf.tidy(() => {
        const value = this.paramValue(name);
        if (value === undefined) return;
        const ok = tf.all(constraint.check(value)).dataSync()[0] === 1;
        if (!ok) {
          message =
            `Expected parameter ${name} (Tensor of shape ${formatShape(value.shape)}) of distribution ${this.toString()} ` +
            `to satisfy the constraint ${constraint.toString()}, but found invalid values:\n${reprTensor(value)}`;
        }
      });
      if (message !== undefined) throw new ValueError(message);
    }
  }

  /**
   * Parameter `x` as a float32 tensor broadcast to `batchShape` plus its own
   * `eventRank` rightmost dims (torch's `broadcast_all` / `expand` of a
   * parameter). Call inside a tf.tidy.
   */
  protected bcast(x: ParamValue, eventRank = 0): Tensor {
    const t = paramValueTensor(x);
    const target = [...this.batchShape, ...t.shape.slice(t.rank - eventRank)];
    return shapesEqual(t.shape, target) ? t : tf.broadcastTo(t, target);
  }

  /** `bcast(x, eventRank)` as a tensor the caller owns (never the caller's own tensor object), for parameter getters. */
  protected paramOut(x: ParamValue, eventRank = 0): Tensor {
    return tf.tidy(() => {
      const t = this.bcast(x, eventRank);
      return t === x ? tf.clone(t) : t;
    });
  }

  /** Converts `value` to float32 and, when validation is on, checks its shape and support (torch's `_validate_sample`). */
  protected checkedValue(value: TensorInput): Tensor {
    const v = toTensor(value);
    if (this.validateArgs) this.validateSample(v);
    return v;
  }

  /** torch's `_validate_sample`: event shape, broadcastability with the batch, support. */
  protected validateSample(value: Tensor): void {
    const shape = value.shape;
    const event = this.eventShape;
    const start = shape.length - event.length;
    if (start < 0 || !shapesEqual(shape.slice(start), event)) {
      throw new ValueError(`The right-most size of value must match event_shape: ${formatShape(shape)} vs ${formatShape(event)}.`);
    }
    const expected = [...this.batchShape, ...event];
    for (let i = 1; i <= Math.min(shape.length, expected.length); i++) {
      const a = shape[shape.length - i] as number;
      const b = expected[expected.length - i] as number;
      if (a !== 1 && b !== 1 && a !== b) {
        throw new ValueError(`Value is not broadcastable with batch_shape+event_shape: ${formatShape(shape)} vs ${formatShape(expected)}.`);
      }
    }
    let support: Constraint;
    try {
      support = this.support;
    } catch (e) {
      if (e instanceof NotImplementedError) return;
      throw e;
    }
    const ok = tf.tidy(() => tf.all(support.check(value)).dataSync()[0] === 1);
    if (!ok) {
      throw new ValueError(
        `Expected value argument (Tensor of shape ${formatShape(shape)}) to be within the support (${support.toString()}) ` +
          `of the distribution ${this.toString()}, but found invalid values:\n${reprTensor(value)}`,
      );
    }
  }

  /**
   * A copy of this distribution with batch shape `batchShape`, for families
   * whose parameters are broadcast to the batch shape when used (torch's
   * family `expand`). Throws when `batchShape` does not extend the current
   * one by broadcasting.
   */
  protected expandedCopy(batchShape: readonly number[]): this {
    checkExpand(this.batchShape, batchShape);
    const copy = Object.create(Object.getPrototypeOf(this) as object, Object.getOwnPropertyDescriptors(this)) as this;
    Object.defineProperty(copy, 'batchShape', { value: batchShape.slice(), writable: true, enumerable: true, configurable: true });
    return copy;
  }
}

/**
 * Throws a ValueError unless `existing` broadcasts to exactly `target`
 * (torch's `Tensor.expand` rule: size-1 dims may grow, new dims on the left).
 */
export function checkExpand(existing: readonly number[], target: readonly number[]): void {
  let ok = target.length >= existing.length;
  if (ok) {
    for (let i = 1; i <= existing.length; i++) {
      const e = existing[existing.length - i] as number;
      const t = target[target.length - i] as number;
      if (e !== t && e !== 1) ok = false;
    }
  }
  if (!ok) throw new ValueError(`Cannot expand a distribution of batch shape ${formatShape(existing)} to ${formatShape(target)}`);
}

/** The broadcast of a value's batch dims (its dims left of `eventDim`) with `batchShape`. */
export function valueBatchShape(batchShape: readonly number[], value: Tensor, eventDim: number): number[] {
  return broadcastShapes(batchShape, value.shape.slice(0, Math.max(0, value.rank - eventDim)));
}
