// Constraints on matrices (event_dim 2).
import { tf, cholesky, diagonal, matrixTranspose, tril } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint } from './constraint.js';

function batchOf(value: Tensor): number[] {
  return value.shape.slice(0, value.rank - 2);
}

/** all(x) over the last two dims. */
function allMatrix(x: Tensor): Tensor {
  return tf.all(tf.reshape(x, [...x.shape.slice(0, x.rank - 2), -1]), -1);
}

function isLowerTriangular(value: Tensor): Tensor {
  return allMatrix(tf.equal(tril(value), value));
}

/** Lower-triangular square matrices. */
export class LowerTriangular extends Constraint {
  readonly className: string = '_LowerTriangular';
  constructor() {
    super('lower_triangular');
  }
  override get eventDim(): number {
    return 2;
  }
  protected checkTensor(value: Tensor): Tensor {
    return isLowerTriangular(value);
  }
}

/** Lower-triangular square matrices with positive diagonals. */
export class LowerCholesky extends Constraint {
  readonly className: string = '_LowerCholesky';
  constructor() {
    super('lower_cholesky');
  }
  override get eventDim(): number {
    return 2;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(isLowerTriangular(value), tf.all(tf.greater(diagonal(value), 0), -1));
  }
}

/** Pyro's `softplus_lower_cholesky`: a lower Cholesky constraint that `transformTo` maps through softplus. */
export class SoftplusLowerCholesky extends LowerCholesky {
  override readonly className: string = '_SoftplusLowerCholesky';
  constructor() {
    super();
    Object.defineProperty(this, 'name', { value: 'softplus_lower_cholesky' });
  }
}

/** Pyro's `unit_lower_cholesky`: lower-triangular with ones on the diagonal. */
export class UnitLowerCholesky extends Constraint {
  readonly className: string = '_UnitLowerCholesky';
  constructor() {
    super('unit_lower_cholesky');
  }
  override get eventDim(): number {
    return 2;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(isLowerTriangular(value), tf.all(tf.equal(diagonal(value), 1), -1));
  }
}

/**
 * Cholesky factors of correlation matrices: lower Cholesky with rows of unit
 * norm. The row-norm tolerance is 1e-4, as Pyro patches torch's check.
 */
export class CorrCholesky extends Constraint {
  readonly className: string = '_CorrCholesky';
  constructor() {
    super('corr_cholesky');
  }
  override get eventDim(): number {
    return 2;
  }
  protected checkTensor(value: Tensor): Tensor {
    const rowNorm = tf.sqrt(tf.sum(tf.square(value), -1));
    const unitRowNorm = tf.all(tf.lessEqual(tf.abs(tf.sub(rowNorm, 1)), 1e-4), -1);
    return tf.logicalAnd(new LowerCholesky().check(value), unitRowNorm);
  }
}

/** Square matrices. */
export class Square extends Constraint {
  readonly className: string = '_Square';
  constructor() {
    super('square');
  }
  override get eventDim(): number {
    return 2;
  }
  protected checkTensor(value: Tensor): Tensor {
    const isSquare = value.shape[value.rank - 2] === value.shape[value.rank - 1];
    return tf.fill(batchOf(value), isSquare ? 1 : 0, 'bool');
  }
}

/** Symmetric square matrices (torch.isclose with atol 1e-6, rtol 1e-5). */
export class Symmetric extends Square {
  override readonly className: string = '_Symmetric';
  constructor() {
    super();
    Object.defineProperty(this, 'name', { value: 'symmetric' });
  }
  protected override checkTensor(value: Tensor): Tensor {
    if (value.shape[value.rank - 2] !== value.shape[value.rank - 1]) return super.checkTensor(value);
    const t = matrixTranspose(value);
    const close = tf.lessEqual(tf.abs(tf.sub(value, t)), tf.add(1e-6, tf.mul(1e-5, tf.abs(t))));
    return allMatrix(close);
  }
}

/**
 * Whether each matrix has a Cholesky factor (finite, positive diagonal).
 * Unlike torch, which returns the symmetry check alone for the whole batch
 * when any matrix is asymmetric, this combines both checks per matrix.
 */
function choleskyOk(value: Tensor): Tensor {
  const d = diagonal(cholesky(value));
  return tf.all(tf.logicalAnd(tf.isFinite(d), tf.greater(d, 0)), -1);
}

/** Symmetric positive-definite matrices. */
export class PositiveDefinite extends Symmetric {
  override readonly className: string = '_PositiveDefinite';
  constructor() {
    super();
    Object.defineProperty(this, 'name', { value: 'positive_definite' });
  }
  protected override checkTensor(value: Tensor): Tensor {
    const sym = super.checkTensor(value);
    if (value.shape[value.rank - 2] !== value.shape[value.rank - 1]) return sym;
    return tf.logicalAnd(sym, choleskyOk(value));
  }
}

/**
 * Symmetric positive-semidefinite matrices. tfjs has no symmetric eigensolver,
 * so this checks that `value + δI` has a Cholesky factor with
 * `δ = 1e-6 · max(1, max |diag|)` (torch checks `eigvalsh >= 0`; in float32
 * the two agree up to that tolerance).
 */
export class PositiveSemidefinite extends Symmetric {
  override readonly className: string = '_PositiveSemidefinite';
  constructor() {
    super();
    Object.defineProperty(this, 'name', { value: 'positive_semidefinite' });
  }
  protected override checkTensor(value: Tensor): Tensor {
    const sym = super.checkTensor(value);
    const n = value.shape[value.rank - 1] as number;
    if (value.shape[value.rank - 2] !== n) return sym;
    const scale = tf.maximum(1, tf.max(tf.abs(diagonal(value)), -1, true));
    const jitter = tf.mul(tf.expandDims(tf.mul(1e-6, scale), -1), tf.eye(n));
    return tf.logicalAnd(sym, choleskyOk(tf.add(value, jitter)));
  }
}

/** Pyro's `corr_matrix`: positive definite with unit diagonal (to 1e-6). */
export class CorrMatrix extends Constraint {
  readonly className: string = '_CorrMatrix';
  constructor() {
    super('corr_matrix');
  }
  override get eventDim(): number {
    return 2;
  }
  protected checkTensor(value: Tensor): Tensor {
    const unitVariance = tf.all(tf.less(tf.abs(tf.sub(diagonal(value), 1)), 1e-6), -1);
    return tf.logicalAnd(new PositiveDefinite().check(value), unitVariance);
  }
}
