// Test helpers for poutine's own tests: minimal `sample` / `param`
// statements (the real ones live in @pyro-ts/primitives, a layer above)
// and a small Bernoulli with an enumerable support.
import { tf, asTensor, isTensor, rand } from '@pyro-ts/tensor';
import type { Tensor, TensorLike } from '@pyro-ts/tensor';
import { Distribution } from '@pyro-ts/distributions';
import { ParamStore } from '@pyro-ts/param-store';
import type { Constraint } from '@pyro-ts/distributions';
import { makeMessage, type InferDict, type ParamMessage, type SampleMessage, type SubsampleMessage } from './message.js';
import { amIWrapped, applyStack, own } from './runtime.js';

export function sample(name: string, fn: Distribution, options: { obs?: Tensor | TensorLike; infer?: InferDict } = {}): Tensor {
  const infer = { ...options.infer };
  const obs = options.obs === undefined ? undefined : isTensor(options.obs) ? options.obs : asTensor(options.obs);
  if (!amIWrapped()) return obs ?? (fn.hasRsample ? fn.rsample() : fn.sample());
  const msg = makeMessage<SampleMessage>({ type: 'sample', name, fn, isObserved: obs !== undefined, value: obs, infer });
  if (obs !== undefined && obs !== options.obs) own(msg, obs);
  applyStack(msg);
  return msg.value as Tensor;
}

export function param(store: ParamStore, name: string, init?: Tensor | TensorLike, options: { constraint?: Constraint; eventDim?: number } = {}): Tensor {
  if (!amIWrapped()) return store.param(name, init, options);
  const msg = makeMessage<ParamMessage>({ type: 'param', name, fn: (n: string, i: unknown, kw: object) => store.param(n, i as Tensor, kw), args: [name, init], kwargs: { ...options } });
  applyStack(msg);
  return msg.value as Tensor;
}

export function subsample(data: Tensor, eventDim: number): Tensor {
  if (!amIWrapped()) return data;
  const msg = makeMessage<SubsampleMessage>({ type: 'subsample', name: '_pyro_subsample', fn: (d: Tensor) => d, args: [data], kwargs: { eventDim } });
  applyStack(msg);
  return msg.value as Tensor;
}

/** Bernoulli(probs) with an enumerable support {0, 1} (test-only). */
export class Bernoulli extends Distribution {
  constructor(readonly probs: number[] | number) {
    super(Array.isArray(probs) ? [probs.length] : [], []);
  }
  override get className(): string {
    return 'Bernoulli';
  }
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  override expand(batchShape: readonly number[]): Bernoulli {
    return this.expandedCopy(batchShape);
  }
  private probsTensor(): Tensor {
    return tf.broadcastTo(tf.tensor(this.probs as number[]), this.batchShape);
  }
  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => tf.cast(tf.less(rand(this.shape(sampleShape)), this.probsTensor()), 'float32'));
  }
  override logProb(value: Tensor): Tensor {
    return tf.tidy(() => {
      const p = this.probsTensor();
      return tf.add(tf.mul(value, tf.log(p)), tf.mul(tf.sub(1, value), tf.log1p(tf.neg(p))));
    });
  }
  override enumerateSupport(expand = true): Tensor {
    return tf.tidy(() => {
      const v = tf.reshape(tf.tensor([0, 1]), [2, ...this.batchShape.map(() => 1)]);
      return expand ? tf.broadcastTo(v, [2, ...this.batchShape]) : v;
    });
  }
}

export { ParamStore };
