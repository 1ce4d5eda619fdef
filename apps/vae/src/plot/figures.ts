// The pictures the demo makes, drawn on rasters: grids of images,
// originals beside their reconstructions, the ELBO curve and a labelled
// scatter of the latent map.
import { Raster, BLACK, GRAY, WHITE, type RGB } from './raster.js';
import { drawAxes, toPx, type Frame } from './axes.js';

/** Matplotlib's 'tab10' colours: one per class. */
export const PALETTE: readonly RGB[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

export interface ImageSet {
  /** Images one after another, each rows × cols values in [0, 1]. */
  pixels: ArrayLike<number>;
  count: number;
  rows: number;
  cols: number;
}

function imageAt(s: ImageSet, i: number): ArrayLike<number> {
  const d = s.rows * s.cols;
  const p = s.pixels as Float32Array;
  return typeof p.subarray === 'function' ? p.subarray(i * d, (i + 1) * d) : Array.prototype.slice.call(s.pixels, i * d, (i + 1) * d);
}

const TITLE_H = 30;

/** The images in a grid of `columns` columns, each pixel `scale`×`scale`, with an optional title. */
export function imageGrid(s: ImageSet, options: { columns?: number; scale?: number; gap?: number; title?: string } = {}): Raster {
  const columns = options.columns ?? Math.ceil(Math.sqrt(s.count));
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const rowsOfImages = Math.ceil(s.count / columns);
  const top = options.title ? TITLE_H : 0;
  const w = columns * (s.cols * scale + gap) + gap;
  const h = top + rowsOfImages * (s.rows * scale + gap) + gap;
  const r = new Raster(w, h, options.title ? WHITE : GRAY);
  if (options.title) {
    r.fillRect(0, top, w, h - top, GRAY);
    r.text(w / 2, 8, options.title, BLACK, 2, 'center');
  }
  for (let i = 0; i < s.count; i++) {
    const x = gap + (i % columns) * (s.cols * scale + gap);
    const y = top + gap + Math.floor(i / columns) * (s.rows * scale + gap);
    r.gray(x, y, imageAt(s, i), s.cols, s.rows, scale);
  }
  return r;
}

/** Pairs (original | reconstruction) side by side, `pairsPerRow` pairs per row. */
export function reconstructionGrid(originals: ImageSet, reconstructions: ImageSet, options: { pairsPerRow?: number; scale?: number; title?: string } = {}): Raster {
  if (originals.count !== reconstructions.count) throw new Error('reconstructionGrid: as many reconstructions as originals are needed');
  const n = originals.count;
  const per = options.pairsPerRow ?? 8;
  const scale = options.scale ?? 2;
  const iw = originals.cols * scale;
  const ih = originals.rows * scale;
  const pairW = 2 * iw + 1;
  const gap = 8;
  const top = TITLE_H + 14;
  const rowsOfPairs = Math.ceil(n / per);
  const w = per * (pairW + gap) + gap;
  const h = top + rowsOfPairs * (ih + gap) + gap;
  const r = new Raster(w, h, WHITE);
  r.text(w / 2, 8, options.title ?? 'ORIGINALS AND RECONSTRUCTIONS', BLACK, 2, 'center');
  r.text(w / 2, TITLE_H, 'EACH PAIR: ORIGINAL (LEFT) | RECONSTRUCTION (RIGHT)', GRAY, 1, 'center');
  for (let i = 0; i < n; i++) {
    const x = gap + (i % per) * (pairW + gap);
    const y = top + Math.floor(i / per) * (ih + gap);
    r.gray(x, y, imageAt(originals, i), originals.cols, originals.rows, scale);
    r.gray(x + iw + 1, y, imageAt(reconstructions, i), reconstructions.cols, reconstructions.rows, scale);
  }
  return r;
}

export interface Series {
  /** [x, y] points, drawn in order. */
  points: Array<[number, number]>;
  color: RGB;
  label: string;
  /** 'line' (default) or 'dots'. */
  style?: 'line' | 'dots';
  width?: number;
  alpha?: number;
}

/** Centred moving average of `ys` over a window of `k` (narrower near the ends). */
export function movingAverage(ys: readonly number[], k: number): number[] {
  const half = Math.floor(k / 2);
  const prefix = [0];
  for (const y of ys) prefix.push((prefix[prefix.length - 1] as number) + y);
  return ys.map((_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(ys.length, i + half + 1);
    return ((prefix[hi] as number) - (prefix[lo] as number)) / (hi - lo);
  });
}

/** A line plot of several series with a legend; `yRange` overrides the data's range. */
export function linePlot(series: Series[], options: { width?: number; height?: number; title?: string; xLabel?: string; yLabel?: string; yRange?: [number, number] } = {}): Raster {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const r = new Raster(width, height);
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x: [number, number] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let y: [number, number] = options.yRange ?? (ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  if (y[0] === y[1]) y = [y[0] - 1, y[1] + 1];
  if (x[0] === x[1]) x[1] = x[0] + 1;
  const pad = (y[1] - y[0]) * 0.05;
  const f: Frame = { left: 70, top: 40, width: width - 90, height: height - 80, x, y: [y[0] - pad, y[1] + pad] };
  drawAxes(r, f, { title: options.title, xLabel: options.xLabel, yLabel: options.yLabel });
  const clampY = (v: number) => Math.max(f.y[0], Math.min(f.y[1], v));
  for (const s of series) {
    let prev: [number, number] | null = null;
    for (const [px, py] of s.points) {
      if (!Number.isFinite(py)) continue;
      const p = toPx(f, px, clampY(py));
      if (s.style === 'dots') r.dot(p[0], p[1], (s.width ?? 3) + 0.5, s.color, s.alpha ?? 1);
      else if (prev) r.line(prev[0], prev[1], p[0], p[1], s.color, s.width ?? 1, s.alpha ?? 1);
      prev = p;
    }
  }
  // legend, top right inside the frame
  let ly = f.top + 8;
  for (const s of series) {
    const lx = f.left + f.width - 10 - Raster.textWidth(s.label) - 22;
    if (s.style === 'dots') r.dot(lx + 8, ly + 3, 3.5, s.color);
    else r.line(lx, ly + 3, lx + 16, ly + 3, s.color, 2);
    r.text(lx + 22, ly, s.label, BLACK);
    ly += 14;
  }
  return r;
}

/** A scatter of 2-D points coloured by label, with a legend of `classNames`. */
export function scatterPlot(points: ReadonlyArray<readonly [number, number]>, labels: ArrayLike<number>, classNames: readonly string[], options: { width?: number; height?: number; title?: string; radius?: number } = {}): Raster {
  const legendW = 20 + Math.max(...classNames.map((n) => Raster.textWidth(n))) + 20;
  const width = options.width ?? 640 + legendW;
  const height = options.height ?? 640;
  const r = new Raster(width, height);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const span = (v: number[]): [number, number] => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = (hi - lo || 1) * 0.04;
    return [lo - pad, hi + pad];
  };
  const f: Frame = { left: 20, top: 40, width: width - legendW - 40, height: height - 60, x: points.length ? span(xs) : [0, 1], y: points.length ? span(ys) : [0, 1] };
  drawAxes(r, f, { title: options.title, ticks: false });
  r.line(f.left + f.width, f.top, f.left + f.width, f.top + f.height, GRAY);
  r.line(f.left, f.top, f.left + f.width, f.top, GRAY);
  points.forEach(([x, y], i) => {
    const [px, py] = toPx(f, x, y);
    r.dot(px, py, options.radius ?? 2.5, PALETTE[(labels[i] as number) % PALETTE.length] as RGB, 0.85);
  });
  classNames.forEach((name, k) => {
    const lx = f.left + f.width + 20;
    const ly = f.top + 10 + k * 18;
    r.dot(lx + 4, ly + 3, 4, PALETTE[k % PALETTE.length] as RGB);
    r.text(lx + 14, ly, name, BLACK);
  });
  return r;
}
