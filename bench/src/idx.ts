// IDX files (the MNIST / Fashion-MNIST format), gzipped or not: a big-endian
// header (magic 0x0000 08 <rank>, then one uint32 per dim) and unsigned
// bytes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parses an IDX file's bytes (gunzipping them first when they start with the gzip magic). */
export function parseIdx(bytes: Uint8Array): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.length < 4 || view.getUint16(0) !== 0 || raw[2] !== 0x08) throw new Error('not an IDX file of unsigned bytes');
  const rank = raw[3] as number;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (raw.length !== offset + size) throw new Error(`IDX size mismatch: header says ${size} bytes, file has ${raw.length - offset}`);
  return { dims, data: raw.subarray(offset) };
}

/** Reads `<dir>/<name>` or `<dir>/<name>.gz`. */
export function readIdx(dir: string, name: string): IdxArray {
  for (const file of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(file)) return parseIdx(readFileSync(file));
  throw new Error(`${name}(.gz) not found in ${dir}`);
}

export interface ImageSet {
  count: number;
  /** pixels scaled to [0, 1], [count, 784] row-major */
  images: Float32Array;
  labels: Uint8Array;
}

/** The train or test split of an MNIST-format directory, pixels scaled to [0, 1]. */
export function loadMnistSplit(dir: string, split: 'train' | 't10k'): ImageSet {
  const imgs = readIdx(dir, `${split}-images-idx3-ubyte`);
  const labels = readIdx(dir, `${split}-labels-idx1-ubyte`);
  const count = imgs.dims[0] as number;
  if (labels.dims[0] !== count) throw new Error(`${split}: ${count} images but ${labels.dims[0]} labels`);
  const images = new Float32Array(imgs.data.length);
  for (let i = 0; i < images.length; i++) images[i] = (imgs.data[i] as number) / 255;
  return { count, images, labels: labels.data };
}
