// Pyro's Logistic(loc, scale) and SkewLogistic(loc, scale, asymmetry).
import { tf, broadcastShapes, logsigmoid, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { LocScaleDistribution, type LocScaleArgs } from '../distribution/loc-scale.js';

export type LogisticArgs = LocScaleArgs;

/** The logistic distribution: density e^-z / (scale (1 + e^-z)²) with z = (x − loc) / scale. */
export class Logistic extends LocScaleDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: LogisticArgs);
  constructor(...args: unknown[]) {
    super('Logistic', args);
  }

  override get className(): string {
    return 'Logistic';
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const z = tf.div(tf.sub(v, this.p('loc')), scale);
      return tf.sub(tf.sub(tf.mul(logsigmoid(z), 2), z), tf.log(scale));
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => this.icdf(rand(this.shape(sampleShape))));
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      return tf.sigmoid(tf.div(tf.sub(v, this.p('loc')), this.p('scale')));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const q = toTensor(value);
      return tf.add(this.p('loc'), tf.mul(this.p('scale'), tf.log(tf.div(q, tf.sub(1, q)))));
    });
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.mul(tf.square(this.p('scale')), (Math.PI * Math.PI) / 3));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.add(tf.log(this.p('scale')), 2));
  }
}

export interface SkewLogisticArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
  asymmetry?: TensorInput;
}

/** Pyro's skewed logistic (type I generalized logistic): density α e^-z / (scale (1 + e^-z)^(α+1)). */
export class SkewLogistic extends Distribution {
  constructor(loc: TensorInput, scale: TensorInput, asymmetry?: TensorInput, options?: DistributionOptions);
  constructor(args: SkewLogisticArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('SkewLogistic', args, ['loc', 'scale', 'asymmetry']);
    const loc = required('SkewLogistic', kw, 'loc');
    const scale = required('SkewLogistic', kw, 'scale');
    const asymmetry = (kw.asymmetry as TensorInput | undefined) ?? 1;
    super(broadcastShapes(inputShape(loc), inputShape(scale), inputShape(asymmetry)), [], kw);
    Object.assign(this._params, { loc, scale, asymmetry });
    this.validateParams();
  }

  override get className(): string {
    return 'SkewLogistic';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive, asymmetry: positive };
  }

  override get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get scale(): Tensor {
    return this.pOut('scale');
  }

  get asymmetry(): Tensor {
    return this.pOut('asymmetry');
  }

  override expand(batchShape: readonly number[]): SkewLogistic {
    return this.expandedCopy(batchShape);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const a = this.p('asymmetry');
      const z = tf.div(tf.sub(v, this.p('loc')), scale);
      return tf.sub(tf.add(tf.sub(tf.log(a), z), tf.mul(logsigmoid(z), tf.add(a, 1))), tf.log(scale));
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => this.icdf(rand(this.shape(sampleShape))));
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const z = tf.div(tf.sub(v, this.p('loc')), this.p('scale'));
      return tf.pow(tf.sigmoid(z), this.p('asymmetry'));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const w = tf.pow(toTensor(value), tf.reciprocal(this.p('asymmetry')));
      return tf.add(this.p('loc'), tf.mul(this.p('scale'), tf.log(tf.div(w, tf.sub(1, w)))));
    });
  }
}
