// Pyro's OrderedTransform: real vectors to increasing vectors.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, orderedVector } from '../constraints/index.js';
import { ParameterlessTransform } from './transform.js';
import { cumsumLast, sliceLast } from '../internal/util.js';

/** y_0 = x_0, y_i = y_{i-1} + exp(x_i): a bijection onto strictly increasing vectors. */
export class OrderedTransform extends ParameterlessTransform {
  readonly className: string = 'OrderedTransform';
  get domain(): Constraint {
    return realVector;
  }
  get codomain(): Constraint {
    return orderedVector;
  }
  override get bijective(): boolean {
    return true;
  }
  protected call(x: Tensor): Tensor {
    const z = tf.concat([sliceLast(x, 0, 1), tf.exp(sliceLast(x, 1))], -1);
    return cumsumLast(z);
  }
  protected override invCall(y: Tensor): Tensor {
    const d = tf.log(tf.sub(sliceLast(y, 1), sliceLast(y, 0, -1)));
    return tf.concat([sliceLast(y, 0, 1), d], -1);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.sum(sliceLast(x, 1), -1);
  }
}
