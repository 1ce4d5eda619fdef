// Transforms onto lower-triangular factors and positive-definite matrices.
import { tf, cholesky, diagEmbed, diagonal, eye, matrixTranspose, softplus, tril } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real, lowerCholesky, unitLowerCholesky, positiveDefinite, corrMatrix, corrCholesky } from '../constraints/index.js';
import { ParameterlessTransform } from './transform.js';
import { softplusInv } from './elementwise.js';

/** `independent(real, 2)`: the domain of the matrix transforms. */
const REAL_MATRIX: Constraint = independent(real, 2);

/**
 * Unconstrained square matrices to lower-triangular matrices with positive
 * diagonal: strictly lower part kept, diagonal exponentiated. Not bijective
 * in torch's bookkeeping (no log-Jacobian: NotImplementedError).
 */
export class LowerCholeskyTransform extends ParameterlessTransform {
  readonly className: string = 'LowerCholeskyTransform';
  get domain(): Constraint {
    return REAL_MATRIX;
  }
  get codomain(): Constraint {
    return lowerCholesky;
  }
  protected call(x: Tensor): Tensor {
    return tf.add(tril(x, -1), diagEmbed(tf.exp(diagonal(x))));
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.add(tril(y, -1), diagEmbed(tf.log(diagonal(y))));
  }
}

/** Pyro's variant of LowerCholeskyTransform with a softplus diagonal. */
export class SoftplusLowerCholeskyTransform extends ParameterlessTransform {
  readonly className: string = 'SoftplusLowerCholeskyTransform';
  get domain(): Constraint {
    return REAL_MATRIX;
  }
  get codomain(): Constraint {
    return lowerCholesky;
  }
  protected call(x: Tensor): Tensor {
    return tf.add(tril(x, -1), diagEmbed(softplus(diagonal(x))));
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.add(tril(y, -1), diagEmbed(softplusInv(diagonal(y))));
  }
}

/** Pyro's UnitLowerCholeskyTransform: strictly lower part kept, ones on the diagonal; inverse is the identity. */
export class UnitLowerCholeskyTransform extends ParameterlessTransform {
  readonly className: string = 'UnitLowerCholeskyTransform';
  get domain(): Constraint {
    return REAL_MATRIX;
  }
  get codomain(): Constraint {
    return unitLowerCholesky;
  }
  protected call(x: Tensor): Tensor {
    return tf.add(tril(x, -1), eye(x.shape[x.rank - 1] as number));
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.clone(y);
  }
}

/** torch's PositiveDefiniteTransform: L Lᵀ with L = LowerCholeskyTransform(x). No log-Jacobian. */
export class PositiveDefiniteTransform extends ParameterlessTransform {
  readonly className: string = 'PositiveDefiniteTransform';
  get domain(): Constraint {
    return REAL_MATRIX;
  }
  get codomain(): Constraint {
    return positiveDefinite;
  }
  protected call(x: Tensor): Tensor {
    const l = new LowerCholeskyTransform().forward(x);
    return tf.matMul(l, matrixTranspose(l));
  }
  protected override invCall(y: Tensor): Tensor {
    return new LowerCholeskyTransform().inverse(cholesky(y));
  }
}

/** log of [a, a-1, ..., a-n+1] weights times log diag(y), summed over the last dim. */
function weightedLogDiag(y: Tensor, first: number): Tensor {
  const n = y.shape[y.rank - 1] as number;
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = first - i;
  return tf.sum(tf.mul(tf.tensor1d(w), tf.log(diagonal(y))), -1);
}

/**
 * Pyro's CholeskyTransform: positive-definite matrices to their lower
 * Cholesky factor; inverse y yᵀ; log-Jacobian -n log 2 - Σ (n - i) log y_ii.
 */
export class CholeskyTransform extends ParameterlessTransform {
  readonly className: string = 'CholeskyTransform';
  get domain(): Constraint {
    return positiveDefinite;
  }
  get codomain(): Constraint {
    return lowerCholesky;
  }
  override get bijective(): boolean {
    return true;
  }
  protected call(x: Tensor): Tensor {
    return cholesky(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.matMul(y, matrixTranspose(y));
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    const n = x.shape[x.rank - 1] as number;
    return tf.sub(-n * Math.LN2, weightedLogDiag(y, n));
  }
}

/**
 * Pyro's CorrMatrixCholeskyTransform: correlation matrices to their
 * Cholesky factor; log-Jacobian -Σ (n - 1 - i) log y_ii.
 */
export class CorrMatrixCholeskyTransform extends CholeskyTransform {
  override readonly className: string = 'CorrMatrixCholeskyTransform';
  override get domain(): Constraint {
    return corrMatrix;
  }
  override get codomain(): Constraint {
    return corrCholesky;
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    const n = x.shape[x.rank - 1] as number;
    return tf.neg(weightedLogDiag(y, n - 1));
  }
}
