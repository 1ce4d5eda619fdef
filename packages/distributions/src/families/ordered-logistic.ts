// OrderedLogistic(predictor, cutpoints): Pyro's ordinal-regression
// Categorical (pyro.distributions.OrderedLogistic).
import { tf, broadcastShapes } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { orderedVector, real } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { toTensor } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Categorical } from './categorical.js';

export interface OrderedLogisticArgs extends DistributionOptions {
  predictor: TensorInput;
  cutpoints: TensorInput;
}

/**
 * Category probabilities from cumulative log-odds: with
 * q_k = sigmoid(cutpoints_k − predictor) (k < K − 1), P(0) = q_0,
 * P(k) = q_k − q_(k−1), P(K − 1) = 1 − q_(K−2). Call inside tf.tidy.
 */
function orderedProbs(predictor: Tensor, cutpoints: Tensor): Tensor {
  const q = tf.sigmoid(tf.sub(cutpoints, tf.expandDims(predictor, -1)));
  const rank = q.rank;
  const pad = (x: Tensor, before: number, after: number, value: number): Tensor =>
    tf.pad(
      x,
      x.shape.map((_, i) => (i === rank - 1 ? ([before, after] as [number, number]) : ([0, 0] as [number, number]))),
      value,
    );
  // [q, 1] − [0, q] = [q_0, q_1 − q_0, ..., 1 − q_(K−2)].
  return tf.sub(pad(q, 0, 1, 1), pad(q, 1, 0, 0));
}

/**
 * A Categorical over K ordered categories parameterized by a real
 * `predictor` (batch-shaped) and K − 1 increasing `cutpoints` (the last dim;
 * the leading dims broadcast with the predictor). Samples are int32 indices.
 * Validation checks `predictor` (real) and `cutpoints` (ordered vector), as
 * Pyro; the derived probabilities are not checked.
 */
export class OrderedLogistic extends Categorical {
  constructor(predictor: TensorInput, cutpoints: TensorInput, options?: DistributionOptions);
  constructor(predictor: TensorInput, args: Omit<OrderedLogisticArgs, 'predictor'>);
  constructor(args: OrderedLogisticArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('OrderedLogistic', args, ['predictor', 'cutpoints']);
    const predictor = required('OrderedLogistic', kw, 'predictor');
    const cutpoints = required('OrderedLogistic', kw, 'cutpoints');
    const cShape = inputShape(cutpoints);
    if (cShape.length < 1) throw new ValueError('`cutpoints` parameter must be at least one-dimensional.');
    const batch = broadcastShapes(inputShape(predictor), cShape.slice(0, -1));
    const probs = (): Tensor => tf.broadcastTo(orderedProbs(toTensor(predictor), toTensor(cutpoints)), [...batch, (cShape[cShape.length - 1] as number) + 1]);
    super({ probs: probs as unknown as TensorInput, validateArgs: kw.validateArgs as boolean | undefined });
    Object.assign(this._params, { predictor, cutpoints });
    this.validateParams();
  }

  override get className(): string {
    return 'OrderedLogistic';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { predictor: real, cutpoints: orderedVector };
  }

  protected override paramEventRank(name?: string): number {
    return name === 'predictor' ? 0 : 1;
  }

  protected override paramValue(name: string): Tensor | undefined {
    if (name === 'predictor' || name === 'cutpoints') {
      const x = this._params[name];
      return x === undefined ? undefined : this.bcast(x, this.paramEventRank(name));
    }
    return super.paramValue(name);
  }

  /** The predictor broadcast to the batch shape. */
  get predictor(): Tensor {
    return this.pOut('predictor');
  }

  /** The cutpoints broadcast to `batchShape + [K − 1]`. */
  get cutpoints(): Tensor {
    return this.pOut('cutpoints');
  }

  override expand(batchShape: readonly number[]): OrderedLogistic {
    return this.expandedCopy(batchShape);
  }
}
