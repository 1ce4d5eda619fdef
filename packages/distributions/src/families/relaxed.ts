// Relaxed (Concrete / Gumbel-softmax) distributions: torch's
// LogitRelaxedBernoulli, RelaxedBernoulli, ExpRelaxedCategorical,
// RelaxedOneHotCategorical, and Pyro's straight-through variants.
import { tf, clampProbs, lgamma, logitsToProbs, logsumexp, probsToLogits, rand, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real, realVector, simplex, unitInterval } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { ExpTransform, SigmoidTransform } from '../transforms/elementwise.js';
import { exactlyOne, inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Categorical } from './categorical.js';

export interface RelaxedArgs extends DistributionOptions {
  temperature: TensorInput;
  probs?: TensorInput;
  logits?: TensorInput;
}

/** The logit of a RelaxedBernoulli draw (torch's LogitRelaxedBernoulli). */
export class LogitRelaxedBernoulli extends Distribution {
  protected readonly given: 'probs' | 'logits';

  constructor(temperature: TensorInput, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: RelaxedArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('LogitRelaxedBernoulli', args, ['temperature', 'probs', 'logits']);
    const temperature = required('LogitRelaxedBernoulli', kw, 'temperature');
    const [name, value] = exactlyOne('LogitRelaxedBernoulli', kw, 'probs', 'logits');
    super(inputShape(value), [], kw);
    this._params.temperature = temperature;
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.validateParams();
  }

  override get className(): string {
    return 'LogitRelaxedBernoulli';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: unitInterval, logits: real };
  }

  override get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** The temperature as given (not broadcast); call inside tf.tidy. */
  temperatureT(): Tensor {
    return toTensor(this._params.temperature as TensorInput);
  }

  probsT(): Tensor {
    return this.given === 'probs' ? this.p('probs') : logitsToProbs(this.p('logits'), true);
  }

  logitsT(): Tensor {
    return this.given === 'logits' ? this.p('logits') : probsToLogits(this.p('probs'), true);
  }

  get temperature(): Tensor {
    return tf.tidy(() => tf.clone(this.temperatureT()));
  }

  get probs(): Tensor {
    return tf.tidy(() => this.probsT());
  }

  get logits(): Tensor {
    return tf.tidy(() => this.logitsT());
  }

  override expand(batchShape: readonly number[]): LogitRelaxedBernoulli {
    return this.expandedCopy(batchShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const probs = clampProbs(tf.broadcastTo(this.probsT(), shape));
      const u = clampProbs(rand(shape));
      const z = tf.add(tf.sub(tf.log(u), tf.log1p(tf.neg(u))), tf.sub(tf.log(probs), tf.log1p(tf.neg(probs))));
      return tf.div(z, this.temperatureT());
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const t = this.temperatureT();
      const diff = tf.sub(this.logitsT(), tf.mul(v, t));
      return tf.sub(tf.add(tf.log(t), diff), tf.mul(softplus(diff), 2));
    });
  }
}

/** `sigmoid(X)` for X ~ LogitRelaxedBernoulli: a relaxed Bernoulli on (0, 1) with reparameterized samples. */
export class RelaxedBernoulli extends TransformedDistribution {
  constructor(temperature: TensorInput, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: RelaxedArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('RelaxedBernoulli', args, ['temperature', 'probs', 'logits']);
    super(new LogitRelaxedBernoulli(kw as unknown as RelaxedArgs), new SigmoidTransform(), { validateArgs: kw.validateArgs as boolean | undefined });
  }

  override get className(): string {
    return 'RelaxedBernoulli';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: unitInterval, logits: real };
  }

  override get support(): Constraint {
    return unitInterval;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected get logitDist(): LogitRelaxedBernoulli {
    return this.baseDist as LogitRelaxedBernoulli;
  }

  get temperature(): Tensor {
    return this.logitDist.temperature;
  }

  get probs(): Tensor {
    return this.logitDist.probs;
  }

  get logits(): Tensor {
    return this.logitDist.logits;
  }

  override expand(batchShape: readonly number[]): RelaxedBernoulli {
    return super.expand(batchShape) as RelaxedBernoulli;
  }

  override toString(): string {
    return 'RelaxedBernoulli()';
  }
}

/** Hard samples with the relaxed samples they were rounded from (Pyro's `_unquantize`). */
const UNQUANTIZED = new WeakMap<Tensor, Tensor>();

/**
 * `hard` with `soft` attached for `logProb`: `soft` is kept alive as long
 * as `hard` and disposed with it (by `dispose()`, `tf.dispose` or a tidy).
 */
function attachUnquantized(hard: Tensor, soft: Tensor): Tensor {
  UNQUANTIZED.set(hard, soft);
  const dispose = hard.dispose.bind(hard);
  hard.dispose = (): void => {
    dispose();
    if (!soft.isDisposed) soft.dispose();
  };
  return hard;
}

