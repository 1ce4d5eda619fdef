import { epochBatches, firstOfEachClass, gatherImages, subset, type Dataset } from './dataset.js';
import { Rng } from './rng.js';

const ds: Dataset = { images: Float32Array.from({ length: 5 * 4 }, (_, i) => i), labels: Uint8Array.from([2, 0, 2, 1, 0]), count: 5, rows: 2, cols: 2 };

describe('datasets and minibatches', () => {
  it('cuts an epoch into batches as a DataLoader does (the last one shorter), each index once', () => {
    const b = epochBatches(10, 4, new Rng(1));
    expect(b.map((x) => x.length)).toEqual([4, 4, 2]);
    expect(b.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochBatches(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => epochBatches(5, 0)).toThrow(/positive integer/);
  });

  it('shuffles reproducibly from the seed and differently every epoch', () => {
    const r1 = new Rng(7);
    const r2 = new Rng(7);
    const e1 = epochBatches(50, 50, r1)[0];
    expect(epochBatches(50, 50, r2)[0]).toEqual(e1);
    expect(epochBatches(50, 50, r1)[0]).not.toEqual(e1);
    expect(e1).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('gathers images and subsets', () => {
    expect(Array.from(gatherImages(ds, [3, 0]))).toEqual([12, 13, 14, 15, 0, 1, 2, 3]);
    const s = subset(ds, [4, 2]);
    expect(s.count).toBe(2);
    expect(Array.from(s.labels)).toEqual([0, 2]);
    expect(Array.from(s.images)).toEqual([16, 17, 18, 19, 8, 9, 10, 11]);
    expect(() => gatherImages(ds, [5])).toThrow(/index 5 outside \[0, 5\)/);
  });

  it('picks the first images of each class', () => {
    expect(firstOfEachClass(ds, 1, 3)).toEqual([0, 1, 3]);
    expect(firstOfEachClass(ds, 2, 3)).toEqual([0, 1, 2, 3, 4]);
  });

  it('the generator is mulberry32', () => {
    // mulberry32 with seed 0: first outputs (computed from the published algorithm)
    const r = new Rng(0);
    const a = [r.next(), r.next(), r.next()];
    expect(a[0]).toBeCloseTo(0.26642920868471265, 15);
    expect(a[1]).toBeCloseTo(0.0003297457005828619, 15);
    expect(a[2]).toBeCloseTo(0.2232720274478197, 15);
  });
});
