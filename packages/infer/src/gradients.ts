// Gradients with respect to the parameters a computation touches, found
// while it runs (Pyro's `poutine.trace(param_only=True)` around
// `loss_and_grads`): parameters created during the computation get their
// gradient in the same call.
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import { Messenger, type Message } from '@pyro-ts/poutine';

/** Records the names of the param sites that reach it (not hidden by `block`). */
export class ParamCaptureMessenger extends Messenger {
  readonly names = new Set<string>();

  override postprocessMessage(msg: Message): void {
    if (msg.type === 'param') this.names.add(msg.name);
  }
}

/** The trainable unconstrained variables behind `names` in `store` (names not in the store are skipped). */
export function paramVariables(names: Iterable<string>, store: ParamStore): Map<string, Variable> {
  const out = new Map<string, Variable>();
  for (const name of names) {
    if (!store.has(name)) continue;
    const v = store.variable(name);
    if (v.trainable) out.set(name, v);
  }
  return out;
}

export interface ValueAndGrads {
  /** The scalar `f()` returned (owned by the caller). */
  value: Tensor;
  /** Gradients by parameter name, for the parameters with a path to the value (owned by the caller). */
  grads: Map<string, Tensor>;
  /** The unconstrained variables of every parameter `f` touched, by name. */
  params: Map<string, Variable>;
}

interface TapeState {
  state: { gradientDepth: number; activeTape: Array<{ saved?: Tensor[] }> | null };
}

/** Frees the tensors a gradient tape saved when the forward pass threw (tfjs only frees them in the backward pass). */
function discardTape(): void {
  const s = (tf.engine() as unknown as TapeState).state;
  if (s.gradientDepth !== 0 || s.activeTape === null) return;
  for (const node of s.activeTape) for (const t of node.saved ?? []) t.dispose();
  s.activeTape = null;
}

/**
 * Runs `f` (which returns a scalar) with a gradient tape and a param
 * capture installed, then differentiates the value with respect to the
 * unconstrained variables of exactly the parameters whose param sites ran
 * inside `f` (looked up by name in `store`). Temporaries of `f` are freed
 * when it returns, as in `tf.variableGrads`.
 */
export function valueAndParamGrads(f: () => Tensor, store: ParamStore): ValueAndGrads {
  const capture = new ParamCaptureMessenger();
  const params = new Map<string, Variable>();
  // tfjs reads the list of xs after running f, so it can be filled in by f
  // itself once the touched parameters are known; it only has to be
  // non-empty on entry.
  const placeholder = tf.scalar(0);
  const xs: Tensor[] = [placeholder];
  let result: { value: Tensor; grads: Tensor[] };
  try {
    result = tf.engine().gradients(
      () => {
        capture.enter();
        let y: Tensor;
        try {
          y = f();
        } catch (e) {
          capture.exit(true);
          throw e;
        }
        capture.exit();
        if (y.rank !== 0) throw new Error(`the loss must be a scalar tensor, got shape [${y.shape.join(', ')}]`);
        for (const [k, v] of paramVariables(capture.names, store)) params.set(k, v);
        xs.length = 0;
        xs.push(...params.values());
        return y;
      },
      xs,
      undefined,
      true,
    );
  } catch (e) {
    discardTape();
    throw e;
  } finally {
    placeholder.dispose();
  }
  const grads = new Map<string, Tensor>();
  const names = [...params.keys()];
  result.grads.forEach((g, i) => {
    if (g !== undefined && g !== null) grads.set(names[i] as string, g);
  });
  return { value: result.value, grads, params };
}
