// Pyro's AsymmetricLaplace, SoftAsymmetricLaplace and SoftLaplace.
import { tf, broadcastShapes, erfc, erfcx, logsumexp, rand, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { LocScaleDistribution, type LocScaleArgs } from '../distribution/loc-scale.js';

/** Standard exponential draws; call inside tf.tidy. */
function exponentials(shape: number[]): Tensor {
  return tf.neg(tf.log1p(tf.neg(rand(shape))));
}

/** log erfc(x), through erfcx for x > 0 (no underflow in the right tail); call inside tf.tidy. */
function logErfc(x: Tensor): Tensor {
  const pos = tf.greater(x, 0);
  const xp = tf.where(pos, x, tf.zerosLike(x));
  const xn = tf.where(pos, tf.zerosLike(x), x);
  return tf.where(pos, tf.sub(tf.log(erfcx(xp)), tf.square(xp)), tf.log(erfc(xn)));
}

/** log(exp(a) + exp(b)); call inside tf.tidy. */
function logAddExp(a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  return logsumexp(tf.stack([tf.broadcastTo(a, shape), tf.broadcastTo(b, shape)]), 0);
}

/** Shared by the asymmetric Laplace families: left / right scales. */
abstract class AsymmetricBase extends Distribution {
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

  /** scale · asymmetry; call inside tf.tidy. */
  protected leftScale(): Tensor {
    return tf.mul(this.p('scale'), this.p('asymmetry'));
  }

  /** scale / asymmetry; call inside tf.tidy. */
  protected rightScale(): Tensor {
    return tf.div(this.p('scale'), this.p('asymmetry'));
  }

  override get mean(): Tensor {
    return tf.tidy(() => {
      const l = this.leftScale();
      const r = this.rightScale();
      return tf.add(this.p('loc'), tf.div(tf.sub(tf.square(r), tf.square(l)), tf.add(l, r)));
    });
  }

  /** The variance of the asymmetric Laplace part; call inside tf.tidy. */
  protected laplaceVariance(): Tensor {
    const l = this.leftScale();
    const r = this.rightScale();
    const t = tf.add(l, r);
    const p = tf.div(l, t);
    const q = tf.div(r, t);
    return tf.add(tf.add(tf.mul(p, tf.square(l)), tf.mul(q, tf.square(r))), tf.mul(tf.mul(p, q), tf.square(t)));
  }
}

export interface AsymmetricLaplaceArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
  asymmetry: TensorInput;
}

/** Laplace with left scale `scale · asymmetry` and right scale `scale / asymmetry`. */
export class AsymmetricLaplace extends AsymmetricBase {
  constructor(loc: TensorInput, scale: TensorInput, asymmetry: TensorInput, options?: DistributionOptions);
  constructor(args: AsymmetricLaplaceArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('AsymmetricLaplace', args, ['loc', 'scale', 'asymmetry']);
    const loc = required('AsymmetricLaplace', kw, 'loc');
    const scale = required('AsymmetricLaplace', kw, 'scale');
    const asymmetry = required('AsymmetricLaplace', kw, 'asymmetry');
    super(broadcastShapes(inputShape(loc), inputShape(scale), inputShape(asymmetry)), [], kw);
    Object.assign(this._params, { loc, scale, asymmetry });
    this.validateParams();
  }

  override get className(): string {
    return 'AsymmetricLaplace';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive, asymmetry: positive };
  }

  override expand(batchShape: readonly number[]): AsymmetricLaplace {
    return this.expandedCopy(batchShape);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const l = this.leftScale();
      const r = this.rightScale();
      const z = tf.sub(v, this.p('loc'));
      const shape = broadcastShapes(z.shape, l.shape);
      const side = tf.where(tf.broadcastTo(tf.less(z, 0), shape), tf.broadcastTo(l, shape), tf.broadcastTo(r, shape));
      return tf.sub(tf.div(tf.neg(tf.abs(z)), side), tf.log(tf.add(l, r)));
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      return tf.add(tf.sub(this.p('loc'), tf.mul(this.leftScale(), exponentials(shape))), tf.mul(this.rightScale(), exponentials(shape)));
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => this.laplaceVariance());
  }
}

export interface SoftAsymmetricLaplaceArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
  asymmetry?: TensorInput;
  softness?: TensorInput;
}

/** An AsymmetricLaplace convolved with Normal(0, scale · softness): smooth, with exponential tails. */
export class SoftAsymmetricLaplace extends AsymmetricBase {
  constructor(loc: TensorInput, scale: TensorInput, asymmetry?: TensorInput, softness?: TensorInput, options?: DistributionOptions);
  constructor(args: SoftAsymmetricLaplaceArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('SoftAsymmetricLaplace', args, ['loc', 'scale', 'asymmetry', 'softness']);
    const loc = required('SoftAsymmetricLaplace', kw, 'loc');
    const scale = required('SoftAsymmetricLaplace', kw, 'scale');
    const asymmetry = (kw.asymmetry as TensorInput | undefined) ?? 1;
    const softness = (kw.softness as TensorInput | undefined) ?? 1;
    super(broadcastShapes(inputShape(loc), inputShape(scale), inputShape(asymmetry), inputShape(softness)), [], kw);
    Object.assign(this._params, { loc, scale, asymmetry, softness });
    this.validateParams();
  }

  override get className(): string {
    return 'SoftAsymmetricLaplace';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive, asymmetry: positive, softness: positive };
  }

  get softness(): Tensor {
    return this.pOut('softness');
  }

  override expand(batchShape: readonly number[]): SoftAsymmetricLaplace {
    return this.expandedCopy(batchShape);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const x = tf.div(tf.sub(v, this.p('loc')), scale);
      const L = this.p('asymmetry');
      const R = tf.reciprocal(L);
      const S = this.p('softness');
      const SS = tf.square(S);
      const S2 = tf.mul(S, Math.SQRT2);
      const Lx = tf.mul(L, x);
      const Rx = tf.mul(R, x);
      // The Normal(0, S) density integrated against each exponential tail, in closed form through erfc.
      const left = tf.add(tf.div(tf.add(tf.div(SS, 2), Lx), tf.square(L)), logErfc(tf.div(tf.add(SS, Lx), tf.mul(L, S2))));
      const right = tf.add(tf.div(tf.sub(tf.div(SS, 2), Rx), tf.square(R)), logErfc(tf.div(tf.sub(SS, Rx), tf.mul(R, S2))));
      return tf.sub(tf.sub(tf.add(logAddExp(left, right), Math.log(0.5)), tf.log(tf.add(L, R))), tf.log(scale));
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const soft = tf.mul(this.p('scale'), this.p('softness'));
      const z = randn(shape);
      return tf.add(tf.sub(tf.add(this.p('loc'), tf.mul(soft, z)), tf.mul(this.leftScale(), exponentials(shape))), tf.mul(this.rightScale(), exponentials(shape)));
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.add(this.laplaceVariance(), tf.square(tf.mul(this.p('scale'), this.p('softness')))));
  }
}

export type SoftLaplaceArgs = LocScaleArgs;

/** Pyro's SoftLaplace: log-density log(2/π) − log scale − logaddexp(z, −z). */
export class SoftLaplace extends LocScaleDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: SoftLaplaceArgs);
  constructor(...args: unknown[]) {
    super('SoftLaplace', args);
  }

  override get className(): string {
    return 'SoftLaplace';
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const z = tf.div(tf.sub(v, this.p('loc')), scale);
      return tf.sub(tf.sub(Math.log(2 / Math.PI), tf.log(scale)), logAddExp(z, tf.neg(z)));
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => this.icdf(rand(this.shape(sampleShape))));
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      return tf.mul(tf.atan(tf.exp(tf.div(tf.sub(v, this.p('loc')), this.p('scale')))), 2 / Math.PI);
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => tf.add(tf.mul(tf.log(tf.tan(tf.mul(toTensor(value), Math.PI / 2))), this.p('scale')), this.p('loc')));
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.square(tf.mul(this.p('scale'), Math.PI / 2)));
  }
}
