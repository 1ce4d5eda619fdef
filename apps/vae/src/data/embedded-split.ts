// The fixed split of the embedded digits into training and test sets, for
// Node and the browser alike.
import { DIGIT_NAMES, range, subset, type DataSplit, type Dataset } from './dataset.js';
import { parseIdx } from './idx.js';
import { Rng } from './rng.js';

/** The fixed seed of the train/test split (independent of --seed). */
const SPLIT_SEED = 20170606;
export const EMBEDDED_TEST_SIZE = 1000;

/** Splits all images into training and test sets, always the same way (a fixed shuffle; the last 1,000 are the test set). */
export function splitEmbedded(images: Uint8Array, labels: Uint8Array, name: string): DataSplit {
  const all: Dataset = { images: Float32Array.from(images, (b) => b / 255), labels, count: labels.length, rows: 28, cols: 28 };
  const order = new Rng(SPLIT_SEED).shuffle(range(all.count));
  const nTest = Math.min(EMBEDDED_TEST_SIZE, Math.floor(all.count / 10));
  return {
    name,
    train: subset(all, order.slice(0, all.count - nTest)),
    test: subset(all, order.slice(all.count - nTest)),
    classNames: DIGIT_NAMES,
  };
}

/** Splits the web page's bytes (`embeddedMnistIdx()`: two IDX arrays, images then labels). */
export function splitEmbeddedIdx(bytes: Uint8Array, name: string): DataSplit {
  const images = parseIdx(bytes, 'embedded digits (images)');
  const header = 4 + 4 * images.dims.length;
  const labels = parseIdx(bytes.subarray(header + images.data.length), 'embedded digits (labels)');
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28 || labels.dims[0] !== images.dims[0]) {
    throw new Error(`embedded digits: unexpected dims [${images.dims.join(', ')}] and [${labels.dims.join(', ')}]`);
  }
  return splitEmbedded(images.data, labels.data, name);
}
