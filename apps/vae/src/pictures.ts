// The demo's four pictures as rasters (the command line writes them as PNG
// files, the web page puts them on canvases).
import { tf } from '@pyro-ts/tensor';
import { gatherImages, pixelsPerImage, type Dataset } from './data/dataset.js';
import { imageGrid, linePlot, movingAverage, reconstructionGrid, scatterPlot, type Series } from './plot/figures.js';
import type { Raster } from './plot/raster.js';
import type { EpochRecord } from './trainer.js';
import type { VAE } from './vae.js';

/** The images at `indices` next to their reconstructions (Pyro's `reconstruct_img`: z drawn from q(z | x)). */
export function reconstructionsPicture(vae: VAE, data: Dataset, indices: readonly number[], options: { pairsPerRow?: number; scale?: number } = {}): Raster {
  const originals = gatherImages(data, indices);
  const recon = tf.tidy(() => vae.reconstruct(tf.tensor2d(originals, [indices.length, pixelsPerImage(data)])).dataSync());
  const shape = { count: indices.length, rows: data.rows, cols: data.cols };
  return reconstructionGrid({ pixels: originals, ...shape }, { pixels: recon, ...shape }, options);
}

/** `n` images decoded from codes drawn from the prior (pixel probabilities, as Pyro's example plots them). */
export function samplesPicture(vae: VAE, n: number, rows: number, cols: number, options: { columns?: number; scale?: number } = {}): Raster {
  const pixels = tf.tidy(() => vae.samplePrior(n).dataSync());
  return imageGrid({ pixels, count: n, rows, cols }, { columns: options.columns ?? Math.ceil(Math.sqrt(n)), scale: options.scale ?? 2, title: 'SAMPLES FROM THE PRIOR' });
}

/** The training −ELBO per image at every step (faint), its moving average, and the epochs' test −ELBO (dots, at the epochs' ends). */
export function elboPicture(stepLosses: readonly number[], epochs: readonly EpochRecord[], stepsPerEpoch: number, options: { width?: number; height?: number } = {}): Raster {
  const steps = stepLosses.map((y, i): [number, number] => [i + 1, y]);
  const k = Math.max(5, Math.round(stepLosses.length / 40));
  const avg = movingAverage(stepLosses, k);
  const series: Series[] = [
    { points: steps, color: [31, 119, 180], label: 'TRAIN (PER STEP)', alpha: 0.3 },
    { points: avg.map((y, i): [number, number] => [i + 1, y]), color: [31, 119, 180], label: `TRAIN (MEAN OF ${k})`, width: 2 },
  ];
  const tests = epochs.filter((e) => e.testLoss !== undefined).map((e): [number, number] => [(e.epoch + 1) * stepsPerEpoch, e.testLoss as number]);
  if (tests.length) series.push({ points: tests, color: [214, 39, 40], label: 'TEST (AFTER EACH EPOCH)', style: 'dots' });
  // The first steps' losses are several times the rest: the y range follows the averaged curve after its first 2%.
  const tail = avg.slice(Math.floor(avg.length * 0.02)).concat(tests.map((t) => t[1]));
  const yRange: [number, number] | undefined = tail.length ? [Math.min(...tail, ...stepLosses), Math.max(...tail)] : undefined;
  return linePlot(series, { ...options, title: '-ELBO PER IMAGE', xLabel: 'STEP', yLabel: 'NATS', yRange });
}

/** A 2-D map of the latent means, coloured by class. */
export function latentMapPicture(points: ReadonlyArray<readonly [number, number]>, labels: ArrayLike<number>, classNames: readonly string[], title: string, options: { width?: number; height?: number } = {}): Raster {
  return scatterPlot(points, labels, classNames, { ...options, title });
}
