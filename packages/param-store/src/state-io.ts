// The byte format of a saved param store (documented in the README):
//   bytes 0..7   the ASCII magic "PYTPARAM"
//   bytes 8..11  format version (uint32, little-endian), currently 1
//   bytes 12..15 header length H in bytes (uint32, little-endian)
//   bytes 16..   H bytes of UTF-8 JSON: { "params": [ { "name", "shape",
//                "offset", "length", "constraint", "eventDim"? } ] }
//   then zero padding to a multiple of 4, then the float32 little-endian
//   values of every parameter, concatenated (offset/length in elements).
import type { ParamStoreState, ParamEntry } from './param-store.js';
import type { ConstraintSpec } from './constraint-spec.js';

const MAGIC = 'PYTPARAM';
const VERSION = 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface HeaderEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
  constraint: ConstraintSpec;
  eventDim?: number;
}

export function encodeState(state: ParamStoreState): Uint8Array {
  const entries: HeaderEntry[] = [];
  let total = 0;
  for (const [name, e] of Object.entries(state.params)) {
    const h: HeaderEntry = { name, shape: e.shape, offset: total, length: e.values.length, constraint: e.constraint };
    if (e.eventDim !== undefined) h.eventDim = e.eventDim;
    entries.push(h);
    total += e.values.length;
  }
  const header = new TextEncoder().encode(JSON.stringify({ params: entries }));
  const dataStart = Math.ceil((16 + header.length) / 4) * 4;
  const out = new Uint8Array(dataStart + 4 * total);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  for (const [i, e] of Object.values(state.params).entries()) {
    const at = dataStart + 4 * (entries[i] as HeaderEntry).offset;
    if (LITTLE_ENDIAN) out.set(new Uint8Array(e.values.buffer, e.values.byteOffset, e.values.byteLength), at);
    else e.values.forEach((x, j) => view.setFloat32(at + 4 * j, x, true));
  }
  return out;
}

export function decodeState(bytes: Uint8Array): ParamStoreState {
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) throw new Error(`not a pyro-ts param store file (magic '${magic}', expected '${MAGIC}')`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) throw new Error(`param store file version ${version} is not supported (this pyro-ts reads version ${VERSION})`);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength))) as { params: HeaderEntry[] };
  const dataStart = Math.ceil((16 + headerLength) / 4) * 4;
  const params: Record<string, ParamEntry> = {};
  for (const h of header.params) {
    const values = new Float32Array(h.length);
    const at = dataStart + 4 * h.offset;
    if (at + 4 * h.length > bytes.byteLength) throw new Error(`param store file is truncated (param '${h.name}')`);
    if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(at, at + 4 * h.length));
    else for (let j = 0; j < h.length; j++) values[j] = view.getFloat32(at + 4 * j, true);
    const entry: ParamEntry = { shape: h.shape, values, constraint: h.constraint };
    if (h.eventDim !== undefined) entry.eventDim = h.eventDim;
    params[h.name] = entry;
  }
  return { params };
}
