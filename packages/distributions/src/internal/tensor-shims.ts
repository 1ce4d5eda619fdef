// TEMPORARY LOCAL SHIM — to be replaced by the special functions of the same
// names from @pyro-ts/tensor (packages/tensor/src/special) as soon as they
// land. Nothing here is exported from the package. Plain tfjs ops,
// each meant to be called inside a tf.tidy.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

/** log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)). */
export function softplus(x: Tensor): Tensor {
  return tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

export function logsigmoid(x: Tensor): Tensor {
  return tf.neg(softplus(tf.neg(x)));
}

export function sigmoid(x: Tensor): Tensor {
  return tf.sigmoid(x);
}

export function log1p(x: Tensor): Tensor {
  return tf.log1p(x);
}

export function expm1(x: Tensor): Tensor {
  return tf.expm1(x);
}
