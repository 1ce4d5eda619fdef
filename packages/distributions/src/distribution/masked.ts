// MaskedDistribution: zeroes log-densities where a mask is false (Pyro's).
import { tf, broadcastShapes, shapesEqual, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import type { TensorInput } from '../internal/params.js';
import { toTensor } from '../internal/params.js';
import { inputShape } from './args.js';
import { Distribution, valueBatchShape, type MaskInput, type ScoreParts } from './internal.js';

/** The mask as a bool tensor broadcast to `shape`; call inside tf.tidy. */
export function maskTensor(mask: Exclude<MaskInput, boolean>, shape: readonly number[]): Tensor {
  let m: Tensor = isTensor(mask) ? mask : tf.tensor(mask as boolean[]);
  if (m.dtype !== 'bool') m = tf.notEqual(m, 0);
  return shapesEqual(m.shape, shape) ? m : tf.broadcastTo(m, shape.slice());
}

/** `where(mask, x, 0)` (Pyro's `scale_and_mask` without a scale); call inside tf.tidy. */
function applyMask(x: Tensor, mask: Tensor): Tensor {
  const shape = broadcastShapes(x.shape, mask.shape);
  const xb = shapesEqual(x.shape, shape) ? x : tf.broadcastTo(x, shape);
  const mb = shapesEqual(mask.shape, shape) ? mask : tf.broadcastTo(mask, shape);
  return tf.where(mb, xb, tf.zerosLike(xb));
}

/**
 * A distribution whose `logProb` is zero where `mask` is false: `mask` is
 * a boolean or a boolean tensor broadcastable to the batch shape (the base
 * is expanded to the broadcast shape). With `mask === false` the base's
 * `logProb` is not even computed. Usually made by `d.mask(mask)`.
 */
export class MaskedDistribution extends Distribution {
  readonly baseDist: Distribution;
  /** The mask as given (the caller's tensor, nested booleans, or a boolean). */
  readonly maskValue: MaskInput;

  constructor(baseDist: Distribution, mask: MaskInput) {
    let base = baseDist;
    if (typeof mask !== 'boolean') {
      const batch = broadcastShapes(inputShape(mask as TensorInput), base.batchShape);
      if (!shapesEqual(base.batchShape, batch)) base = base.expand(batch);
    }
    super(base.batchShape, base.eventShape, {});
    this.baseDist = base;
    this.maskValue = mask;
  }

  override get className(): string {
    return 'MaskedDistribution';
  }

  override get validateArgs(): boolean {
    return this._validateArgs ?? this.baseDist.validateArgs;
  }

  override expand(batchShape: readonly number[]): MaskedDistribution {
    const base = this.baseDist.expand(batchShape);
    return new MaskedDistribution(base, this.maskValue);
  }

  override get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }

  override get hasEnumerateSupport(): boolean {
    return this.baseDist.hasEnumerateSupport;
  }

  override get support(): Constraint {
    return this.baseDist.support;
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return this.baseDist.sample(sampleShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return this.baseDist.rsample(sampleShape);
  }

  override logProb(value: TensorInput): Tensor {
    const m = this.maskValue;
    if (m === true) return this.baseDist.logProb(value);
    return tf.tidy(() => {
      if (m === false) {
        const v = toTensor(value);
        return tf.zeros(valueBatchShape(this.baseDist.batchShape, v, this.eventDim));
      }
      return applyMask(this.baseDist.logProb(value), maskTensor(m, this.batchShape));
    });
  }

  override scoreParts(value: TensorInput): ScoreParts {
    const m = this.maskValue;
    if (typeof m === 'boolean') return super.scoreParts(value);
    const parts = this.baseDist.scoreParts(value);
    const masked = tf.tidy(() => {
      const mt = maskTensor(m, this.batchShape);
      const out: Tensor[] = [];
      for (const t of [parts.logProb, parts.scoreFunction, parts.entropyTerm]) if (t !== 0) out.push(applyMask(t, mt));
      return out;
    });
    let i = 0;
    const pick = (t: Tensor | 0): Tensor | 0 => (t === 0 ? 0 : (masked[i++] as Tensor));
    const result = { logProb: pick(parts.logProb) as Tensor, scoreFunction: pick(parts.scoreFunction), entropyTerm: pick(parts.entropyTerm) };
    for (const t of new Set([parts.logProb, parts.scoreFunction, parts.entropyTerm])) if (t !== 0) t.dispose();
    return result;
  }

  override enumerateSupport(expand = true): Tensor {
    return this.baseDist.enumerateSupport(expand);
  }

  override get mean(): Tensor {
    return this.baseDist.mean;
  }

  override get variance(): Tensor {
    return this.baseDist.variance;
  }

  override toString(): string {
    return 'MaskedDistribution()';
  }
}
