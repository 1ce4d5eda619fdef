// The first two principal components of a few thousand short vectors (the
// web page's live latent map, cheaper than t-SNE): covariance, then power
// iteration with deflation.

function powerIteration(c: Float64Array, d: number, seedVector: number): Float64Array {
  let v = Float64Array.from({ length: d }, (_, i) => Math.sin(i + seedVector) + 1.5);
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (c[i * d + j] as number) * (v[j] as number);
      w[i] = s;
    }
    const norm = Math.hypot(...w) || 1;
    let change = 0;
    for (let i = 0; i < d; i++) {
      const nv = (w[i] as number) / norm;
      change += Math.abs(nv - (v[i] as number));
      w[i] = nv;
    }
    v = w;
    if (change < 1e-10) break;
  }
  return v;
}

/** Projections of the rows of `data` on their first two principal axes (each axis's sign fixed so its largest loading is positive). */
export function pca2(data: ReadonlyArray<ArrayLike<number>>): Array<[number, number]> {
  const n = data.length;
  if (n === 0) return [];
  const d = (data[0] as ArrayLike<number>).length;
  const mean = new Float64Array(d);
  for (const row of data) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (row[k] as number) / n;
  const c = new Float64Array(d * d);
  for (const row of data) {
    for (let i = 0; i < d; i++) {
      const a = (row[i] as number) - (mean[i] as number);
      for (let j = i; j < d; j++) c[i * d + j] = (c[i * d + j] as number) + a * ((row[j] as number) - (mean[j] as number));
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) c[i * d + j] = c[j * d + i] as number;
  const axes: Float64Array[] = [];
  for (let k = 0; k < Math.min(2, d); k++) {
    const v = powerIteration(c, d, k);
    let lam = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) lam += (v[i] as number) * (c[i * d + j] as number) * (v[j] as number);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i * d + j] = (c[i * d + j] as number) - lam * (v[i] as number) * (v[j] as number);
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(v[i] as number) > Math.abs(v[big] as number)) big = i;
    if ((v[big] as number) < 0) for (let i = 0; i < d; i++) v[i] = -(v[i] as number);
    axes.push(v);
  }
  return data.map((row) => {
    const out: [number, number] = [0, 0];
    axes.forEach((v, k) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += ((row[i] as number) - (mean[i] as number)) * (v[i] as number);
      out[k] = s;
    });
    return out;
  });
}
