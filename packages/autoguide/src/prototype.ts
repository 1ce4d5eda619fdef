// The prototype trace of a model as an autoguide keeps it: the latent
// sites' values, shapes, supports and plates, with every tensor copied and
// owned by the guide, so that nothing refers to tensors the enclosing
// tf.tidy of the first call frees.
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint, Distribution } from '@pyro-ts/distributions';
import { Trace } from '@pyro-ts/poutine';
import type { SampleMessage } from '@pyro-ts/poutine';

/** Copies `t` out of any tf.tidy; the copy is recorded in `kept` (its owner frees it). */
function keepCopy(t: Tensor, kept: Tensor[]): Tensor {
  const c = tf.keep(tf.clone(t));
  kept.push(c);
  return c;
}

function freezeValue(x: unknown, kept: Tensor[]): unknown {
  if (isTensor(x)) return keepCopy(x, kept);
  if (Array.isArray(x)) {
    const out = x.map((v) => freezeValue(v, kept));
    return out.some((v, i) => v !== x[i]) ? out : x;
  }
  if (x instanceof Constraint) return freezeConstraint(x, kept);
  return x;
}

/**
 * The constraint itself when it holds no tensors (singletons keep their
 * identity); otherwise a copy of the same class whose tensor bounds (at any
 * depth: `independent(interval(lo, hi), 1)`) are copies owned through `kept`.
 */
export function freezeConstraint<C extends Constraint>(c: C, kept: Tensor[]): C {
  const descs = Object.getOwnPropertyDescriptors(c) as Record<string, PropertyDescriptor>;
  let changed = false;
  for (const d of Object.values(descs)) {
    if (!('value' in d)) continue;
    const v = freezeValue(d.value, kept);
    if (v !== d.value) {
      d.value = v;
      changed = true;
    }
  }
  return changed ? (Object.create(Object.getPrototypeOf(c) as object, descs) as C) : c;
}

/**
 * What the prototype trace keeps of a site's distribution: its class name,
 * shapes, support and `hasRsample`. Everything that needs the parameters
 * (`logProb`, `sample`, ...) throws: the model's parameters may have been
 * freed since.
 */
export class PrototypeDistribution extends Distribution {
  private readonly _support: Constraint;
  private readonly _className: string;
  private readonly _hasRsample: boolean;

  constructor(original: Distribution, support: Constraint) {
    super(original.batchShape, original.eventShape, { validateArgs: false });
    this._support = support;
    this._className = original.className;
    this._hasRsample = original.hasRsample;
  }

  override get className(): string {
    return this._className;
  }

  override get support(): Constraint {
    return this._support;
  }

  override get hasRsample(): boolean {
    return this._hasRsample;
  }

  override logProb(): Tensor {
    throw new Error(
      `${this._className} in an autoguide's prototype trace keeps only its shapes and support; its parameters belong to the model run that made it`,
    );
  }

  override toString(): string {
    return `${this._className}(prototype: batch_shape=[${this.batchShape}], event_shape=[${this.eventShape}])`;
  }
}

/**
 * A trace of the latent sample sites of `tr` whose values, supports, scales
 * and masks are copies owned through `kept`, and whose distributions are
 * `PrototypeDistribution`s. Call inside tf.tidy: the support of each site is
 * read from its distribution here.
 */
export function freezeLatentSites(tr: Trace, kept: Tensor[]): Trace {
  const out = new Trace();
  for (const [name, site] of tr.iterStochasticNodes()) {
    const support = freezeConstraint(site.fn.support, kept);
    const node: SampleMessage = {
      ...site,
      fn: new PrototypeDistribution(site.fn, support),
      value: keepCopy(site.value as Tensor, kept),
      scale: isTensor(site.scale) ? keepCopy(site.scale, kept) : site.scale,
      mask: isTensor(site.mask) ? keepCopy(site.mask, kept) : site.mask,
      infer: { ...site.infer },
      owned: [],
      logProb: undefined,
      logProbSum: undefined,
      unscaledLogProb: undefined,
      scoreParts: undefined,
      continuation: null,
    };
    out.addNode(name, node);
  }
  return out;
}
