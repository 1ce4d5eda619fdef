// Pyro's LowerCholeskyAffine: y = L x + loc for a lower-triangular L.
import { tf, diagonal, triangularSolve } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { realVector } from '../constraints/index.js';
import { Transform } from './transform.js';
import { paramShape, paramTensor, type Param } from '../internal/params.js';

/**
 * y = scaleTril · x + loc on vectors (event dim 1), where `loc` has size D
 * and `scaleTril` is D×D lower-triangular (both stay the caller's).
 */
export class LowerCholeskyAffine extends Transform {
  readonly className: string = 'LowerCholeskyAffine';
  readonly volumePreserving = false;
  constructor(
    readonly loc: Param,
    readonly scaleTril: Param,
  ) {
    super();
    const ls = paramShape(loc);
    const ss = paramShape(scaleTril);
    const d = ls[ls.length - 1];
    if (ss.length < 2 || d !== ss[ss.length - 1] || d !== ss[ss.length - 2]) {
      throw new Error(`loc and scale_tril must be of size D and D x D, respectively (instead: [${ls.join(', ')}], [${ss.join(', ')}])`);
    }
  }
  get domain(): Constraint {
    return realVector;
  }
  get codomain(): Constraint {
    return realVector;
  }
  override get bijective(): boolean {
    return true;
  }
  protected call(x: Tensor): Tensor {
    const lx = tf.squeeze(tf.matMul(paramTensor(this.scaleTril), tf.expandDims(x, -1)), [-1]);
    return tf.add(lx, paramTensor(this.loc));
  }
  protected override invCall(y: Tensor): Tensor {
    const rhs = tf.expandDims(tf.sub(y, paramTensor(this.loc)), -1);
    return tf.squeeze(triangularSolve(paramTensor(this.scaleTril), rhs, { upper: false }), [-1]);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    const logdet = tf.sum(tf.log(diagonal(paramTensor(this.scaleTril))), -1);
    return tf.mul(tf.ones(x.shape.slice(0, -1)), logdet);
  }
}
