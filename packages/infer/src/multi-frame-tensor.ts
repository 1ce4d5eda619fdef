// Sums of log-probability tensors that live in different plates (Pyro's
// `MultiFrameTensor`, `get_plate_stacks`, `get_dependent_plate_dims`,
// `torch_sum`), used to Rao-Blackwellize score-function terms through
// plates: a term reaches a site summed over the plates the site is not in,
// and elementwise over the plates they share.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { CondIndepStackFrame, Trace, TraceNode } from '@pyro-ts/poutine';
import { isSubsample } from '@pyro-ts/poutine';

/** The vectorized plates of every sample site (plate sites excluded), by site name. */
export function getPlateStacks(trace: Trace): Map<string, CondIndepStackFrame[]> {
  const out = new Map<string, CondIndepStackFrame[]>();
  for (const [name, n] of trace.nodes) {
    if (n.type !== 'sample' || isSubsample(n.fn)) continue;
    out.set(
      name,
      n.condIndepStack.filter((f) => f.vectorized),
    );
  }
  return out;
}

/** The dims of the vectorized plates that not every given sample site is in, ascending. */
export function getDependentPlateDims(sites: Iterable<TraceNode>): number[] {
  const stacks: Array<Set<string>> = [];
  const frames = new Map<string, CondIndepStackFrame>();
  for (const s of sites) {
    if (s.type !== 'sample') continue;
    const keys = new Set<string>();
    for (const f of s.condIndepStack) {
      keys.add(f.key());
      frames.set(f.key(), f);
    }
    stacks.push(keys);
  }
  const dims = new Set<number>();
  for (const [k, f] of frames) {
    if (stacks.every((s) => s.has(k))) continue;
    if (f.dim !== null) dims.add(f.dim);
  }
  return [...dims].sort((a, b) => a - b);
}

/** Sums `t` over the (negative) `dims` that it has (Pyro's `torch_sum`). */
export function sumExistingDims(t: Tensor, dims: readonly number[]): Tensor {
  const axes = dims.filter((d) => d >= -t.rank).map((d) => t.rank + d);
  return axes.length > 0 ? tf.sum(t, axes) : t;
}

interface Entry {
  frames: CondIndepStackFrame[];
  value: Tensor;
}

/**
 * Tensors keyed by the set of vectorized plates they live in; `sumTo`
 * reduces them to the plates of a target site and adds them up. Call
 * inside `tf.tidy`: the sums it creates are not tracked otherwise.
 */
export class MultiFrameTensor {
  private readonly entries = new Map<string, Entry>();

  constructor(...items: Array<[readonly CondIndepStackFrame[], Tensor]>) {
    this.add(...items);
  }

  /** Adds `(condIndepStack, tensor)` pairs; tensors of the same plates are summed. */
  add(...items: Array<[readonly CondIndepStackFrame[], Tensor]>): this {
    for (const [stack, value] of items) {
      const frames = stack.filter((f) => f.vectorized);
      for (const f of frames) {
        const dim = f.dim as number;
        if (!(dim < 0 && -value.rank <= dim)) {
          throw new Error(`MultiFrameTensor: plate '${f.name}' at dim ${dim} does not fit a tensor of shape [${value.shape.join(', ')}]`);
        }
      }
      const key = frames
        .map((f) => f.key())
        .sort()
        .join('\u0001');
      const e = this.entries.get(key);
      if (e === undefined) this.entries.set(key, { frames, value });
      else e.value = tf.add(e.value, value);
    }
    return this;
  }

  /** The entries, as `(plates, tensor)` pairs (for adding them to another MultiFrameTensor). */
  items(): Array<[CondIndepStackFrame[], Tensor]> {
    return [...this.entries.values()].map((e) => [e.frames, e.value]);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Sums every entry over the plates that are not among `targetFrames`
   * (keeping the dims), drops leading size-1 dims, and adds the results
   * (broadcasting). Returns 0 when empty.
   */
  sumTo(targetFrames: readonly CondIndepStackFrame[]): Tensor | 0 {
    const target = new Set(targetFrames.map((f) => f.key()));
    let total: Tensor | 0 = 0;
    for (const { frames, value } of this.entries.values()) {
      let v = value;
      for (const f of frames) {
        const axis = v.rank + (f.dim as number);
        if (!target.has(f.key()) && v.shape[axis] !== 1) v = tf.sum(v, axis, true);
      }
      let lead = 0;
      while (lead < v.rank && v.shape[lead] === 1) lead++;
      if (lead > 0) v = tf.reshape(v, v.shape.slice(lead));
      total = total === 0 ? v : tf.add(total, v);
    }
    return total;
  }
}
