import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, isGzip, parseIdx } from './idx.js';
import { loadIdxDirectory, readIdxDataset, readIdxFile } from './idx-files.js';
import { DIGIT_NAMES, FASHION_NAMES } from './dataset.js';

/** Bytes of an IDX file written by hand, independently of encodeIdx. */
function handIdx(dims: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

describe('IDX files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vae-idx-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // three 2×3 images and their labels
  const pixels = Array.from({ length: 18 }, (_, i) => (i * 15) % 256);
  const labels = [7, 0, 9];

  it('parses plain and gzipped image and label files, telling gzip by its magic bytes', () => {
    writeFileSync(join(dir, 'img'), handIdx([3, 2, 3], pixels));
    writeFileSync(join(dir, 'lab.gz'), gzipSync(handIdx([3], labels)));
    const img = readIdxFile(join(dir, 'img'));
    expect(img.dims).toEqual([3, 2, 3]);
    expect(Array.from(img.data)).toEqual(pixels);
    const lab = readIdxFile(join(dir, 'lab.gz'));
    expect(lab.dims).toEqual([3]);
    expect(Array.from(lab.data)).toEqual(labels);
    // gzipped images too, under a name without .gz
    writeFileSync(join(dir, 'img2'), gzipSync(handIdx([3, 2, 3], pixels)));
    expect(Array.from(readIdxFile(join(dir, 'img2')).data)).toEqual(pixels);
  });

  it('makes a dataset with pixels scaled to [0, 1] (byte / 255)', () => {
    writeFileSync(join(dir, 'i'), handIdx([3, 2, 3], pixels));
    writeFileSync(join(dir, 'l'), handIdx([3], labels));
    const ds = readIdxDataset(join(dir, 'i'), join(dir, 'l'));
    expect(ds.count).toBe(3);
    expect([ds.rows, ds.cols]).toEqual([2, 3]);
    expect(Array.from(ds.labels)).toEqual(labels);
    expect(ds.images[5]).toBeCloseTo(75 / 255, 7);
    expect(ds.images[17]).toBeCloseTo(255 / 255, 7);
  });

  it('loads a directory of the four MNIST files (gzipped or not, both naming styles); Fashion-MNIST by the directory name', () => {
    const fashion = join(dir, 'fashion-mnist');
    mkdirSync(fashion);
    writeFileSync(join(fashion, 'train-images-idx3-ubyte.gz'), gzipSync(handIdx([3, 2, 3], pixels)));
    writeFileSync(join(fashion, 'train-labels-idx1-ubyte.gz'), gzipSync(handIdx([3], labels)));
    writeFileSync(join(fashion, 't10k-images.idx3-ubyte'), handIdx([1, 2, 3], pixels.slice(0, 6)));
    writeFileSync(join(fashion, 't10k-labels.idx1-ubyte'), handIdx([1], [4]));
    const split = loadIdxDirectory(fashion);
    expect(split.train.count).toBe(3);
    expect(split.test.count).toBe(1);
    expect(Array.from(split.test.labels)).toEqual([4]);
    expect(split.classNames).toEqual(FASHION_NAMES);
    expect(split.name).toMatch(/^fashion-mnist/);
    const plain = join(dir, 'digits');
    mkdirSync(plain);
    writeFileSync(join(plain, 'train-images-idx3-ubyte'), handIdx([3, 2, 3], pixels));
    writeFileSync(join(plain, 'train-labels-idx1-ubyte'), handIdx([3], labels));
    writeFileSync(join(plain, 't10k-images-idx3-ubyte'), handIdx([1, 2, 3], pixels.slice(0, 6)));
    writeFileSync(join(plain, 't10k-labels-idx1-ubyte'), handIdx([1], [4]));
    expect(loadIdxDirectory(plain).classNames).toEqual(DIGIT_NAMES);
  });

  it('says clearly what is wrong: bad magic, unsupported type, truncation, count mismatch, missing files', () => {
    writeFileSync(join(dir, 'bad'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    expect(() => readIdxFile(join(dir, 'bad'))).toThrow(/bad: not an IDX file \(bad magic number 50 4b 03 04; expected 00 00 08 <ndim>\)/);
    expect(() => parseIdx(new Uint8Array([0, 0]), 'x')).toThrow(/x: not an IDX file \(2 bytes/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'f')).toThrow(/IDX values of type float are not supported/);
    expect(() => parseIdx(handIdx([3, 2, 3], pixels.slice(0, 10)), 't')).toThrow(/truncated IDX data \(10 of 18 values, dims \[3, 2, 3\]\)/);
    writeFileSync(join(dir, 'i'), handIdx([3, 2, 3], pixels));
    writeFileSync(join(dir, 'l'), handIdx([2], [1, 2]));
    expect(() => readIdxDataset(join(dir, 'i'), join(dir, 'l'))).toThrow(/holds 3 images but .* 2 labels/);
    expect(() => readIdxDataset(join(dir, 'l'), join(dir, 'l'))).toThrow(/expected images of dims \[count, rows, cols\], got \[2\]/);
    expect(() => loadIdxDirectory(dir)).toThrow(/no train images in .* \(looked for train-images-idx3-ubyte, train-images-idx3-ubyte\.gz/);
    expect(() => loadIdxDirectory(join(dir, 'nope'))).toThrow(/does not exist/);
  });

  it('encodeIdx writes what parseIdx reads, byte for byte as written by hand', () => {
    const bytes = encodeIdx([3, 2, 3], Uint8Array.from(pixels));
    expect(Buffer.from(bytes).equals(handIdx([3, 2, 3], pixels))).toBe(true);
    expect(isGzip(bytes)).toBe(false);
    expect(isGzip(gzipSync(bytes))).toBe(true);
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(/hold 4 values, got 3/);
  });
});
