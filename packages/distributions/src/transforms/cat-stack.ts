// torch's CatTransform and StackTransform: transforms applied to pieces of a tensor.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { cat, stack } from '../constraints/index.js';
import { narrow } from '../constraints/cat-stack.js';
import { Transform } from './transform.js';
import { sumRightmostLenient } from '../internal/util.js';

function checkDim(dim: number, rank: number): number {
  if (dim < -rank || dim >= rank) throw new RangeError(`dim ${dim} out of range for a tensor of rank ${rank}`);
  return dim < 0 ? dim + rank : dim;
}

/**
 * Applies `tseq[i]` to the i-th slice along `dim`, of length `lengths[i]`
 * (default 1 each), and concatenates the results.
 */
export class CatTransform extends Transform {
  readonly className: string = 'CatTransform';
  readonly transforms: readonly Transform[];
  readonly lengths: readonly number[];
  constructor(
    tseq: readonly Transform[],
    readonly dim = 0,
    lengths?: readonly number[],
  ) {
    super();
    this.transforms = [...tseq];
    this.lengths = lengths ? [...lengths] : this.transforms.map(() => 1);
    if (this.lengths.length !== this.transforms.length) throw new Error('CatTransform: lengths and tseq must have the same length');
  }
  override get eventDim(): number {
    return Math.max(...this.transforms.map((t) => t.eventDim));
  }
  get length(): number {
    return this.lengths.reduce((a, b) => a + b, 0);
  }
  override get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  get domain(): Constraint {
    return cat(
      this.transforms.map((t) => t.domain),
      this.dim,
      this.lengths,
    );
  }
  get codomain(): Constraint {
    return cat(
      this.transforms.map((t) => t.codomain),
      this.dim,
      this.lengths,
    );
  }
  private pieces(x: Tensor, f: (t: Transform, v: Tensor) => Tensor): Tensor[] {
    const d = checkDim(this.dim, x.rank);
    if (x.shape[d] !== this.length) throw new Error(`CatTransform: size ${x.shape[d]} at dim ${this.dim}, expected ${this.length}`);
    let start = 0;
    return this.transforms.map((t, i) => {
      const len = this.lengths[i] as number;
      const out = f(t, narrow(x, d, start, len));
      start += len;
      return out;
    });
  }
  protected call(x: Tensor): Tensor {
    return tf.concat(
      this.pieces(x, (t, v) => t.forward(v)),
      checkDim(this.dim, x.rank),
    );
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.concat(
      this.pieces(y, (t, v) => t.inverse(v)),
      checkDim(this.dim, y.rank),
    );
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    const d = checkDim(this.dim, x.rank);
    checkDim(this.dim, y.rank);
    const eventDim = this.eventDim;
    let start = 0;
    const terms = this.transforms.map((t, i) => {
      const len = this.lengths[i] as number;
      let term = t.logAbsDetJacobian(narrow(x, d, start, len), narrow(y, d, start, len));
      if (t.eventDim < eventDim) term = sumRightmostLenient(term, eventDim - t.eventDim);
      start += len;
      return term;
    });
    const catDim = d - x.rank + eventDim;
    if (catDim < 0) return tf.concat(terms, terms[0]!.rank + catDim);
    return tf.addN(terms);
  }
}

/** Applies `tseq[i]` to the i-th index along `dim` and stacks the results. */
export class StackTransform extends Transform {
  readonly className: string = 'StackTransform';
  readonly transforms: readonly Transform[];
  constructor(
    tseq: readonly Transform[],
    readonly dim = 0,
  ) {
    super();
    this.transforms = [...tseq];
  }
  override get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  get domain(): Constraint {
    return stack(
      this.transforms.map((t) => t.domain),
      this.dim,
    );
  }
  get codomain(): Constraint {
    return stack(
      this.transforms.map((t) => t.codomain),
      this.dim,
    );
  }
  private map(z: Tensor, f: (t: Transform, v: Tensor) => Tensor): Tensor[] {
    const d = checkDim(this.dim, z.rank);
    if (z.shape[d] !== this.transforms.length) {
      throw new Error(`StackTransform: size ${z.shape[d]} at dim ${this.dim}, expected ${this.transforms.length}`);
    }
    return tf.unstack(z, d).map((v, i) => f(this.transforms[i]!, v));
  }
  private stackAt(ts: Tensor[]): Tensor {
    const r = ts[0]!.rank + 1;
    return tf.stack(ts, this.dim < 0 ? this.dim + r : this.dim);
  }
  protected call(x: Tensor): Tensor {
    return this.stackAt(this.map(x, (t, v) => t.forward(v)));
  }
  protected override invCall(y: Tensor): Tensor {
    return this.stackAt(this.map(y, (t, v) => t.inverse(v)));
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    const ys = tf.unstack(y, checkDim(this.dim, y.rank));
    const xs = tf.unstack(x, checkDim(this.dim, x.rank));
    return this.stackAt(this.transforms.map((t, i) => t.logAbsDetJacobian(xs[i]!, ys[i]!)));
  }
}
