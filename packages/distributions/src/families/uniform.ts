// Uniform(low, high): torch.distributions.Uniform with Pyro's unbroadcast support bounds.
import { tf, broadcastShapes, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { dependent, interval } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { asParam, inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';

export interface UniformArgs extends DistributionOptions {
  low: TensorInput;
  high: TensorInput;
}

const CONTINUOUS_DEPENDENT = dependent.with({ isDiscrete: false, eventDim: 0 });

/** The uniform distribution on `[low, high)`. */
export class Uniform extends Distribution {
  constructor(low: TensorInput, high: TensorInput, options?: DistributionOptions);
  constructor(args: UniformArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Uniform', args, ['low', 'high']);
    const low = required('Uniform', kw, 'low');
    const high = required('Uniform', kw, 'high');
    super(broadcastShapes(inputShape(low), inputShape(high)), [], kw);
    Object.assign(this._params, { low, high });
    if (this.validateArgs) {
      const ok = tf.tidy(() => tf.all(tf.less(this.p('low'), this.p('high'))).dataSync()[0] === 1);
      if (!ok) throw new ValueError('Uniform is not defined when low>= high');
    }
  }

  override get className(): string {
    return 'Uniform';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { low: CONTINUOUS_DEPENDENT, high: CONTINUOUS_DEPENDENT };
  }

  /** `interval(low, high)` with the bounds as given (Pyro keeps them unbroadcast). */
  override get support(): Constraint {
    return interval(asParam(this._params.low as TensorInput), asParam(this._params.high as TensorInput));
  }

  override get hasRsample(): boolean {
    return true;
  }

  get low(): Tensor {
    return this.pOut('low');
  }

  get high(): Tensor {
    return this.pOut('high');
  }

  override expand(batchShape: readonly number[]): Uniform {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.div(tf.add(this.p('high'), this.p('low')), 2));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.mul(this.p('high'), NaN));
  }

  override get stddev(): Tensor {
    return tf.tidy(() => tf.div(tf.sub(this.p('high'), this.p('low')), Math.sqrt(12)));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.div(tf.square(tf.sub(this.p('high'), this.p('low'))), 12));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const low = this.p('low');
      return tf.add(low, tf.mul(rand(this.shape(sampleShape)), tf.sub(this.p('high'), low)));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const low = this.p('low');
      const high = this.p('high');
      const inside = tf.cast(tf.logicalAnd(tf.lessEqual(low, v), tf.greater(high, v)), 'float32');
      return tf.sub(tf.log(inside), tf.log(tf.sub(high, low)));
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const low = this.p('low');
      return tf.clipByValue(tf.div(tf.sub(v, low), tf.sub(this.p('high'), low)), 0, 1);
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const low = this.p('low');
      return tf.add(tf.mul(toTensor(value), tf.sub(this.p('high'), low)), low);
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.log(tf.sub(this.p('high'), this.p('low'))));
  }
}
