import { inflateSync } from 'node:zlib';
import { decodePng, encodePng } from './png.js';
import { Raster, BLACK, WHITE } from './raster.js';
import { niceTicks, formatTick } from './axes.js';
import { imageGrid, linePlot, movingAverage, PALETTE, reconstructionGrid, scatterPlot } from './figures.js';
import { GLYPH_HEIGHT, glyph } from './font.js';

describe('rasters and PNG files', () => {
  it('a PNG holds the raster\'s pixels exactly (read back by pngjs; signature, IHDR and scanline bytes checked by hand)', () => {
    const r = new Raster(3, 2, [10, 20, 30]);
    r.plot(0, 0, [255, 0, 0]);
    r.plot(2, 1, [0, 0, 255], 0.5);
    const bytes = encodePng(r);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(String.fromCharCode(...bytes.subarray(12, 16))).toBe('IHDR');
    expect([view.getUint32(16), view.getUint32(20), bytes[24], bytes[25]]).toEqual([3, 2, 8, 6]); // 8-bit RGBA
    const back = decodePng(bytes);
    expect([back.width, back.height]).toEqual([3, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(r.data));
    // the same pixels from the IDAT chunk by hand (each scanline: a filter byte, then RGBA)
    let off = 8;
    const idat: Uint8Array[] = [];
    while (off < bytes.length) {
      const len = view.getUint32(off);
      const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
      if (type === 'IDAT') idat.push(bytes.subarray(off + 8, off + 8 + len));
      off += 12 + len;
    }
    const raw = inflateSync(Buffer.concat(idat));
    expect(raw.length).toBe(2 * (1 + 3 * 4));
    expect(raw[0]).toBeLessThanOrEqual(4); // a valid filter type
    expect(Array.from(r.pixel(2, 1))).toEqual([5, 10, 142, 255]); // (30 + 255) / 2 = 142.5, stored rounding half to even
  });

  it('draws rectangles, lines, dots and grayscale images where asked, clipping at the edges', () => {
    const r = new Raster(10, 10);
    r.fillRect(8, 8, 5, 5, BLACK);
    expect(r.pixel(9, 9).slice(0, 3)).toEqual([0, 0, 0]);
    expect(r.pixel(7, 7).slice(0, 3)).toEqual([255, 255, 255]);
    r.line(0, 0, 9, 0, [0, 255, 0]);
    for (let x = 0; x < 10; x++) expect(r.pixel(x, 0)).toEqual([0, 255, 0, 255]);
    r.dot(4, 5, 1, [0, 0, 255]);
    expect(r.pixel(4, 5)).toEqual([0, 0, 255, 255]);
    expect(r.pixel(4, 4)).toEqual([0, 0, 255, 255]);
    expect(r.pixel(3, 4)).toEqual([255, 255, 255, 255]);
    const g = new Raster(4, 2);
    g.gray(0, 0, [0, 1, 0.5, 2], 2, 2, 2);
    expect(g.pixel(0, 0).slice(0, 3)).toEqual([0, 0, 0]);
    expect(g.pixel(3, 1).slice(0, 3)).toEqual([255, 255, 255]);
  });

  it('writes text with the 5×7 glyphs (lower case in capitals, unknown as ?)', () => {
    const r = new Raster(20, 9);
    r.text(1, 1, 'T1', BLACK);
    // 'T': top row full, then the centre column
    for (let c = 0; c < 5; c++) expect(r.pixel(1 + c, 1)[0]).toBe(0);
    expect(r.pixel(3, 7)[0]).toBe(0);
    expect(r.pixel(1, 7)[0]).toBe(255);
    expect(glyph('a')).toBe(glyph('A'));
    expect(glyph('~')).toBe(glyph('?'));
    expect(Raster.textWidth('abc', 2)).toBe(34);
    expect(Raster.textHeight(1)).toBe(GLYPH_HEIGHT);
    const c = new Raster(40, 9);
    c.text(20, 1, 'I', BLACK, 1, 'center');
    expect(c.pixel(20, 2)[0]).toBe(0); // the I's stem is the glyph's middle column
  });

  it('picks round ticks and labels', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(251.3, 288.9, 4)).toEqual([260, 270, 280]);
    expect(niceTicks(0.013, 0.05, 4)).toEqual([0.02, 0.03, 0.04, 0.05]);
    expect(formatTick(0.5, 0.5)).toBe('0.5');
    expect(formatTick(280, 10)).toBe('280');
  });

  it('moving averages are centred', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 3)).toEqual([1.5, 2, 3, 4, 4.5]);
  });

  it('image grids and reconstruction pairs have the expected size and content', () => {
    const img = Float32Array.from({ length: 3 * 4 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 3 images of 2×2, top-left white
    const g = imageGrid({ pixels: img, count: 3, rows: 2, cols: 2 }, { columns: 2, scale: 3, gap: 1 });
    expect([g.width, g.height]).toEqual([2 * 7 + 1, 2 * 7 + 1]);
    expect(g.pixel(1, 1).slice(0, 3)).toEqual([255, 255, 255]); // image 0's white pixel
    expect(g.pixel(4, 4).slice(0, 3)).toEqual([0, 0, 0]); // image 0's bottom-right
    const pairs = reconstructionGrid({ pixels: img, count: 3, rows: 2, cols: 2 }, { pixels: img, count: 3, rows: 2, cols: 2 }, { pairsPerRow: 2 });
    expect(pairs.hasInk()).toBe(true);
    expect(() => reconstructionGrid({ pixels: img, count: 3, rows: 2, cols: 2 }, { pixels: img, count: 2, rows: 2, cols: 2 })).toThrow(/as many/);
  });

  it('a line plot puts a rising line from the bottom-left to the top-right of its frame', () => {
    const r = linePlot([{ points: [[0, 0], [1, 1]], color: [255, 0, 0], label: 'A', width: 3 }], { width: 300, height: 200 });
    const red = (x: number, y: number) => {
      const [R, G, B] = r.pixel(x, y);
      return R > 200 && G < 60 && B < 60;
    };
    // the frame: left 70, top 40, 210 × 120 px, y range padded by 5%
    expect(red(70 + 3, 40 + 120 - Math.round(120 * 0.05 / 1.1) - 1)).toBe(true);
    expect(red(70 + 105, 40 + 60)).toBe(true);
    expect(red(70 + 105, 40 + 100)).toBe(false);
  });

  it('a scatter plot colours each point by its label and has a legend', () => {
    const pts: Array<[number, number]> = [[0, 0], [1, 1], [0, 1], [1, 0]];
    const r = scatterPlot(pts, [0, 1, 2, 3], ['a', 'b', 'c', 'd'], { width: 300, height: 200, radius: 3 });
    const colours = new Set<string>();
    for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) colours.add(r.pixel(x, y).slice(0, 3).join(','));
    for (let k = 0; k < 4; k++) expect(colours.has((PALETTE[k] as readonly number[]).join(','))).toBe(true);
    expect(colours.has((PALETTE[5] as readonly number[]).join(','))).toBe(false);
    expect(new Raster(2, 2).hasInk()).toBe(false);
    expect(new Raster(2, 2, WHITE).hasInk([0, 0, 0])).toBe(true);
  });
});
