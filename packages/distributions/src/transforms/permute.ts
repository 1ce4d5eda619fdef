// Pyro's Permute: reorders the entries of a dim by a fixed permutation.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real } from '../constraints/index.js';
import { Transform } from './transform.js';
import { isTensor } from '@pyro-ts/tensor';

/**
 * y = x.index_select(dim, permutation) for a negative `dim` (default -1),
 * whose event dim is `-dim`. The log-Jacobian is 0. `permutation` is an
 * array of indices or an integer tensor (read once, at construction).
 */
export class Permute extends Transform {
  readonly className: string = 'Permute';
  readonly volumePreserving = true;
  readonly permutation: readonly number[];
  readonly invPermutation: readonly number[];
  readonly dim: number;
  private readonly _domain: Constraint;

  constructor(permutation: readonly number[] | Tensor, options: { dim?: number } = {}) {
    super();
    const dim = options.dim ?? -1;
    if (dim >= 0) throw new Error("'dim' keyword argument must be negative");
    this.dim = dim;
    const perm = isTensor(permutation) ? Array.from(permutation.dataSync() as ArrayLike<number>) : [...permutation];
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    if (perm.length !== new Set(perm).size || inv.some((v) => v === undefined) || inv.length !== perm.length) {
      throw new Error(`Permute: [${perm.join(', ')}] is not a permutation`);
    }
    this.permutation = perm;
    this.invPermutation = inv;
    this._domain = independent(real, -dim);
  }
  get domain(): Constraint {
    return this._domain;
  }
  get codomain(): Constraint {
    return this._domain;
  }
  override get bijective(): boolean {
    return true;
  }
  protected call(x: Tensor): Tensor {
    return tf.gather(x, tf.tensor1d(this.permutation as number[], 'int32'), x.rank + this.dim);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.gather(y, tf.tensor1d(this.invPermutation as number[], 'int32'), y.rank + this.dim);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.zeros(x.shape.slice(0, x.rank + this.dim));
  }
}
