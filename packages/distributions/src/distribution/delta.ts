// Delta: a point mass (Pyro's Delta), with an optional log-density.
import { tf, formatShape, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { dependent, independent, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { sumRightmostLenient } from '../internal/util.js';
import { inputShape, parseArgs, required, type DistributionOptions } from './args.js';
import { ValueError } from './errors.js';
import { Distribution } from './internal.js';

export interface DeltaArgs extends DistributionOptions {
  v: TensorInput;
  logDensity?: TensorInput;
  eventDim?: number;
}

/**
 * `new Delta(v, logDensity = 0, eventDim = 0)`: all mass at `v`, whose
 * rightmost `eventDim` dims form the event. `logProb(x)` is `logDensity`
 * where `x == v` (over the whole event) and -Infinity elsewhere; `rsample`
 * returns `v` (so gradients flow to `v`).
 */
export class Delta extends Distribution {
  constructor(v: TensorInput, logDensity?: TensorInput, eventDim?: number, options?: DistributionOptions);
  constructor(args: DeltaArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Delta', args, ['v', 'logDensity', 'eventDim']);
    const v = required('Delta', kw, 'v');
    const eventDim = (kw.eventDim as number | undefined) ?? 0;
    const vShape = inputShape(v);
    if (eventDim > vShape.length) throw new ValueError(`Expected event_dim <= v.dim(), actual ${eventDim} vs ${vShape.length}`);
    const batchDim = vShape.length - eventDim;
    const logDensity = (kw.logDensity as TensorInput | undefined) ?? 0;
    super(vShape.slice(0, batchDim), vShape.slice(batchDim), kw);
    if (typeof logDensity !== 'number' && kw.validateArgs === true && !shapesEqual(inputShape(logDensity), this.batchShape)) {
      throw new ValueError(`Expected log_density.shape = ${formatShape(inputShape(logDensity))}, actual ${formatShape(this.batchShape)}`);
    }
    Object.assign(this._params, { v, logDensity });
    this.validateParams();
  }

  override get className(): string {
    return 'Delta';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { v: dependent, logDensity: real };
  }

  protected override paramEventRank(name: string): number {
    return name === 'v' ? this.eventDim : 0;
  }

  override get support(): Constraint {
    return independent(real, this.eventDim);
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** The point, broadcast to `batchShape + eventShape` (a new tensor). */
  get v(): Tensor {
    return this.pOut('v');
  }

  /** The log-density, broadcast to `batchShape` (a new tensor). */
  get logDensity(): Tensor {
    return this.pOut('logDensity');
  }

  override expand(batchShape: readonly number[]): Delta {
    return this.expandedCopy(batchShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.p('v'), this.shape(sampleShape)));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const x = toTensor(value);
      const v = this.p('v');
      const lp = tf.log(tf.cast(tf.equal(x, v), 'float32'));
      return tf.add(sumRightmostLenient(lp, this.eventDim), this.p('logDensity'));
    });
  }

  override get mean(): Tensor {
    return this.v;
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.zerosLike(this.p('v')));
  }
}
