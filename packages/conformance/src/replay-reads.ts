// Runs synchronous code that reads tensors (`dataSync`, and `arraySync` /
// `bufferSync`, which use it) on a backend that can only read asynchronously
// (WebGPU in Node).
//
// Round r runs `fn` with `Tensor.prototype.dataSync` patched: the i-th read
// keeps the tensor's data alive in its backend (one more reference on its data
// id, so no tensor is created and `tf.memory()` is unchanged) and returns the
// value recorded for read i in round r-1 (zeros in round 0). After the round,
// the kept data are read with the backend's asynchronous `read`. If every read returned exactly what the tensor held, the
// round behaved as if it had read synchronously, and its outcome (result or
// error) is the genuine one. Otherwise the recorded values are updated and
// the function runs again; reads that do not depend on earlier reads settle in
// one extra round, each dependent read in one more. The computation must be
// deterministic (seeded); values that keep changing are reported.
import { tf } from '@pyro-ts/tensor';
import type { DataId, KernelBackend, Tensor } from '@pyro-ts/tensor';

type Read = Float32Array | Int32Array | Uint8Array | string[];

export interface ReplayOutcome<T> {
  result: T;
  /** rounds run (the last one faithful) */
  rounds: number;
  /** reads per round */
  reads: number;
  /** tensors the faithful round left alive, beyond its result */
  leaked: number;
}

function placeholder(t: Tensor): Read {
  switch (t.dtype) {
    case 'int32':
      return new Int32Array(t.size);
    case 'bool':
      return new Uint8Array(t.size);
    case 'string':
      return new Array<string>(t.size).fill('');
    default:
      return new Float32Array(t.size * (t.dtype === 'complex64' ? 2 : 1));
  }
}

function copy(r: Read): Read {
  return Array.isArray(r) ? r.slice() : (r.slice() as Read);
}

function same(a: Read | undefined, b: Read): boolean {
  if (a === undefined || a.length !== b.length || a.constructor !== b.constructor) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function preview(r: Read | undefined): string {
  return r === undefined ? '' : Array.from(r as ArrayLike<number | string>).slice(0, 6).join(',');
}

function countTensors(x: unknown): number {
  if (x instanceof tf.Tensor) return 1;
  if (Array.isArray(x)) return x.reduce((n: number, v) => n + countTensors(v), 0);
  return 0;
}

interface Kept {
  backend: KernelBackend;
  dataId: DataId;
  dtype: string;
}

/** The backend holding a tensor's data (tfjs moves data between backends lazily). */
function backendOf(t: Tensor): KernelBackend {
  const info = (tf.engine() as unknown as { state: { tensorInfo: WeakMap<DataId, { backend: KernelBackend }> } }).state.tensorInfo.get(t.dataId);
  return info?.backend ?? tf.backend();
}

async function readKept(k: Kept): Promise<Read> {
  const v = (await k.backend.read(k.dataId)) as Read | Uint8Array[];
  k.backend.disposeData(k.dataId);
  if (k.dtype === 'string') return (v as Uint8Array[]).map((b) => tf.util.decodeString(b));
  return v as Read;
}

/**
 * Runs `fn` until one round's reads were all served with the values the
 * tensors held (see the file comment). Each round must settle at least one
 * more leading read than the one before; `maxRounds` bounds the total.
 */
export async function replaySyncReads<T>(fn: () => T, maxRounds = 200): Promise<ReplayOutcome<T>> {
  let recorded: Read[] = [];
  let lastMismatch = '';
  let settled = -1; // leading reads served correctly in the last round
  const proto = tf.Tensor.prototype as unknown as { dataSync: (this: Tensor) => Read };
  const original = proto.dataSync;
  for (let round = 1; round <= maxRounds; round++) {
    const kept: Kept[] = [];
    const served: Read[] = [];
    proto.dataSync = function (this: Tensor): Read {
      if (this.isDisposed) return original.call(this); // let tfjs raise its error
      const i = kept.length;
      const backend = backendOf(this);
      backend.incRef(this.dataId);
      kept.push({ backend, dataId: this.dataId, dtype: this.dtype });
      const r = recorded[i];
      const value = r !== undefined && r.length === placeholder(this).length ? copy(r) : placeholder(this);
      served.push(copy(value));
      return value;
    };
    const engine = tf.engine();
    const before = tf.memory().numTensors;
    engine.startScope();
    let result: T | undefined;
    let error: unknown;
    let failed = false;
    try {
      result = fn();
    } catch (e) {
      failed = true;
      error = e;
    } finally {
      proto.dataSync = original;
    }
    const leaked = tf.memory().numTensors - before - (failed ? 0 : countTensors(result));
    // Frees what the round made and left behind (the result survives); the
    // scope is closed before awaiting, as tf.tidy would be.
    engine.endScope(failed ? undefined : (result as tf.TensorContainer));
    const actual = await Promise.all(kept.map(readKept));
    const faithful = actual.every((a, i) => same(served[i], a));
    if (faithful) {
      if (failed) throw error;
      return { result: result as T, rounds: round, reads: actual.length, leaked };
    }
    if (!failed) tf.dispose(result as tf.TensorContainer);
    const i = actual.findIndex((a, j) => !same(served[j], a));
    lastMismatch = `read ${i} of ${actual.length}: served [${preview(served[i])}], actual [${preview(actual[i])}]`;
    // Read i was served a stale or placeholder value; it is correct next
    // round unless the computation is not deterministic.
    if (i <= settled) throw new Error(`replaySyncReads: read ${i} changed between rounds (a nondeterministic computation?); ${lastMismatch}`);
    settled = i;
    recorded = actual;
  }
  throw new Error(`replaySyncReads: the values read did not settle after ${maxRounds} rounds; last difference: ${lastMismatch}`);
}
