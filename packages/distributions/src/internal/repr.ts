// Python/torch-style text for the `toString()` of constraints and
// transforms, so that reprs compare with those recorded from Pyro.
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

/** Python's `repr(float)`: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `inf`, `nan`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${mant}e${exp < 0 ? '-' : '+'}${e}`;
  }
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** The shortest decimal that rounds to the same float32 as `x` (for values read back from float32 tensors). */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const v = Number(f.toPrecision(p));
    if (Math.fround(v) === f) return v;
  }
  return f;
}

/** Python's `str(int)` for integer-valued numbers, else Python's float repr. */
export function pyNumber(x: number, asInt: boolean): string {
  return asInt && Number.isInteger(x) ? String(x) : pyFloat(x);
}

function fixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(digits);
}

function sci(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [m, e] = x.toExponential(digits).split('e') as [string, string];
  const n = Math.abs(Number(e));
  return `${m}e${Number(e) < 0 ? '-' : '+'}${n < 10 ? '0' : ''}${n}`;
}

/**
 * torch's printing of a float tensor (`tensor([ 0., -2.])`,
 * `tensor([1.0000, 5.0000, 2.5000])`, `tensor(10.)`): its integer / fixed /
 * scientific modes, 4 digits of precision, right-aligned columns and 80-column
 * lines. Summarization of tensors over 1000 elements is not reproduced.
 */
export function torchTensorRepr(values: ArrayLike<number>, shape: readonly number[]): string {
  const vals = Array.from(values, shortestFloat32);
  const nz = vals.filter((v) => Number.isFinite(v) && v !== 0);
  let intMode = true;
  let sciMode = false;
  let width = 1;
  if (nz.length > 0) {
    const abs = nz.map(Math.abs);
    const mn = Math.min(...abs);
    const mx = Math.max(...abs);
    intMode = nz.every((v) => v === Math.ceil(v));
    if (intMode) {
      if (mx / mn > 1000 || mx > 1e8) {
        sciMode = true;
        for (const v of nz) width = Math.max(width, sci(v, 4).length);
      } else for (const v of nz) width = Math.max(width, fixed(v, 0).length + 1);
    } else if (mx / mn > 1000 || mx > 1e8 || mn < 1e-4) {
      sciMode = true;
      for (const v of nz) width = Math.max(width, sci(v, 4).length);
    } else for (const v of nz) width = Math.max(width, fixed(v, 4).length);
  }
  const fmt = (v: number): string => {
    let s: string;
    if (sciMode) s = sci(v, 4);
    else if (intMode) s = fixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = fixed(v, 4);
    return ' '.repeat(Math.max(0, width - s.length)) + s;
  };
  const indent = 'tensor('.length;
  const rec = (offset: number, dims: readonly number[], ind: number): string => {
    if (dims.length === 0) return fmt(vals[offset] as number);
    const [n, ...rest] = dims as [number, ...number[]];
    const stride = rest.reduce((a, b) => a * b, 1);
    if (rest.length === 0) {
      const items = [...Array(n).keys()].map((i) => fmt(vals[offset + i] as number));
      const perLine = Math.max(1, Math.floor((80 - ind) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(',\n' + ' '.repeat(ind + 1))}]`;
    }
    const parts = [...Array(n).keys()].map((i) => rec(offset + i * stride, rest, ind + 1));
    return `[${parts.join(',' + '\n'.repeat(rest.length) + ' '.repeat(ind + 1))}]`;
  };
  return `tensor(${rec(0, shape, indent)})`;
}

/**
 * Text of a constraint bound or transform parameter as Pyro's reprs show it:
 * numbers as Python floats (or, when `asInt`, integer-valued numbers as
 * Python ints), 0-d tensors as Python floats (`10.0`), other tensors and
 * arrays as torch prints tensors.
 */
export function reprParam(p: unknown, asInt = false): string {
  if (typeof p === 'number') return pyNumber(p, asInt);
  if (typeof p === 'function') {
    let s = '';
    tf.tidy(() => {
      s = reprParam((p as () => unknown)(), asInt);
    });
    return s;
  }
  if (isTensor(p)) {
    const data = p.dataSync() as ArrayLike<number>;
    if (p.rank === 0) return pyFloat(shortestFloat32(data[0] as number));
    return torchTensorRepr(data, p.shape);
  }
  if (Array.isArray(p)) {
    const t = tf.tensor(p as number[]);
    try {
      return reprParam(t, asInt);
    } finally {
      t.dispose();
    }
  }
  return String(p);
}

export function reprTensor(t: Tensor): string {
  return torchTensorRepr(t.dataSync() as ArrayLike<number>, t.shape);
}
