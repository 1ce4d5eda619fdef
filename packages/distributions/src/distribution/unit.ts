// Unit: the trivial unnormalized distribution of `factor` statements (Pyro's Unit).
import { tf, broadcastShapes } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from './args.js';
import { Distribution } from './internal.js';

export interface UnitArgs extends DistributionOptions {
  logFactor: TensorInput;
  hasRsample?: boolean;
}

/**
 * `new Unit(logFactor, { hasRsample })`: the unit type, with event shape
 * `[0]` (values hold no data) and `logProb` equal to `logFactor` broadcast
 * against the value's batch dims. Used by `factor`.
 */
export class Unit extends Distribution {
  constructor(logFactor: TensorInput, options?: DistributionOptions & { hasRsample?: boolean });
  constructor(args: UnitArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Unit', args, ['logFactor'], ['hasRsample']);
    const logFactor = required('Unit', kw, 'logFactor');
    super(inputShape(logFactor), [0], kw);
    this._params.logFactor = logFactor;
    if (kw.hasRsample !== undefined) this.hasRsample_(kw.hasRsample as boolean);
    this.validateParams();
  }

  override get className(): string {
    return 'Unit';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { logFactor: real };
  }

  override get support(): Constraint {
    return real;
  }

  /** `logFactor` broadcast to the batch shape (a new tensor). */
  get logFactor(): Tensor {
    return this.pOut('logFactor');
  }

  override expand(batchShape: readonly number[]): Unit {
    return this.expandedCopy(batchShape);
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.zeros(this.shape(sampleShape));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.zeros(this.shape(sampleShape));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = toTensor(value);
      const shape = broadcastShapes(this.batchShape, v.shape.slice(0, Math.max(0, v.rank - 1)));
      return tf.broadcastTo(this.p('logFactor'), shape);
    });
  }
}
