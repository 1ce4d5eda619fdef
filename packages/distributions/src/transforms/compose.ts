// ComposeTransform: a chain of transforms, with torch's event-dim bookkeeping.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real, independent } from '../constraints/index.js';
import { Transform, type Sign } from './transform.js';
import { sumRightmostLenient } from '../internal/util.js';

/**
 * Applies `parts` in order. Its domain (codomain) is the first part's domain
 * (last part's codomain) made `independent` over the largest event dim the
 * chain reaches; the log-Jacobian sums each part's term over the event dims
 * it lacks, as torch's ComposeTransform. With no parts it is the identity.
 */
export class ComposeTransform extends Transform {
  readonly className: string = 'ComposeTransform';
  readonly parts: readonly Transform[];
  private _composeInv: ComposeTransform | undefined;

  constructor(parts: readonly Transform[]) {
    super();
    this.parts = [...parts];
  }

  get domain(): Constraint {
    const parts = this.parts;
    if (parts.length === 0) return real;
    let domain = parts[0]!.domain;
    let eventDim = parts[parts.length - 1]!.codomain.eventDim;
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!;
      eventDim += p.domain.eventDim - p.codomain.eventDim;
      eventDim = Math.max(eventDim, p.domain.eventDim);
    }
    if (eventDim > domain.eventDim) domain = independent(domain, eventDim - domain.eventDim);
    return domain;
  }

  get codomain(): Constraint {
    const parts = this.parts;
    if (parts.length === 0) return real;
    let codomain = parts[parts.length - 1]!.codomain;
    let eventDim = parts[0]!.domain.eventDim;
    for (const p of parts) {
      eventDim += p.codomain.eventDim - p.domain.eventDim;
      eventDim = Math.max(eventDim, p.codomain.eventDim);
    }
    if (eventDim > codomain.eventDim) codomain = independent(codomain, eventDim - codomain.eventDim);
    return codomain;
  }

  override get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }

  /** The product of the parts' signs (a new tensor when any is a tensor; the caller disposes it). */
  override get sign(): Sign {
    let sign: Sign = 1;
    for (const p of this.parts) {
      const s = p.sign;
      if (typeof sign === 'number' && typeof s === 'number') sign *= s;
      else {
        const prev: Sign = sign;
        sign = tf.tidy(() => tf.mul(prev, s));
        if (typeof prev !== 'number') prev.dispose();
        if (typeof s !== 'number') s.dispose();
      }
    }
    return sign;
  }

  /** The composition of the parts' inverses in reverse order; `t.inv.inv === t`. */
  override get inv(): Transform {
    if (this._composeInv === undefined) {
      const inv = new ComposeTransform(this.parts.map((p) => p.inv).reverse());
      inv._composeInv = this;
      this._composeInv = inv;
    }
    return this._composeInv;
  }

  override equals(other: Transform): boolean {
    if (!(other instanceof ComposeTransform)) return false;
    if (other.parts.length !== this.parts.length) return false;
    return this.parts.every((p, i) => p.equals(other.parts[i]!));
  }

  override forwardShape(shape: readonly number[]): number[] {
    let s = shape.slice();
    for (const p of this.parts) s = p.forwardShape(s);
    return s;
  }

  override inverseShape(shape: readonly number[]): number[] {
    let s = shape.slice();
    for (let i = this.parts.length - 1; i >= 0; i--) s = this.parts[i]!.inverseShape(s);
    return s;
  }

  override toString(): string {
    return `ComposeTransform(\n    ${this.parts.map((p) => p.toString()).join(',\n    ')}\n)`;
  }

  protected call(x: Tensor): Tensor {
    let y = x;
    for (const p of this.parts) y = p.forward(y);
    return y === x ? tf.clone(x) : y;
  }

  protected override invCall(y: Tensor): Tensor {
    let x = y;
    for (let i = this.parts.length - 1; i >= 0; i--) x = this.parts[i]!.inverse(x);
    return x === y ? tf.clone(y) : x;
  }

  protected override ladj(x: Tensor, y: Tensor): Tensor {
    if (this.parts.length === 0) return tf.zerosLike(x);
    const xs: Tensor[] = [x];
    for (let i = 0; i < this.parts.length - 1; i++) xs.push(this.parts[i]!.forward(xs[i]!));
    xs.push(y);
    let eventDim = this.domain.eventDim;
    let total: Tensor | undefined;
    this.parts.forEach((p, i) => {
      const term = sumRightmostLenient(p.logAbsDetJacobian(xs[i]!, xs[i + 1]!), eventDim - p.domain.eventDim);
      total = total === undefined ? term : tf.add(total, term);
      eventDim += p.codomain.eventDim - p.domain.eventDim;
    });
    return total as Tensor;
  }
}

/** torch's `identity_transform`: `ComposeTransform([])`. */
export const identityTransform: ComposeTransform = new ComposeTransform([]);
