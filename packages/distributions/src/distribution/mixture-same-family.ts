// MixtureSameFamily: a Categorical mixture of the components along the
// rightmost batch dim of one distribution (torch.distributions.MixtureSameFamily).
import { tf, logsumexp } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import type { TensorInput } from '../internal/params.js';
import { Categorical } from '../families/categorical.js';
import { isKeywordObject, type DistributionOptions } from './args.js';
import { ValueError } from './errors.js';
import { Distribution } from './internal.js';

export interface MixtureSameFamilyArgs extends DistributionOptions {
  mixtureDistribution: Categorical;
  componentDistribution: Distribution;
}

/**
 * `new MixtureSameFamily(mixture, components)`: `mixture` is a Categorical
 * over the K components, which are the rightmost batch dim of
 * `components` (batch shape `[..., K]`). Not reparameterizable.
 */
export class MixtureSameFamily extends Distribution {
  readonly mixtureDistribution: Categorical;
  readonly componentDistribution: Distribution;

  constructor(mixtureDistribution: Categorical, componentDistribution: Distribution, options?: DistributionOptions);
  constructor(args: MixtureSameFamilyArgs);
  constructor(...args: unknown[]) {
    let mix: Categorical;
    let comp: Distribution;
    let options: DistributionOptions = {};
    if (args.length === 1 && isKeywordObject(args[0]) && !(args[0] instanceof Distribution)) {
      const kw = args[0] as unknown as MixtureSameFamilyArgs;
      mix = kw.mixtureDistribution;
      comp = kw.componentDistribution;
      options = { validateArgs: kw.validateArgs };
    } else {
      mix = args[0] as Categorical;
      comp = args[1] as Distribution;
      options = (args[2] as DistributionOptions | undefined) ?? {};
    }
    if (!(mix instanceof Categorical)) throw new ValueError('The Mixture distribution needs to be an instance of torch.distributions.Categorical');
    if (!(comp instanceof Distribution)) throw new ValueError('The Component distribution need to be an instance of torch.distributions.Distribution');
    const mdbs = mix.batchShape;
    const cdbs = comp.batchShape.slice(0, -1);
    for (let i = 1; i <= Math.min(mdbs.length, cdbs.length); i++) {
      const a = mdbs[mdbs.length - i] as number;
      const b = cdbs[cdbs.length - i] as number;
      if (a !== 1 && b !== 1 && a !== b) {
        throw new ValueError(`\`mixture_distribution.batch_shape\` (${mdbs.join(', ')}) is not compatible with \`component_distribution.batch_shape\`(${cdbs.join(', ')})`);
      }
    }
    const km = mix.numEvents;
    const kc = comp.batchShape[comp.batchShape.length - 1];
    if (km !== kc) {
      throw new ValueError(`\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`);
    }
    super(cdbs, comp.eventShape, options);
    this.mixtureDistribution = mix;
    this.componentDistribution = comp;
  }

  override get className(): string {
    return 'MixtureSameFamily';
  }

  override get support(): Constraint {
    return this.componentDistribution.support;
  }

  override expand(batchShape: readonly number[]): MixtureSameFamily {
    const k = this.mixtureDistribution.numEvents;
    return new MixtureSameFamily(this.mixtureDistribution.expand(batchShape), this.componentDistribution.expand([...batchShape, k]), {
      validateArgs: this._validateArgs,
    });
  }

  /** Mixture probabilities shaped to broadcast against component quantities; call inside tf.tidy. */
  protected padMixture(x: Tensor): Tensor {
    const distBatch = this.batchShape.length;
    const catBatch = this.mixtureDistribution.batchShape.length;
    const padNdims = catBatch === 1 ? 0 : distBatch - catBatch;
    const xs = x.shape;
    return tf.reshape(x, [...xs.slice(0, -1), ...new Array<number>(Math.max(0, padNdims)).fill(1), xs[xs.length - 1] as number, ...this.eventShape.map(() => 1)]);
  }

  override get mean(): Tensor {
    return tf.tidy(() => {
      const probs = this.padMixture(this.mixtureDistribution.probs);
      return tf.sum(tf.mul(probs, this.componentDistribution.mean), -1 - this.eventShape.length);
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const probs = this.padMixture(this.mixtureDistribution.probs);
      const axis = -1 - this.eventShape.length;
      const meanCondVar = tf.sum(tf.mul(probs, this.componentDistribution.variance), axis);
      const dev = tf.sub(this.componentDistribution.mean, tf.expandDims(this.mean, axis));
      const varCondMean = tf.sum(tf.mul(probs, tf.square(dev)), axis);
      return tf.add(meanCondVar, varCondMean);
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const x = this.checkedValue(value);
      const cdfX = this.componentDistribution.cdf(tf.expandDims(x, -1 - this.eventShape.length));
      return tf.sum(tf.mul(cdfX, this.mixtureDistribution.probs), -1);
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const x = this.checkedValue(value);
      const lpX = this.componentDistribution.logProb(tf.expandDims(x, -1 - this.eventShape.length));
      const logMix = tf.logSoftmax(this.mixtureDistribution.logits, -1);
      return logsumexp(tf.add(lpX, logMix), -1);
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const es = this.eventShape;
      const mix = this.mixtureDistribution.sample(sampleShape); // sample + batch
      const comp = this.componentDistribution.sample(sampleShape); // sample + batch + [K] + event
      const k = this.mixtureDistribution.numEvents;
      const hit = tf.reshape(tf.oneHot(mix, k, 1, 0, 'float32'), [...mix.shape, k, ...es.map(() => 1)]);
      return tf.sum(tf.mul(comp, hit), mix.rank);
    });
  }

  override toString(): string {
    return `MixtureSameFamily(\n  ${this.mixtureDistribution.toString()},\n  ${this.componentDistribution.toString()})`;
  }
}
