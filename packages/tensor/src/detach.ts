import { tf } from './tf.js';
import type { Tensor } from './tf.js';

interface EngineInternals {
  nextTensorId(): number;
  incRef(t: Tensor, backend: tf.KernelBackend): void;
  state: { tensorInfo: { get(dataId: object): { backend: tf.KernelBackend } | undefined } };
}

/**
 * Stop-gradient: a tensor with the same value whose gradient is zero
 * (torch's `x.detach()`). It shares `x`'s storage (no copy: the storage's
 * reference count is raised, as for a variable) and is not recorded on the
 * gradient tape, so nothing flows back through it.
 */
export function detach<T extends Tensor>(x: T): T {
  const engine = tf.engine() as unknown as EngineInternals;
  const backend = engine.state.tensorInfo.get(x.dataId)?.backend ?? tf.backend();
  const t = new tf.Tensor(x.shape, x.dtype, x.dataId, engine.nextTensorId());
  engine.incRef(t, backend);
  return t as T;
}
