// The tfjs KernelBackend whose tensors live in libtorch memory on the chosen
// device. Each tfjs data id maps to a native handle (an integer naming an
// at::Tensor held by the addon) plus tfjs's reference count; string tensors
// stay in JavaScript. Kernels (src/kernels/) pass handles to the addon and
// wrap the handles it returns with `output`.
import { tf } from '@pyro-ts/tensor';
import type { DataId, DataType, TensorInfo } from '@pyro-ts/tensor';
import type { NativeAddon, NativeMemoryStats } from './addon.js';

type BackendValues = Float32Array | Int32Array | Uint8Array | Uint8Array[];

/** dtype codes of the addon (native/src/common.h). */
export const DTYPE_CODE: Readonly<Record<string, number>> = { float32: 0, int32: 1, bool: 2, complex64: 3 };

export interface NativeTensorData {
  /** the addon's handle, or -1 for string tensors */
  handle: number;
  dtype: DataType;
  refCount: number;
  /** string tensors: their encoded values */
  strings?: Uint8Array[];
}

export function dtypeCode(dtype: DataType): number {
  const c = DTYPE_CODE[dtype];
  if (c === undefined) throw new Error(`native backend: dtype '${dtype}' has no native storage`);
  return c;
}

/** `values` as the typed array the addon expects for `dtype` (converted only when needed). */
function typedFor(values: BackendValues, dtype: DataType): Float32Array | Int32Array | Uint8Array {
  switch (dtype) {
    case 'float32':
    case 'complex64':
      return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
    case 'bool':
      return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
    default:
      throw new Error(`native backend: cannot store dtype '${dtype}'`);
  }
}

/**
 * The addon creates its typed arrays in Node's main realm; code running in
 * another realm (jest's vm contexts) checks `instanceof Float32Array` against
 * its own constructors, so foreign arrays are re-wrapped (same memory).
 */
function ownRealm(v: Float32Array | Int32Array | Uint8Array): Float32Array | Int32Array | Uint8Array {
  if (v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) return v;
  const u = v as { buffer: ArrayBuffer; byteOffset: number; length: number };
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object Float32Array]') return new Float32Array(u.buffer, u.byteOffset, u.length);
  if (tag === '[object Int32Array]') return new Int32Array(u.buffer, u.byteOffset, u.length);
  return new Uint8Array(u.buffer, u.byteOffset, u.length);
}

export class NativeBackend extends tf.KernelBackend {
  readonly data: tf.DataStorage<NativeTensorData>;
  /** the device new tensors are created on ('cpu', 'cuda:0', ...) */
  readonly device: string;
  /** the handles this backend holds (released all at once by dispose) */
  private readonly live = new Set<number>();

  constructor(
    readonly addon: NativeAddon,
    private readonly scratch: Int32Array,
    device: string,
  ) {
    super();
    this.data = new tf.DataStorage(this, tf.engine());
    this.device = addon.setDevice(device);
  }

  // ------------------------------------------------------------ storage

  override write(values: BackendValues | null, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.data.set(dataId, this.store(values, shape, dtype, 1));
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.data.set(dataId, this.store(values, shape, dtype, refCount));
  }

  private store(values: BackendValues | null, shape: number[], dtype: DataType, refCount: number): NativeTensorData {
    if (dtype === 'string') return { handle: -1, dtype, refCount, strings: (values ?? []) as Uint8Array[] };
    const handle = this.addon.write(values === null ? null : typedFor(values, dtype), shape, dtypeCode(dtype));
    this.live.add(handle);
    return { handle, dtype, refCount };
  }

  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues | string[]): TensorInfo {
    let v = values ?? null;
    if (dtype === 'string' && v !== null && typeof v[0] === 'string') v = (v as string[]).map((s) => tf.util.encodeString(s));
    return { dataId: this.write(v as BackendValues | null, shape, dtype), shape, dtype };
  }

  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    this.data.get(dataId).refCount++;
  }

  decRef(dataId: DataId): void {
    if (this.data.has(dataId)) this.data.get(dataId).refCount--;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override readSync(dataId: DataId): BackendValues {
    const d = this.data.get(dataId);
    if (d.strings !== undefined) return d.strings;
    return ownRealm(this.addon.read(d.handle));
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const d = this.data.get(dataId);
    d.refCount--;
    if (!force && d.refCount > 0) return false;
    if (d.handle >= 0) {
      this.addon.release(d.handle);
      this.live.delete(d.handle);
    }
    this.data.delete(dataId);
    return true;
  }

  disposeIntermediateTensorInfo(info: TensorInfo): void {
    this.disposeData(info.dataId);
  }

  override memory(): { unreliable: boolean; reasons?: string[] } & NativeMemoryStats {
    return { unreliable: false, ...this.addon.memoryStats() };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = tf.util.now();
    f();
    return { kernelMs: tf.util.now() - start };
  }

  override floatPrecision(): 16 | 32 {
    return 32;
  }

  /** Releases every native tensor this backend still holds (tfjs calls it when the backend is removed or the engine reset). */
  override dispose(): void {
    for (const h of this.live) this.addon.release(h);
    this.live.clear();
  }

  // ------------------------------------------------------------ kernel helpers

  /** The native handle of a kernel input (moved here from another backend if needed). */
  handle(t: TensorInfo): number {
    const d = this.data.get(t.dataId);
    if (d.handle < 0) throw new Error(`native backend: ${t.dtype} tensors have no native storage`);
    return d.handle;
  }

  /** Wraps a handle the addon just returned (its shape is in the scratch buffer). */
  output(handle: number, dtype: DataType): TensorInfo {
    const s = this.scratch;
    const rank = s[0] as number;
    const shape = new Array<number>(rank);
    for (let i = 0; i < rank; i++) shape[i] = s[i + 1] as number;
    const dataId = {};
    this.data.set(dataId, { handle, dtype, refCount: 1 });
    this.live.add(handle);
    return { dataId, shape, dtype };
  }

  /** Wraps several handles (shapes asked from the addon). */
  outputs(handles: number[], dtype: DataType): TensorInfo[] {
    return handles.map((handle) => {
      const dataId = {};
      this.data.set(dataId, { handle, dtype, refCount: 1 });
      this.live.add(handle);
      return { dataId, shape: this.addon.shape(handle), dtype };
    });
  }

  /** The same data under one more reference (kernels that return their input unchanged). */
  same(t: TensorInfo): TensorInfo {
    this.incRef(t.dataId);
    return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  }
}
