// The plate messenger: conditional independence, broadcasting and
// subsampling (Pyro's IndepMessenger + SubsampleMessenger + PlateMessenger).
import { tf, formatShape, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { CondIndepStackFrame } from './cond-indep-stack-frame.js';
import type { Message, SampleMessage } from './message.js';
import { makeMessage } from './message.js';
import { Messenger } from './messenger.js';
import { amIWrapped, applyStack, getStack, isValidationEnabled, own } from './runtime.js';
import { multiplyScale } from './scale-and-mask.js';
import { Subsample } from './subsample.js';
import { broadcastSample } from './broadcast-messenger.js';

export interface PlateOptions {
  /** Draw a random subset of this many indices (minibatching); the log-probabilities inside are scaled by `size / subsampleSize`. */
  subsampleSize?: number;
  /** The indices to use (instead of drawing them): a tensor or an array of integers. */
  subsample?: Tensor | number[];
  /** The batch dim (negative); default: the rightmost dim no enclosing plate uses. */
  dim?: number;
}

/**
 * A plate (Pyro's `pyro.plate`). Constructing it records the plate's site
 * (a `Subsample` sample site whose value is the indices); entering it
 * allocates its batch dim by asking the enclosing plates which dims they use.
 *
 * - Vectorized: `run((ind) => ...)`, or `enter()` / `exit()`. Every sample
 *   site inside is broadcast to the plate's size at its dim and its
 *   log-probability is scaled by `size / subsampleSize`; `param` and
 *   `subsample` statements with an `eventDim` are subsampled.
 * - Sequential: `for (const i of p)` or `p.forEach((i) => ...)`; each
 *   iteration is a separate independence context (no batch dim).
 *
 * Memory: the indices are the plate site's value, owned by the trace that
 * records the site. When the plate is made with no handler installed,
 * nothing records them and the plate owns them: `dispose()` frees them
 * (the callback form of `plate` does it when the callback returns).
 */
export class PlateMessenger extends Messenger {
  readonly name: string;
  /** The full size. */
  readonly size: number;
  /** The number of indices used (the size when not subsampling). */
  readonly subsampleSize: number;
  /** The allocated batch dim (null for a sequential plate or before entering). */
  dim: number | null;
  /** Counts the contexts of a sequential plate. */
  counter = 0;
  private vectorized: boolean | null = null;
  private readonly _indices: Tensor;
  private readonly orphans: Tensor[];

  constructor(name: string, size: number, options: PlateOptions = {}) {
    super();
    if (!Number.isInteger(size) || size < 0) throw new Error(`plate '${name}': size must be a nonnegative integer, got ${size}`);
    if (size === 0) throw new Error(`plate '${name}': size cannot be zero`);
    const { subsampleSize, subsample, dim } = options;
    if (dim !== undefined && (!Number.isInteger(dim) || dim >= 0)) {
      throw new Error(`plate '${name}': expected dim < 0 to index from the right, actual ${dim}`);
    }
    if (subsampleSize !== undefined && (!Number.isInteger(subsampleSize) || subsampleSize <= 0)) {
      throw new Error(`plate '${name}': subsampleSize must be a positive integer, got ${subsampleSize}`);
    }
    this.name = name;
    this.size = size;
    this.dim = dim ?? null;

    const wrapped = amIWrapped();
    const msg = makeMessage<SampleMessage>({ type: 'sample', name, fn: new Subsample(size, subsampleSize) });
    if (subsample !== undefined) {
      if (isTensor(subsample)) msg.value = subsample;
      else {
        msg.value = tf.tensor1d(subsample, 'int32');
        own(msg, msg.value);
      }
    }
    applyStack(msg);
    const indices = msg.value;
    if (!isTensor(indices) || indices.rank !== 1) throw new Error(`plate '${name}': the subsample indices must be a 1-d tensor, got ${String(indices)}`);
    this._indices = indices;
    this.orphans = wrapped ? [] : (msg.owned ?? []);
    const n = indices.shape[0] as number;
    if (subsampleSize !== undefined && subsampleSize !== n) {
      throw new Error(
        `plate '${name}': subsampleSize does not match the length of the subsample indices, ${subsampleSize} vs ${n}. ` +
          'Did you accidentally use different subsampleSize in the model and guide?',
      );
    }
    this.subsampleSize = subsampleSize ?? n;
  }

  /** The indices of this plate's (sub)sample, int32 of shape [subsampleSize]. */
  get indices(): Tensor {
    return this._indices;
  }

  /** Installs the plate as a vectorized independence context, allocating its dim. */
  override enter(): this {
    if (this.vectorized !== false) {
      this.vectorized = true;
      this.dim = allocateDim(this.name, this.dim);
    }
    return super.enter();
  }

  /** Runs `fn(indices)` inside the plate (vectorized), removing it in `finally`. */
  override run<T>(fn: (indices: Tensor) => T): T {
    return super.run(() => fn(this._indices));
  }

  /** Iterates sequentially: each index is yielded inside its own independence context. */
  *[Symbol.iterator](): Generator<number, void, undefined> {
    if (this.vectorized === true || this.dim !== null) {
      throw new Error(`cannot use plate '${this.name}' as both vectorized and non-vectorized independence context`);
    }
    this.vectorized = false;
    this.dim = null;
    const indices = Array.from(this._indices.dataSync());
    for (const i of indices) {
      this.counter++;
      this.enter();
      let failed = true;
      try {
        yield i;
        failed = false;
      } finally {
        this.exit(failed);
      }
    }
  }

  /** Sequential plate with a callback: `fn(i)` for each index, each in its own context. */
  forEach(fn: (i: number) => void): void {
    for (const i of this) fn(i);
  }

  override plateDim(): { name: string; dim: number } | null {
    return this.vectorized === true && this.dim !== null ? { name: this.name, dim: this.dim } : null;
  }

  override reset(): void {
    this.vectorized = null;
    this.counter = 0;
  }

  override processMessage(msg: Message): void {
    const frame = new CondIndepStackFrame(this.name, this.dim, this.subsampleSize, this.counter, this.size);
    msg.condIndepStack = [frame, ...msg.condIndepStack];
    const s = msg.scale;
    if (typeof s === 'number') msg.scale = (s * this.size) / this.subsampleSize;
    else if (this.size !== this.subsampleSize) msg.scale = multiplyScale(s, this.size / this.subsampleSize, msg);
    broadcastSample(msg);
  }

  override postprocessMessage(msg: Message): void {
    if ((msg.type !== 'param' && msg.type !== 'subsample') || this.dim === null) return;
    const eventDim = msg.kwargs.eventDim;
    if (typeof eventDim !== 'number') return;
    const value = msg.value;
    if (value === undefined) return;
    const dim = this.dim - eventDim;
    const shape = value.shape;
    if (shape.length < -dim) return;
    const axis = shape.length + dim;
    if (shape[axis] === 1) return;
    if (isValidationEnabled() && shape[axis] !== this.size) {
      const statement = msg.type === 'param' ? `param('${msg.name}', ..., { eventDim: ${eventDim} })` : `subsample(..., { eventDim: ${eventDim} })`;
      throw new Error(
        `Inside plate('${this.name}', ${this.size}, { dim: ${this.dim} }) invalid shape of ${statement}: ${formatShape(shape)}. ` +
          `Its dim ${dim} must have the plate's full size ${this.size} (or 1); check eventDim and the plate's dim.`,
      );
    }
    if (this.subsampleSize < this.size) {
      const sub = tf.gather(value, this._indices, axis);
      own(msg, sub);
      msg.value = sub;
    }
  }

  /** Frees the indices when the plate owns them (it was made with no handler installed). */
  dispose(): void {
    for (const t of this.orphans) t.dispose();
    this.orphans.length = 0;
  }
}

/**
 * The dim for a new vectorized plate: `dim` when given, else the rightmost
 * dim that no enclosing plate uses. Asks the plates on the stack.
 */
export function allocateDim(name: string, dim: number | null): number {
  const used = new Map<number, string>();
  for (const frame of getStack()) {
    const p = frame.plateDim();
    if (p === null) continue;
    if (p.name === name) throw new Error(`duplicate plate '${name}': a plate of this name already encloses this one; give nested plates different names`);
    used.set(p.dim, p.name);
  }
  if (dim === null) {
    let d = -1;
    while (used.has(d)) d--;
    return d;
  }
  if (dim >= 0) throw new Error(`plate '${name}': expected dim < 0 to index from the right, actual ${dim}`);
  const other = used.get(dim);
  if (other !== undefined) {
    throw new Error(`at plates "${name}" and "${other}", collide at dim=${dim}\n\nTry moving the dim of one plate to the left, e.g. dim=${dim - 1}`);
  }
  return dim;
}
