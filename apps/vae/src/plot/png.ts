// PNG files from rasters (Node: pngjs).
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Raster } from './raster.js';

/** The PNG bytes of a raster (8-bit RGBA). */
export function encodePng(r: Raster): Uint8Array {
  const png = new PNG({ width: r.width, height: r.height });
  png.data = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType: 6 }));
}

/** Reads PNG bytes back (for tests): size and RGBA pixels. */
export function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

export function writePng(path: string, r: Raster): void {
  writeFileSync(path, encodePng(r));
}
