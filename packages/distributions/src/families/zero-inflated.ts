// Pyro's zero-inflated distributions: an extra point mass at 0.
import { tf, broadcastShapes, logitsToProbs, probsToLogits, softplus, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { greaterThanEq, halfOpenInterval, nonnegativeInteger, positive, real, unitInterval } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { formatShape } from '@pyro-ts/tensor';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { NegativeBinomial } from './negative-binomial.js';
import { Poisson } from './poisson.js';

export interface ZeroInflatedOptions extends DistributionOptions {
  gate?: TensorInput;
  gateLogits?: TensorInput;
}

/**
 * `new ZeroInflatedDistribution(base, { gate | gateLogits })`: 0 with
 * probability `gate` (= sigmoid(`gateLogits`)), else a draw of `base`
 * (univariate).
 *
 * Pyro 1.8.6 turns `gate_logits` into `gate` with a softmax over the last
 * dim in `mean`, `variance` and `sample` (while `log_prob` uses the
 * sigmoid); here the sigmoid is used throughout, so all agree.
 */
export class ZeroInflatedDistribution extends Distribution {
  readonly baseDist: Distribution;
  protected readonly given: 'gate' | 'gateLogits';

  constructor(baseDist: Distribution, options: ZeroInflatedOptions) {
    const kw = parseArgs('ZeroInflatedDistribution', [options], [], ['gate', 'gateLogits']);
    const hasGate = kw.gate !== undefined;
    if (hasGate === (kw.gateLogits !== undefined)) throw new ValueError('Either `gate` or `gate_logits` must be specified, but not both.');
    if (baseDist.eventShape.length > 0) throw new ValueError(`ZeroInflatedDistribution expected empty base_dist.event_shape but got ${formatShape(baseDist.eventShape)}`);
    const name = hasGate ? 'gate' : 'gateLogits';
    const value = kw[name] as TensorInput;
    const batch = broadcastShapes(inputShape(value), baseDist.batchShape);
    super(batch, [], kw);
    this.baseDist = baseDist.expand(batch);
    this._params[name] = value;
    this.given = name;
    this.validateParams();
  }

  override get className(): string {
    return 'ZeroInflatedDistribution';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { gate: unitInterval, gateLogits: real };
  }

  override get support(): Constraint {
    return this.baseDist.support;
  }

  protected gateT(): Tensor {
    return this.given === 'gate' ? this.p('gate') : logitsToProbs(this.p('gateLogits'), true);
  }

  get gate(): Tensor {
    return this.given === 'gate' ? this.pOut('gate') : tf.tidy(() => this.gateT());
  }

  get gateLogits(): Tensor {
    return this.given === 'gateLogits' ? this.pOut('gateLogits') : tf.tidy(() => probsToLogits(this.p('gate'), true));
  }

  override expand(batchShape: readonly number[]): ZeroInflatedDistribution {
    const copy = this.expandedCopy(batchShape);
    (copy as { baseDist: Distribution }).baseDist = this.baseDist.expand(batchShape);
    return copy;
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const baseLp = this.baseDist.logProb(v);
      const isZero = tf.equal(v, 0);
      if (this.given === 'gate') {
        const gate = this.p('gate');
        const lp = tf.add(tf.log1p(tf.neg(gate)), baseLp);
        const shape = broadcastShapes(lp.shape, isZero.shape);
        return tf.where(tf.broadcastTo(isZero, shape), tf.broadcastTo(tf.log(tf.add(gate, tf.exp(lp))), shape), tf.broadcastTo(lp, shape));
      }
      const gl = this.p('gateLogits');
      const minusLogGate = tf.sub(baseLp, gl);
      const logGate = tf.neg(softplus(tf.neg(gl)));
      const lp = tf.add(minusLogGate, logGate);
      const zeroLp = tf.add(softplus(minusLogGate), logGate);
      const shape = broadcastShapes(lp.shape, isZero.shape);
      return tf.where(tf.broadcastTo(isZero, shape), tf.broadcastTo(zeroLp, shape), tf.broadcastTo(lp, shape));
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const mask = tf.less(rand(shape), this.gateT());
      const samples = this.baseDist.sample(sampleShape);
      return tf.where(mask, tf.zerosLike(samples), samples);
    });
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.mul(tf.sub(1, this.gateT()), this.baseDist.mean));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const g = this.gateT();
      const m = this.baseDist.mean;
      const mean = tf.mul(tf.sub(1, g), m);
      return tf.sub(tf.mul(tf.sub(1, g), tf.add(tf.square(m), this.baseDist.variance)), tf.square(mean));
    });
  }

  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}

export interface ZeroInflatedPoissonArgs extends ZeroInflatedOptions {
  rate: TensorInput;
}

/** Zero-inflated Poisson: `new ZeroInflatedPoisson(rate, { gate })` or `new ZeroInflatedPoisson({ rate, gateLogits })`. */
export class ZeroInflatedPoisson extends ZeroInflatedDistribution {
  constructor(rate: TensorInput, options: ZeroInflatedOptions);
  constructor(args: ZeroInflatedPoissonArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('ZeroInflatedPoisson', args, ['rate'], ['gate', 'gateLogits']);
    const rate = required('ZeroInflatedPoisson', kw, 'rate');
    super(new Poisson(rate, { validateArgs: false }), { gate: kw.gate as TensorInput | undefined, gateLogits: kw.gateLogits as TensorInput | undefined, validateArgs: kw.validateArgs as boolean | undefined });
  }

  override get className(): string {
    return 'ZeroInflatedPoisson';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { rate: positive, gate: unitInterval, gateLogits: real };
  }

  override get support(): Constraint {
    return nonnegativeInteger;
  }

  get rate(): Tensor {
    return (this.baseDist as Poisson).rate;
  }

  protected override paramValue(name: string): Tensor | undefined {
    if (name === 'rate') return tf.broadcastTo((this.baseDist as Poisson).rate, this.batchShape);
    return super.paramValue(name);
  }
}

export interface ZeroInflatedNegativeBinomialArgs extends ZeroInflatedOptions {
  totalCount: TensorInput;
  probs?: TensorInput;
  logits?: TensorInput;
}

/** Zero-inflated negative binomial: `new ZeroInflatedNegativeBinomial({ totalCount, logits, gate })`. */
export class ZeroInflatedNegativeBinomial extends ZeroInflatedDistribution {
  constructor(totalCount: TensorInput, options: Omit<ZeroInflatedNegativeBinomialArgs, 'totalCount'>);
  constructor(args: ZeroInflatedNegativeBinomialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('ZeroInflatedNegativeBinomial', args, ['totalCount'], ['probs', 'logits', 'gate', 'gateLogits']);
    const base = new NegativeBinomial({
      totalCount: required('ZeroInflatedNegativeBinomial', kw, 'totalCount'),
      probs: kw.probs as TensorInput | undefined,
      logits: kw.logits as TensorInput | undefined,
      validateArgs: kw.validateArgs as boolean | undefined,
    });
    super(base, { gate: kw.gate as TensorInput | undefined, gateLogits: kw.gateLogits as TensorInput | undefined, validateArgs: kw.validateArgs as boolean | undefined });
  }

  override get className(): string {
    return 'ZeroInflatedNegativeBinomial';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { totalCount: greaterThanEq(0), probs: halfOpenInterval(0, 1), logits: real, gate: unitInterval, gateLogits: real };
  }

  override get support(): Constraint {
    return nonnegativeInteger;
  }
}
