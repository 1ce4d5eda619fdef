// ContinuousBernoulli(probs | logits): torch.distributions.ContinuousBernoulli.
import { tf, clampProbs, logitsToProbs, probsToLogits, rand, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real, unitInterval } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { exactlyOne, inputShape, parseArgs, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';

export interface ContinuousBernoulliArgs extends DistributionOptions {
  probs?: TensorInput;
  logits?: TensorInput;
  /** The interval around 0.5 where Taylor expansions replace the closed forms (default [0.499, 0.501]). */
  lims?: [number, number];
}

/**
 * The continuous Bernoulli on [0, 1] (Loaiza-Ganem & Cunningham, 2019):
 * density ∝ probs^x (1 − probs)^(1−x). Near probs = 0.5 the normalizer and
 * moments use torch's Taylor expansions.
 */
export class ContinuousBernoulli extends Distribution {
  protected readonly given: 'probs' | 'logits';
  readonly lims: [number, number];

  constructor(probs?: TensorInput, logits?: TensorInput, lims?: [number, number], options?: DistributionOptions);
  constructor(args: ContinuousBernoulliArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('ContinuousBernoulli', args, ['probs', 'logits', 'lims']);
    const [name, value] = exactlyOne('ContinuousBernoulli', kw, 'probs', 'logits');
    super(inputShape(value), [], kw);
    if (name === 'probs' && kw.validateArgs !== undefined) {
      const ok = tf.tidy(() => tf.all(unitInterval.check(this.bcast(value))).dataSync()[0] === 1);
      if (!ok) throw new ValueError('The parameter probs has invalid values');
    }
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.lims = (kw.lims as [number, number] | undefined) ?? [0.499, 0.501];
    this.validateParams();
  }

  override get className(): string {
    return 'ContinuousBernoulli';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: unitInterval, logits: real };
  }

  protected override paramValue(name: string): Tensor | undefined {
    if (name === 'probs' && this.given === 'probs') return this.probsT();
    return super.paramValue(name);
  }

  override get support(): Constraint {
    return unitInterval;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** probs, clamped to [eps, 1 − eps] as torch stores them; call inside tf.tidy. */
  protected probsT(): Tensor {
    return clampProbs(this.given === 'probs' ? this.p('probs') : logitsToProbs(this.p('logits'), true));
  }

  protected logitsT(): Tensor {
    return this.given === 'logits' ? this.p('logits') : probsToLogits(this.probsT(), true);
  }

  get probs(): Tensor {
    return tf.tidy(() => this.probsT());
  }

  get logits(): Tensor {
    return this.given === 'logits' ? this.pOut('logits') : tf.tidy(() => this.logitsT());
  }

  override expand(batchShape: readonly number[]): ContinuousBernoulli {
    return this.expandedCopy(batchShape);
  }

  /** Where the closed forms are used (outside the lims); call inside tf.tidy. */
  protected outside(p: Tensor): Tensor {
    return tf.logicalOr(tf.lessEqual(p, this.lims[0]), tf.greater(p, this.lims[1]));
  }

  protected cutProbs(p: Tensor): Tensor {
    return tf.where(this.outside(p), p, tf.fill(p.shape, this.lims[0]));
  }

  /** log of the normalizing constant; call inside tf.tidy. */
  protected logNorm(): Tensor {
    const p = this.probsT();
    const cut = this.cutProbs(p);
    const le = tf.lessEqual(cut, 0.5);
    const below = tf.where(le, cut, tf.zerosLike(cut));
    const above = tf.where(tf.greaterEqual(cut, 0.5), cut, tf.onesLike(cut));
    const logNorm = tf.sub(tf.log(tf.abs(tf.sub(tf.log1p(tf.neg(cut)), tf.log(cut)))), tf.where(le, tf.log1p(tf.mul(below, -2)), tf.log(tf.sub(tf.mul(above, 2), 1))));
    const x = tf.square(tf.sub(p, 0.5));
    const taylor = tf.add(Math.LN2, tf.mul(tf.add(4 / 3, tf.mul(x, 104 / 45)), x));
    return tf.where(this.outside(p), logNorm, taylor);
  }

  override get mean(): Tensor {
    return tf.tidy(() => {
      const p = this.probsT();
      const cut = this.cutProbs(p);
      const mus = tf.add(tf.div(cut, tf.sub(tf.mul(cut, 2), 1)), tf.reciprocal(tf.sub(tf.log1p(tf.neg(cut)), tf.log(cut))));
      const x = tf.sub(p, 0.5);
      const taylor = tf.add(0.5, tf.mul(tf.add(1 / 3, tf.mul(tf.square(x), 16 / 45)), x));
      return tf.where(this.outside(p), mus, taylor);
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const p = this.probsT();
      const cut = this.cutProbs(p);
      const vars = tf.add(
        tf.div(tf.mul(cut, tf.sub(cut, 1)), tf.square(tf.sub(1, tf.mul(cut, 2)))),
        tf.reciprocal(tf.square(tf.sub(tf.log1p(tf.neg(cut)), tf.log(cut)))),
      );
      const x = tf.square(tf.sub(p, 0.5));
      const taylor = tf.sub(1 / 12, tf.mul(tf.sub(1 / 15, tf.mul(x, 128 / 945)), x));
      return tf.where(this.outside(p), vars, taylor);
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => this.icdf(rand(this.shape(sampleShape))));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => this.icdf(rand(this.shape(sampleShape))));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const logits = this.logitsT();
      return tf.add(tf.sub(tf.mul(v, logits), softplus(logits)), this.logNorm());
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const p = this.probsT();
      const cut = this.cutProbs(p);
      const cdfs = tf.div(tf.sub(tf.add(tf.mul(tf.pow(cut, v), tf.pow(tf.sub(1, cut), tf.sub(1, v))), cut), 1), tf.sub(tf.mul(cut, 2), 1));
      const unbounded = tf.where(tf.broadcastTo(this.outside(p), cdfs.shape), cdfs, tf.broadcastTo(v, cdfs.shape));
      return tf.where(tf.lessEqual(v, 0), tf.zerosLike(unbounded), tf.where(tf.greaterEqual(v, 1), tf.onesLike(unbounded), unbounded));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const q = toTensor(value);
      const p = this.probsT();
      const cut = this.cutProbs(p);
      const closed = tf.div(tf.sub(tf.log1p(tf.add(tf.neg(cut), tf.mul(q, tf.sub(tf.mul(cut, 2), 1)))), tf.log1p(tf.neg(cut))), tf.sub(tf.log(cut), tf.log1p(tf.neg(cut))));
      return tf.where(tf.broadcastTo(this.outside(p), closed.shape), closed, tf.broadcastTo(q, closed.shape));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const p = this.probsT();
      const log0 = tf.log1p(tf.neg(p));
      const log1 = tf.log(p);
      return tf.sub(tf.sub(tf.mul(this.mean, tf.sub(log0, log1)), this.logNorm()), log0);
    });
  }
}
