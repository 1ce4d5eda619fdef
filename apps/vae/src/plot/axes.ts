// Axis ticks and the frame of a 2-D plot.
import type { Raster} from './raster.js';
import { BLACK, GRAY, LIGHT_GRAY } from './raster.js';

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [];
  if (hi === lo) return [lo];
  if (hi < lo) [lo, hi] = [hi, lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** A tick label: integers plainly, else with as many decimals as the step needs. */
export function formatTick(v: number, step: number): string {
  if (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)) return v.toExponential(1);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals);
}

export interface Frame {
  /** Plot area in pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Data ranges. */
  x: [number, number];
  y: [number, number];
}

export function toPx(f: Frame, x: number, y: number): [number, number] {
  const px = f.left + ((x - f.x[0]) / (f.x[1] - f.x[0] || 1)) * f.width;
  const py = f.top + f.height - ((y - f.y[0]) / (f.y[1] - f.y[0] || 1)) * f.height;
  return [px, py];
}

/** Draws grid lines, tick labels, axis labels and a title around the frame. */
export function drawAxes(r: Raster, f: Frame, opts: { title?: string; xLabel?: string; yLabel?: string; ticks?: boolean } = {}): void {
  if (opts.ticks !== false) {
    const xt = niceTicks(f.x[0], f.x[1], 6);
    const yt = niceTicks(f.y[0], f.y[1], 5);
    const xs = xt.length > 1 ? (xt[1] as number) - (xt[0] as number) : 1;
    const ys = yt.length > 1 ? (yt[1] as number) - (yt[0] as number) : 1;
    for (const v of xt) {
      const [px] = toPx(f, v, f.y[0]);
      r.line(px, f.top, px, f.top + f.height, LIGHT_GRAY);
      r.text(px, f.top + f.height + 5, formatTick(v, xs), BLACK, 1, 'center');
    }
    for (const v of yt) {
      const [, py] = toPx(f, f.x[0], v);
      r.line(f.left, py, f.left + f.width, py, LIGHT_GRAY);
      r.text(f.left - 5, py - 3, formatTick(v, ys), BLACK, 1, 'right');
    }
  }
  r.line(f.left, f.top + f.height, f.left + f.width, f.top + f.height, GRAY);
  r.line(f.left, f.top, f.left, f.top + f.height, GRAY);
  if (opts.title) r.text(f.left + f.width / 2, 8, opts.title, BLACK, 2, 'center');
  if (opts.xLabel) r.text(f.left + f.width / 2, f.top + f.height + 18, opts.xLabel, BLACK, 1, 'center');
  if (opts.yLabel) r.text(4, f.top - 12, opts.yLabel, BLACK, 1, 'left');
}
