// Image datasets as flat arrays: `count` images of rows × cols pixels in
// [0, 1], row-major, one after another, with a label per image.
import type { Rng } from './rng.js';

export interface Dataset {
  /** Pixels in [0, 1]: image i occupies [i·rows·cols, (i+1)·rows·cols). */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** A training and a test set with the names of their classes. */
export interface DataSplit {
  /** e.g. 'fashion-mnist (/usr/share/datasets/fashion-mnist)' */
  name: string;
  train: Dataset;
  test: Dataset;
  /** Label i is called classNames[i]. */
  classNames: string[];
}

export const DIGIT_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export function pixelsPerImage(ds: Dataset): number {
  return ds.rows * ds.cols;
}

/** The images at `indices`, copied into one [indices.length × rows·cols] array. */
export function gatherImages(ds: Dataset, indices: readonly number[]): Float32Array {
  const d = pixelsPerImage(ds);
  const out = new Float32Array(indices.length * d);
  indices.forEach((idx, k) => {
    if (idx < 0 || idx >= ds.count) throw new RangeError(`gatherImages: index ${idx} outside [0, ${ds.count})`);
    out.set(ds.images.subarray(idx * d, (idx + 1) * d), k * d);
  });
  return out;
}

/** A new dataset of the images at `indices`. */
export function subset(ds: Dataset, indices: readonly number[]): Dataset {
  return {
    images: gatherImages(ds, indices),
    labels: Uint8Array.from(indices, (i) => ds.labels[i] as number),
    count: indices.length,
    rows: ds.rows,
    cols: ds.cols,
  };
}

/** 0, 1, ..., n − 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * The minibatches of one epoch, as PyTorch's DataLoader makes them: the
 * indices 0..n−1 shuffled (with `rng`) or in order, cut into batches of
 * `batchSize`, the last one smaller when `batchSize` does not divide n.
 */
export function epochBatches(n: number, batchSize: number, rng?: Rng): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const order = range(n);
  if (rng) rng.shuffle(order);
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/** Indices of `perClass` images of every class (the first ones in order), for plots. */
export function firstOfEachClass(ds: Dataset, perClass: number, numClasses = 10): number[] {
  const taken = new Array<number>(numClasses).fill(0);
  const out: number[] = [];
  for (let i = 0; i < ds.count && out.length < perClass * numClasses; i++) {
    const c = ds.labels[i] as number;
    if (c < numClasses && (taken[c] as number) < perClass) {
      taken[c] = (taken[c] as number) + 1;
      out.push(i);
    }
  }
  return out;
}
