// The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist):
// two zero bytes, a type byte (0x08 = unsigned byte), the number of
// dimensions, each dimension as a big-endian uint32, then the values.
// This file parses bytes; idx-files.ts reads (and un-gzips) files.

export interface IdxArray {
  /** e.g. [60000, 28, 28] for images, [60000] for labels */
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x08: 'ubyte', 0x09: 'byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

/** Parses an (un-gzipped) IDX file of unsigned bytes; `what` names it in errors. */
export function parseIdx(bytes: Uint8Array, what = 'IDX data'): IdxArray {
  if (bytes.length < 4) throw new Error(`${what}: not an IDX file (${bytes.length} bytes, shorter than the 4-byte magic number)`);
  const [z0, z1, type, ndim] = [bytes[0], bytes[1], bytes[2], bytes[3]] as number[];
  if (z0 !== 0 || z1 !== 0 || !(type! in TYPE_NAMES) || ndim === 0) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`${what}: not an IDX file (bad magic number ${hex}; expected 00 00 08 <ndim>)`);
  }
  if (type !== UBYTE) throw new Error(`${what}: IDX values of type ${TYPE_NAMES[type!]} are not supported (only unsigned bytes, as in MNIST)`);
  const header = 4 + 4 * ndim!;
  if (bytes.length < header) throw new Error(`${what}: truncated IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndim!; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < header + size) throw new Error(`${what}: truncated IDX data (${bytes.length - header} of ${size} values, dims [${dims.join(', ')}])`);
  return { dims, data: bytes.subarray(header, header + size) };
}

/** Writes an IDX file of unsigned bytes (used by tests and the web build). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`encodeIdx: dims [${dims.join(', ')}] hold ${size} values, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  out.set([0, 0, UBYTE, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** True when the bytes start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
