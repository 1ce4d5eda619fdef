// TransformedDistribution: a base distribution pushed through transforms
// (torch.distributions.TransformedDistribution).
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { sumRightmostLenient } from '../internal/util.js';
import { ComposeTransform } from '../transforms/compose.js';
import { Transform, type Sign } from '../transforms/transform.js';
import { isKeywordObject, type DistributionOptions } from './args.js';
import { ValueError } from './errors.js';
import { Distribution, Independent } from './internal.js';

export interface TransformedDistributionArgs extends DistributionOptions {
  baseDistribution: Distribution;
  transforms: Transform | readonly Transform[];
}

/**
 * `new TransformedDistribution(base, transforms)`: samples `x ~ base` mapped
 * through `transforms` in order; `logProb(y)` is the base's log-density of
 * the inverse image minus the log-Jacobians. The base is expanded and made
 * Independent where the transforms need more event dims, as in torch.
 */
export class TransformedDistribution extends Distribution {
  readonly baseDist: Distribution;
  readonly transforms: readonly Transform[];

  constructor(baseDistribution: Distribution, transforms: Transform | readonly Transform[], options?: DistributionOptions);
  constructor(args: TransformedDistributionArgs);
  constructor(...args: unknown[]) {
    let base: Distribution;
    let ts: Transform | readonly Transform[];
    let options: DistributionOptions;
    if (args.length === 1 && isKeywordObject(args[0]) && !(args[0] instanceof Distribution)) {
      const kw = args[0] as unknown as TransformedDistributionArgs;
      base = kw.baseDistribution;
      ts = kw.transforms;
      options = { validateArgs: kw.validateArgs };
    } else {
      base = args[0] as Distribution;
      ts = args[1] as Transform | readonly Transform[];
      options = (args[2] as DistributionOptions | undefined) ?? {};
    }
    if (!(base instanceof Distribution)) throw new TypeError('TransformedDistribution: baseDistribution must be a Distribution');
    let transforms: Transform[];
    if (ts instanceof Transform) transforms = [ts];
    else if (Array.isArray(ts) && ts.every((t) => t instanceof Transform)) transforms = [...(ts as Transform[])];
    else throw new ValueError(`transforms must be a Transform or a list of Transforms, but was ${String(ts)}`);

    const baseShape = [...base.batchShape, ...base.eventShape];
    const baseEventDim = base.eventShape.length;
    const transform = new ComposeTransform(transforms);
    const domainEventDim = transform.domain.eventDim;
    if (baseShape.length < domainEventDim) {
      throw new ValueError(`base_distribution needs to have shape with size at least ${domainEventDim}, but got (${baseShape.join(', ')}).`);
    }
    const forwardShape = transform.forwardShape(baseShape);
    const expandedBaseShape = transform.inverseShape(forwardShape);
    if (expandedBaseShape.join(',') !== baseShape.join(',')) {
      base = base.expand(expandedBaseShape.slice(0, expandedBaseShape.length - baseEventDim));
    }
    const reinterpreted = domainEventDim - baseEventDim;
    if (reinterpreted > 0) base = new Independent(base, reinterpreted);
    const codomainEventDim = transform.codomain.eventDim;
    const eventDim = Math.max(codomainEventDim, baseEventDim + codomainEventDim - domainEventDim);
    const cut = forwardShape.length - eventDim;
    super(forwardShape.slice(0, cut), forwardShape.slice(cut), options);
    this.baseDist = base;
    this.transforms = transforms;
  }

  override get className(): string {
    return 'TransformedDistribution';
  }

  override get support(): Constraint {
    const n = this.transforms.length;
    if (n === 0) return this.baseDist.support;
    let support = (this.transforms[n - 1] as Transform).codomain;
    if (this.eventShape.length > support.eventDim) support = independent(support, this.eventShape.length - support.eventDim);
    return support;
  }

  override get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }

  override expand(batchShape: readonly number[]): TransformedDistribution {
    let shape = [...batchShape, ...this.eventShape];
    for (let i = this.transforms.length - 1; i >= 0; i--) shape = (this.transforms[i] as Transform).inverseShape(shape);
    const baseBatch = shape.slice(0, shape.length - this.baseDist.eventShape.length);
    const copy = this.expandedCopy(batchShape);
    (copy as { baseDist: Distribution }).baseDist = this.baseDist.expand(baseBatch);
    return copy;
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      let x = this.baseDist.sample(sampleShape);
      for (const t of this.transforms) x = t.forward(x);
      return x;
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      let x = this.baseDist.rsample(sampleShape);
      for (const t of this.transforms) x = t.forward(x);
      return x;
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      let y = this.checkedValue(value);
      let eventDim = this.eventShape.length;
      let logProb: Tensor | number = 0;
      for (let i = this.transforms.length - 1; i >= 0; i--) {
        const t = this.transforms[i] as Transform;
        const x = t.inverse(y);
        eventDim += t.domain.eventDim - t.codomain.eventDim;
        logProb = tf.sub(logProb, sumRightmostLenient(t.logAbsDetJacobian(x, y), eventDim - t.domain.eventDim));
        y = x;
      }
      return tf.add(logProb, sumRightmostLenient(this.baseDist.logProb(y), eventDim - this.baseDist.eventShape.length));
    });
  }

  /** The product of the transforms' signs, or 1. Call inside tf.tidy. */
  protected totalSign(): Sign {
    let sign: Sign = 1;
    for (const t of this.transforms) {
      const s = t.sign;
      sign = typeof sign === 'number' && typeof s === 'number' ? sign * s : tf.mul(sign, s);
    }
    return sign;
  }

  /** torch's `_monotonize_cdf`: flips the cdf where the transforms decrease. Call inside tf.tidy. */
  protected monotonizeCdf(value: Tensor): Tensor {
    const sign = this.totalSign();
    if (!isTensor(sign) && sign === 1) return value;
    return tf.add(tf.mul(sign, tf.sub(value, 0.5)), 0.5);
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      let v = toTensor(value);
      for (let i = this.transforms.length - 1; i >= 0; i--) v = (this.transforms[i] as Transform).inverse(v);
      return this.monotonizeCdf(this.baseDist.cdf(v));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      let v = this.baseDist.icdf(this.monotonizeCdf(toTensor(value)));
      for (const t of this.transforms) v = t.forward(v);
      return v;
    });
  }

  override toString(): string {
    return 'TransformedDistribution()';
  }
}
