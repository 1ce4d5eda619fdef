// Empirical: a weighted set of samples (Pyro's Empirical).
import { tf, formatShape, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { Categorical } from '../families/categorical.js';
import { inputShape, parseArgs, required, type DistributionOptions } from './args.js';
import { ValueError } from './errors.js';
import { Distribution } from './internal.js';

export interface EmpiricalArgs extends DistributionOptions {
  samples: TensorInput;
  logWeights: TensorInput;
}

/**
 * `new Empirical(samples, logWeights)`: the distribution putting weight
 * `softmax(logWeights)` on each sample. `logWeights` has the leading shape
 * of `samples`; its last dim indexes the samples, the dims before it are
 * the batch, and the rest of `samples` is the event.
 */
export class Empirical extends Distribution {
  protected readonly categorical: Categorical;
  protected readonly aggregationDim: number;

  constructor(samples: TensorInput, logWeights: TensorInput, options?: DistributionOptions);
  constructor(args: EmpiricalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Empirical', args, ['samples', 'logWeights']);
    const samples = required('Empirical', kw, 'samples');
    const logWeights = required('Empirical', kw, 'logWeights');
    const ss = inputShape(samples);
    const ws = inputShape(logWeights);
    if (ws.length > ss.length || !shapesEqual(ws, ss.slice(0, ws.length))) {
      throw new ValueError(`The shape of \`\`log_weights\`\` (${formatShape(ws)}) must match the leftmost shape of \`\`samples\`\` (${formatShape(ss)})`);
    }
    super(ws.slice(0, -1), ss.slice(ws.length), kw);
    Object.assign(this._params, { samples, logWeights });
    this.aggregationDim = ws.length - 1;
    this.categorical = new Categorical({ logits: logWeights, validateArgs: false });
  }

  override get className(): string {
    return 'Empirical';
  }

  override get support(): Constraint {
    return real;
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  /** Number of samples. */
  get sampleSize(): number {
    return inputShape(this._params.logWeights as TensorInput).reduce((a, b) => a * b, 1);
  }

  get logWeights(): Tensor {
    return tf.tidy(() => tf.clone(toTensor(this._params.logWeights as TensorInput)));
  }

  /** The samples with the sample dim first: `[S, ...batch, ...event]`; call inside tf.tidy. */
  protected samplesFirst(): Tensor {
    const s = toTensor(this._params.samples as TensorInput);
    const d = this.aggregationDim;
    if (d === 0) return s;
    const perm = [...Array(s.rank).keys()];
    perm.splice(d, 1);
    return tf.transpose(s, [d, ...perm]);
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const idx = this.categorical.sample(sampleShape); // sample + batch
      const samples = this.samplesFirst(); // [S, batch, event]
      const n = samples.shape[0] as number;
      const hit = tf.reshape(tf.oneHot(idx, n, 1, 0, 'float32'), [...idx.shape, n, ...this.eventShape.map(() => 1)]);
      // Move the sample dim of `samples` next to the batch: [batch, S, event].
      const b = this.batchShape.length;
      const perm = [...Array(samples.rank).keys()];
      perm.splice(0, 1);
      perm.splice(b, 0, 0);
      const moved = tf.transpose(samples, perm);
      return tf.sum(tf.mul(hit, moved), sampleShape.length + b);
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      let v = toTensor(value);
      if (this.validateArgs && !shapesEqual(v.shape, this.shape())) throw new ValueError(`\`\`value.shape\`\` must be ${formatShape(this.shape())}`);
      if (this.batchShape.length > 0) v = tf.expandDims(v, this.aggregationDim);
      let mask = tf.equal(toTensor(this._params.samples as TensorInput), v);
      for (let i = 0; i < this.eventShape.length; i++) mask = tf.all(mask, -1);
      return tf.log(tf.sum(tf.mul(this.categorical.probs, tf.cast(mask, 'float32')), -1));
    });
  }

  /** Weighted mean over the sample dim of `value` (shape `weights.shape + extra`); call inside tf.tidy. */
  protected weightedMean(value: Tensor): Tensor {
    const w = toTensor(this._params.logWeights as TensorInput);
    const weights = tf.reshape(w, [...w.shape, ...new Array<number>(value.rank - w.rank).fill(1)]);
    const d = this.aggregationDim;
    const rel = tf.exp(tf.sub(weights, tf.max(weights, d, true)));
    return tf.div(tf.sum(tf.mul(value, rel), d), tf.sum(rel, d));
  }

  override get mean(): Tensor {
    return tf.tidy(() => this.weightedMean(toTensor(this._params.samples as TensorInput)));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const samples = toTensor(this._params.samples as TensorInput);
      const mean = tf.expandDims(this.weightedMean(samples), this.aggregationDim);
      return this.weightedMean(tf.square(tf.sub(samples, mean)));
    });
  }

  override enumerateSupport(): Tensor {
    return tf.tidy(() => tf.clone(toTensor(this._params.samples as TensorInput)));
  }
}
