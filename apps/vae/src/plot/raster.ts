// An RGBA image in memory that the plots draw on: filled rectangles, lines,
// dots, grayscale images and 5×7 text. The same pixels become a PNG file
// (png.ts) on the command line or an ImageData on a web page's canvas.
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.js';

export type RGB = readonly [number, number, number];

export const WHITE: RGB = [255, 255, 255];
export const BLACK: RGB = [0, 0, 0];
export const GRAY: RGB = [128, 128, 128];
export const LIGHT_GRAY: RGB = [225, 225, 225];

export class Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, 4 bytes per pixel. */
  readonly data: Uint8ClampedArray;

  constructor(width: number, height: number, background: RGB = WHITE) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new Error(`Raster: bad size ${width}×${height}`);
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** Blends `color` over pixel (x, y) with opacity `alpha` in [0, 1]; outside the image it does nothing. */
  plot(x: number, y: number, color: RGB, alpha = 1): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    const d = this.data;
    for (let c = 0; c < 3; c++) d[i + c] = (d[i + c] as number) * (1 - alpha) + color[c]! * alpha;
    d[i + 3] = 255;
  }

  /** The RGBA of pixel (x, y). */
  pixel(x: number, y: number): [number, number, number, number] {
    const i = (y * this.width + x) * 4;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!, this.data[i + 3]!];
  }

  fillRect(x: number, y: number, w: number, h: number, color: RGB, alpha = 1): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.plot(xx, yy, color, alpha);
  }

  /** A line from (x0, y0) to (x1, y1), `width` pixels thick (square brush). */
  line(x0: number, y0: number, x1: number, y1: number, color: RGB, width = 1, alpha = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const r = (width - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      if (width <= 1) this.plot(x, y, color, alpha);
      else this.fillRect(x - r, y - r, width, width, color, alpha);
    }
  }

  /** A filled disc of radius `r` centred at (cx, cy). */
  dot(cx: number, cy: number, r: number, color: RGB, alpha = 1): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) this.plot(x, y, color, alpha);
      }
    }
  }

  /** Draws a w×h grayscale image (values in [0, 1], 1 = white ink on black as MNIST shows) at (x, y), each pixel `scale`×`scale`. */
  gray(x: number, y: number, pixels: ArrayLike<number>, w: number, h: number, scale = 1): void {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const v = Math.max(0, Math.min(1, pixels[r * w + c] as number)) * 255;
        this.fillRect(x + c * scale, y + r * scale, scale, scale, [v, v, v]);
      }
    }
  }

  /** Width in pixels of `text` at `scale`. */
  static textWidth(text: string, scale = 1): number {
    return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * scale;
  }

  static textHeight(scale = 1): number {
    return GLYPH_HEIGHT * scale;
  }

  /** Writes `text` with its top-left corner at (x, y); `align` moves the anchor to the text's centre or right end. */
  text(x: number, y: number, text: string, color: RGB = BLACK, scale = 1, align: 'left' | 'center' | 'right' = 'left'): void {
    const w = Raster.textWidth(text, scale);
    let left = align === 'left' ? x : align === 'center' ? x - w / 2 : x - w;
    left = Math.round(left);
    for (const ch of text) {
      const rows = glyph(ch);
      rows.forEach((bits, r) => {
        for (let c = 0; c < GLYPH_WIDTH; c++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - c))) this.fillRect(left + c * scale, Math.round(y) + r * scale, scale, scale, color);
        }
      });
      left += (GLYPH_WIDTH + 1) * scale;
    }
  }

  /** Copies `src` onto this image with its top-left corner at (x, y). */
  blit(src: Raster, x: number, y: number): void {
    for (let r = 0; r < src.height; r++) {
      for (let c = 0; c < src.width; c++) {
        const [R, G, B] = src.pixel(c, r);
        this.plot(x + c, y + r, [R, G, B]);
      }
    }
  }

  /** True when some pixel differs from `background` (used by tests). */
  hasInk(background: RGB = WHITE): boolean {
    for (let i = 0; i < this.data.length; i += 4) {
      if (this.data[i] !== background[0] || this.data[i + 1] !== background[1] || this.data[i + 2] !== background[2]) return true;
    }
    return false;
  }
}
