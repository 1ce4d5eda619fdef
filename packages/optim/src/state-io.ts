// The byte format of PyroOptim.save() / load().
//
//   bytes 0..7    ASCII magic "PYTOPTIM"
//   bytes 8..11   uint32 little-endian: format version (1)
//   bytes 12..15  uint32 little-endian: N, the byte length of the header
//   bytes 16..    N bytes of UTF-8 JSON: the state of getState(), where every
//                 Float32Array is replaced by {"$f32": [offset, length]}
//                 (in float32 elements from the start of the data block) and
//                 every non-finite number by {"$num": "NaN" | "Infinity" | "-Infinity"}
//   then zero padding to a multiple of 4 bytes, then the data block: every
//   slot's float32 values, little-endian, concatenated.
//
// JSON writes finite doubles with round-trip precision and the slots are raw
// float32, so load(save()) restores the state bit for bit.
import type { OptimState, PlainData } from './types.js';

const MAGIC = 'PYTOPTIM';
const VERSION = 1;

export function encodeState(state: OptimState): Uint8Array {
  const chunks: Float32Array[] = [];
  let total = 0;
  const walk = (v: unknown): unknown => {
    if (v instanceof Float32Array) {
      chunks.push(v);
      const ref = { $f32: [total, v.length] };
      total += v.length;
      return ref;
    }
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      return { $num: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x);
      return out;
    }
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new Error(`save: cannot serialize a ${typeof v}`);
    return v;
  };
  const header = new TextEncoder().encode(JSON.stringify(walk(state)));
  const dataStart = align4(16 + header.length);
  const bytes = new Uint8Array(dataStart + 4 * total);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, header.length, true);
  bytes.set(header, 16);
  let pos = dataStart;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++, pos += 4) view.setFloat32(pos, c[i] as number, true);
  }
  return bytes;
}

export function decodeState(bytes: Uint8Array): OptimState {
  if (bytes.length < 16) throw new Error('load: not a pyro-ts optimizer state (too short)');
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new Error('load: not a pyro-ts optimizer state (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) throw new Error(`load: unsupported optimizer state version ${version}`);
  const n = view.getUint32(12, true);
  if (16 + n > bytes.length) throw new Error('load: truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + n))) as unknown;
  const dataStart = align4(16 + n);
  const walk = (v: unknown): PlainData => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.$f32) && Object.keys(o).length === 1) {
        const [offset, length] = o.$f32 as [number, number];
        const end = dataStart + 4 * (offset + length);
        if (end > bytes.length) throw new Error('load: truncated data');
        const out = new Float32Array(length);
        for (let i = 0; i < length; i++) out[i] = view.getFloat32(dataStart + 4 * (offset + i), true);
        return out;
      }
      if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
      const out: Record<string, PlainData> = {};
      for (const [k, x] of Object.entries(o)) out[k] = walk(x);
      return out;
    }
    return v as PlainData;
  };
  return walk(header) as unknown as OptimState;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
