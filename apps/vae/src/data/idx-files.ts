// Reading MNIST-style IDX files from a directory (Node only).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isGzip, parseIdx, type IdxArray } from './idx.js';
import { DIGIT_NAMES, FASHION_NAMES, type DataSplit, type Dataset } from './dataset.js';

/** Reads an IDX file, gzipped or not (told apart by its first bytes, not its name). */
export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array = readFileSync(path);
  if (isGzip(bytes)) bytes = gunzipSync(bytes);
  return parseIdx(bytes, path);
}

/** The names a split's file may have: `train-images-idx3-ubyte`, `.gz`, or with a dot (`train-images.idx3-ubyte`). */
function candidates(prefix: string, kind: 'images' | 'labels'): string[] {
  const nd = kind === 'images' ? 3 : 1;
  const stems = [`${prefix}-${kind}-idx${nd}-ubyte`, `${prefix}-${kind}.idx${nd}-ubyte`];
  return stems.flatMap((s) => [s, `${s}.gz`]);
}

function findFile(dir: string, prefix: string, kind: 'images' | 'labels'): string {
  const names = candidates(prefix, kind);
  for (const n of names) {
    const p = join(dir, n);
    if (existsSync(p)) return p;
  }
  throw new Error(`no ${prefix} ${kind} in ${dir} (looked for ${names.join(', ')}). Debian: apt-get install dataset-fashion-mnist puts Fashion-MNIST in /usr/share/datasets/fashion-mnist/`);
}

/** An images file and a labels file as a Dataset (pixels scaled to [0, 1], as torchvision's ToTensor does). */
export function readIdxDataset(imagesPath: string, labelsPath: string): Dataset {
  const img = readIdxFile(imagesPath);
  const lab = readIdxFile(labelsPath);
  if (img.dims.length !== 3) throw new Error(`${imagesPath}: expected images of dims [count, rows, cols], got [${img.dims.join(', ')}]`);
  if (lab.dims.length !== 1) throw new Error(`${labelsPath}: expected labels of dims [count], got [${lab.dims.join(', ')}]`);
  const [count, rows, cols] = img.dims as [number, number, number];
  if (lab.dims[0] !== count) throw new Error(`${imagesPath} holds ${count} images but ${labelsPath} ${lab.dims[0]} labels`);
  const images = new Float32Array(img.data.length);
  for (let i = 0; i < images.length; i++) images[i] = (img.data[i] as number) / 255;
  return { images, labels: Uint8Array.from(lab.data), count, rows, cols };
}

/**
 * MNIST or Fashion-MNIST from a directory holding the four IDX files
 * (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`,
 * `t10k-images-idx3-ubyte[.gz]`, `t10k-labels-idx1-ubyte[.gz]`). The
 * class names are Fashion-MNIST's when the directory's name says
 * "fashion", else the digits.
 */
export function loadIdxDirectory(dir: string): DataSplit {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new Error(`data directory ${abs} does not exist`);
  const train = readIdxDataset(findFile(abs, 'train', 'images'), findFile(abs, 'train', 'labels'));
  const test = readIdxDataset(findFile(abs, 't10k', 'images'), findFile(abs, 't10k', 'labels'));
  const fashion = /fashion/i.test(basename(abs)) || /fashion/i.test(abs);
  return { name: `${fashion ? 'fashion-mnist' : 'mnist'} (${abs})`, train, test, classNames: fashion ? FASHION_NAMES : DIGIT_NAMES };
}