/** round(x) forward, identity backward (Pyro's QuantizeBernoulli). */
const quantizeBernoulli = tf.customGrad(((x: Tensor, save: (ts: Tensor[]) => void) => {
  save([]);
  return { value: tf.round(x), gradFunc: (dy: Tensor) => dy };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: Tensor) => Tensor;

/** one-hot of argmax(x) forward, identity backward (Pyro's QuantizeCategorical). */
const quantizeCategorical = tf.customGrad(((x: Tensor, save: (ts: Tensor[]) => void) => {
  save([]);
  const k = x.shape[x.rank - 1] as number;
  return { value: tf.oneHot(tf.argMax(x, -1), k, 1, 0, 'float32'), gradFunc: (dy: Tensor) => dy };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: Tensor) => Tensor;

/**
 * Pyro's RelaxedBernoulliStraightThrough: `rsample` returns rounded (0 / 1)
 * values whose gradient is that of the relaxed sample; `logProb` of such a
 * sample scores the relaxed value it came from.
 */
export class RelaxedBernoulliStraightThrough extends RelaxedBernoulli {
  override get className(): string {
    return 'RelaxedBernoulliStraightThrough';
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    let soft: Tensor | undefined;
    const hard = tf.tidy(() => {
      soft = tf.keep(clampProbs(super.rsample(sampleShape)));
      return quantizeBernoulli(soft);
    });
    return attachUnquantized(hard, soft as Tensor);
  }

  override logProb(value: TensorInput): Tensor {
    const soft = value instanceof tf.Tensor ? UNQUANTIZED.get(value) : undefined;
    return super.logProb(soft && !soft.isDisposed ? soft : value);
  }

  override expand(batchShape: readonly number[]): RelaxedBernoulliStraightThrough {
    return super.expand(batchShape) as RelaxedBernoulliStraightThrough;
  }
}

/** The log of a RelaxedOneHotCategorical draw (torch's ExpRelaxedCategorical). */
export class ExpRelaxedCategorical extends Distribution {
  readonly categorical: Categorical;

  constructor(temperature: TensorInput, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: RelaxedArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('ExpRelaxedCategorical', args, ['temperature', 'probs', 'logits']);
    const temperature = required('ExpRelaxedCategorical', kw, 'temperature');
    const categorical = new Categorical({ probs: kw.probs, logits: kw.logits, validateArgs: kw.validateArgs } as ConstructorParameters<typeof Categorical>[0] & object);
    super(categorical.batchShape, [categorical.numEvents], kw);
    this._params.temperature = temperature;
    this.categorical = categorical;
  }

  override get className(): string {
    return 'ExpRelaxedCategorical';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: simplex, logits: realVector };
  }

  override get support(): Constraint {
    return realVector;
  }

  override get hasRsample(): boolean {
    return true;
  }

  temperatureT(): Tensor {
    return toTensor(this._params.temperature as TensorInput);
  }

  get temperature(): Tensor {
    return tf.tidy(() => tf.clone(this.temperatureT()));
  }

  get probs(): Tensor {
    return this.categorical.probs;
  }

  get logits(): Tensor {
    return this.categorical.logits;
  }

  override expand(batchShape: readonly number[]): ExpRelaxedCategorical {
    const copy = this.expandedCopy(batchShape);
    (copy as { categorical: Categorical }).categorical = this.categorical.expand(batchShape);
    return copy;
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const u = clampProbs(rand(this.shape(sampleShape)));
      const gumbels = tf.neg(tf.log(tf.neg(tf.log(u))));
      const scores = tf.div(tf.add(this.categorical.logits, gumbels), this.temperatureT());
      return tf.sub(scores, logsumexp(scores, -1, true));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const k = this.categorical.numEvents;
      const t = this.temperatureT();
      const logScale = tf.add(lgamma(tf.fill(t.shape, k)), tf.mul(tf.log(t), k - 1));
      const score = tf.sub(this.categorical.logits, tf.mul(v, t));
      return tf.add(tf.sum(tf.sub(score, logsumexp(score, -1, true)), -1), logScale);
    });
  }
}

/** `exp(X)` for X ~ ExpRelaxedCategorical: a relaxed one-hot vector on the simplex. */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  constructor(temperature: TensorInput, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: RelaxedArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('RelaxedOneHotCategorical', args, ['temperature', 'probs', 'logits']);
    super(new ExpRelaxedCategorical(kw as unknown as RelaxedArgs), new ExpTransform(), { validateArgs: kw.validateArgs as boolean | undefined });
  }

  override get className(): string {
    return 'RelaxedOneHotCategorical';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: simplex, logits: realVector };
  }

  override get support(): Constraint {
    return simplex;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected get expDist(): ExpRelaxedCategorical {
    return this.baseDist as ExpRelaxedCategorical;
  }

  get temperature(): Tensor {
    return this.expDist.temperature;
  }

  get probs(): Tensor {
    return this.expDist.probs;
  }

  get logits(): Tensor {
    return this.expDist.logits;
  }

  override expand(batchShape: readonly number[]): RelaxedOneHotCategorical {
    return super.expand(batchShape) as RelaxedOneHotCategorical;
  }

  override toString(): string {
    return 'RelaxedOneHotCategorical()';
  }
}

/**
 * Pyro's RelaxedOneHotCategoricalStraightThrough: `rsample` returns one-hot
 * vectors whose gradient is that of the relaxed sample; `logProb` of such a
 * sample scores the relaxed value it came from.
 */
export class RelaxedOneHotCategoricalStraightThrough extends RelaxedOneHotCategorical {
  override get className(): string {
    return 'RelaxedOneHotCategoricalStraightThrough';
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    let soft: Tensor | undefined;
    const hard = tf.tidy(() => {
      soft = tf.keep(clampProbs(super.rsample(sampleShape)));
      return quantizeCategorical(soft);
    });
    return attachUnquantized(hard, soft as Tensor);
  }

  override logProb(value: TensorInput): Tensor {
    const soft = value instanceof tf.Tensor ? UNQUANTIZED.get(value) : undefined;
    return super.logProb(soft && !soft.isDisposed ? soft : value);
  }

  override expand(batchShape: readonly number[]): RelaxedOneHotCategoricalStraightThrough {
    return super.expand(batchShape) as RelaxedOneHotCategoricalStraightThrough;
  }
}
