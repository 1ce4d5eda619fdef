// Constraint functors over pieces of a tensor: cat (slices along a dim) and
// stack (one constraint per index of a dim).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint } from './constraint.js';

function normDim(dim: number, rank: number, what: string): number {
  if (dim < -rank || dim >= rank) throw new RangeError(`${what}: dim ${dim} out of range for a tensor of rank ${rank}`);
  return dim < 0 ? dim + rank : dim;
}

/** The slice of `x` of length `length` from `start` along `dim` (torch's narrow). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const begin = x.shape.map(() => 0);
  const size = x.shape.slice();
  begin[dim] = start;
  size[dim] = length;
  return tf.slice(x, begin, size);
}

/**
 * Applies `cseq[i]` to the i-th slice along `dim`, of length `lengths[i]`
 * (default 1 each), as `torch.cat` would join them.
 */
export class Cat extends Constraint {
  readonly className: string = '_Cat';
  readonly cseq: Constraint[];
  readonly lengths: number[];
  constructor(
    cseq: readonly Constraint[],
    readonly dim = 0,
    lengths?: readonly number[],
  ) {
    super('cat');
    this.cseq = [...cseq];
    this.lengths = lengths ? [...lengths] : this.cseq.map(() => 1);
    if (this.lengths.length !== this.cseq.length) throw new Error('cat: lengths and cseq must have the same length');
  }
  override get isDiscrete(): boolean {
    return this.cseq.some((c) => c.isDiscrete);
  }
  override get eventDim(): number {
    return Math.max(...this.cseq.map((c) => c.eventDim));
  }
  protected checkTensor(value: Tensor): Tensor {
    const d = normDim(this.dim, value.rank, 'cat');
    const checks: Tensor[] = [];
    let start = 0;
    this.cseq.forEach((c, i) => {
      const len = this.lengths[i] as number;
      checks.push(c.check(narrow(value, d, start, len)));
      start += len;
    });
    // torch concatenates at the same (signed) dim of the check results.
    const r = checks[0]!.rank;
    return tf.concat(checks, this.dim < 0 ? this.dim + r : this.dim);
  }
}

/** Applies `cseq[i]` to the i-th index along `dim`, as `torch.stack` would join them. */
export class Stack extends Constraint {
  readonly className: string = '_Stack';
  readonly cseq: Constraint[];
  constructor(
    cseq: readonly Constraint[],
    readonly dim = 0,
  ) {
    super('stack');
    this.cseq = [...cseq];
  }
  override get isDiscrete(): boolean {
    return this.cseq.some((c) => c.isDiscrete);
  }
  override get eventDim(): number {
    let d = Math.max(...this.cseq.map((c) => c.eventDim));
    if (this.dim + d < 0) d += 1;
    return d;
  }
  protected checkTensor(value: Tensor): Tensor {
    const d = normDim(this.dim, value.rank, 'stack');
    const slices = tf.unstack(value, d);
    const checks = slices.map((v, i) => {
      const c = this.cseq[i];
      if (!c) throw new Error(`stack: ${slices.length} slices but ${this.cseq.length} constraints`);
      return c.check(v);
    });
    const r = checks[0]!.rank + 1;
    return tf.stack(checks, this.dim < 0 ? this.dim + r : this.dim);
  }
}
