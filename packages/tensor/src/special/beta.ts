// mvlgamma, logBeta (Pyro's pyro.ops.special.log_beta), logBinomial
// (log_binomial).
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { LOG_PI, LOG_SQRT_2PI, type TensorInput, broadcastPair, checkInteger, tidy1, withGrad2, select } from './internal.js';
import { digammaTensor, lgammaTensor, stirlingCorrection } from './gamma.js';
import { log1pTensor } from './elementary.js';

/**
 * The multivariate log-gamma function of dimension p (torch.mvlgamma):
 * p(p-1)/4 log(pi) + sum_{j<p} lgamma(x - j/2). torch raises unless every
 * x > (p-1)/2; this function does not check values (that would need a
 * device read) -- below the bound it returns the sum of log|Gamma|.
 * Gradient: sum_j digamma(x - j/2).
 */
export function mvlgamma(x: TensorInput, p: number): Tensor {
  checkInteger('mvlgamma', 'p', p, 1);
  return tidy1(x, (t) => {
    const halves = tf.mul(tf.range(0, p, 1, 'float32'), -0.5);
    const terms = lgammaTensor(tf.add(tf.expandDims(t, -1), halves));
    return tf.add(tf.sum(terms, -1), (p * (p - 1) * LOG_PI) / 4);
  });
}

/** Below this max(a, b) all three lgammas are evaluated directly. */
const LARGE = 10;

/**
 * lgamma(a) + lgamma(b) - lgamma(a + b) without float32 cancellation. With
 * p = min(a, b), q = max(a, b) >= 10 (R's lbeta; Stirling's remainder
 * corr(z) = lgamma(z) - ((z - 1/2) log z - z + log(2 pi)/2)):
 *   lgamma(q) - lgamma(p + q) = (q - 1/2) log1p(-p/(p+q)) - p log(p+q) + p + corr(q) - corr(p+q),
 * so logBeta(3, 1e5) = -33.8457 is exact to float32 instead of the
 * difference of two numbers near 1.05e6.
 */
function logBetaValue(a: Tensor, b: Tensor): Tensor {
  const p = tf.minimum(a, b);
  const q = tf.maximum(a, b);
  const s = tf.add(p, q);
  // One lgamma over the stacked arguments: fewer kernel launches than three calls.
  const [lp, lq, ls] = tf.unstack(lgammaTensor(tf.stack([p, q, s])));
  const direct = tf.sub(tf.add(lp as Tensor, lq as Tensor), ls as Tensor);
  const qSafe = tf.maximum(q, LARGE); // keeps the unused branch finite
  const sSafe = tf.add(p, qSafe);
  const [cq, cs] = tf.unstack(stirlingCorrection(tf.stack([qSafe, sSafe])));
  const tail = tf.add(
    tf.sub(tf.mul(tf.sub(qSafe, 0.5), log1pTensor(tf.neg(tf.div(p, sSafe)))), tf.mul(p, tf.log(sSafe))),
    tf.add(p, tf.sub(cq as Tensor, cs as Tensor)),
  );
  return select(tf.less(q, LARGE), direct, tf.add(lp as Tensor, tail));
}

const logBetaExact = withGrad2(logBetaValue, (a, b, _y, dy) => {
  const [da, db, ds] = tf.unstack(digammaTensor(tf.stack([a, b, tf.add(a, b)])));
  return [tf.mul(dy, tf.sub(da as Tensor, ds as Tensor)), tf.mul(dy, tf.sub(db as Tensor, ds as Tensor))];
});

/**
 * Pyro's shifted Stirling approximation (tol >= 0.02): with n = ceil(0.082/tol),
 *   sum_{i<n} log((x+y+i) / ((x+i)(y+i)))
 *   + (x'-1/2) log x' + (y'-1/2) log y' - (s'-1/2) log s' + log(2 pi)/2 - n,
 * x' = x+n, y' = y+n, s' = x+y+n. The last three terms are regrouped (same
 * value in exact arithmetic) so float32 does not cancel large products:
 * with p' = min(x', y'), q' = max(x', y'), m = p' - n,
 *   (p'-1/2) log p' - (q'-1/2) log1p(m/q') - m log s'.
 */
function logBetaStirling(x: Tensor, y: Tensor, tol: number): Tensor {
  const n = Math.ceil(0.082 / tol);
  const ks = tf.range(0, n, 1, 'float32');
  const xs = tf.add(tf.expandDims(x, -1), ks);
  const ys = tf.add(tf.expandDims(y, -1), ks);
  const ss = tf.add(tf.expandDims(tf.add(x, y), -1), ks);
  const logFactor = tf.sum(tf.log(tf.div(tf.div(ss, xs), ys)), -1);
  const m = tf.minimum(x, y);
  const pp = tf.add(m, n);
  const qq = tf.add(tf.maximum(x, y), n);
  const sp = tf.add(tf.add(x, y), n);
  const body = tf.sub(
    tf.sub(tf.mul(tf.sub(pp, 0.5), tf.log(pp)), tf.mul(tf.sub(qq, 0.5), log1pTensor(tf.div(m, qq)))),
    tf.mul(m, tf.log(sp)),
  );
  return tf.add(tf.add(logFactor, body), LOG_SQRT_2PI - n);
}

export interface ToleranceOptions {
  /**
   * Bound on the absolute error (Pyro's `tol`, default 0). Below 0.02 the
   * exact value is computed; from 0.02 on Pyro's shifted Stirling
   * approximation with ceil(0.082 / tol) shifts.
   */
  tol?: number;
}

function checkTol(fn: string, tol: number): void {
  if (!(typeof tol === 'number' && tol >= 0)) throw new Error(`${fn}: tol must be a number >= 0, got ${String(tol)}`);
}

/**
 * log Beta(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b)
 * (pyro.ops.special.log_beta; Pyro 1.8.6 semantics: no clamping of a, b).
 * Broadcasts. With tol < 0.02 the exact value, computed without float32
 * cancellation for large arguments; with tol >= 0.02 Pyro's cheaper shifted
 * Stirling approximation (absolute error < tol). Gradient (exact mode):
 * digamma(a) - digamma(a + b), digamma(b) - digamma(a + b); the
 * approximation is differentiated through its formula, as in Pyro.
 */
export function logBeta(a: TensorInput, b: TensorInput, options: ToleranceOptions = {}): Tensor {
  const tol = options.tol ?? 0;
  checkTol('logBeta', tol);
  return tf.tidy(() => {
    const [x, y] = broadcastPair(a, b);
    return tol < 0.02 ? logBetaExact(x, y) : logBetaStirling(x, y, tol);
  });
}

/**
 * log of the binomial coefficient C(n, k) = lgamma(n+1) - lgamma(k+1) -
 * lgamma(n-k+1) (pyro.ops.special.log_binomial), evaluated as
 * -log(n+1) - logBeta(k+1, n-k+1, {tol}) (the same identity Pyro uses for
 * tol >= 0.02) so large n keeps float32 accuracy. Broadcasts. Pyro computes
 * it under torch.no_grad(); here it is differentiable (through logBeta).
 */
export function logBinomial(n: TensorInput, k: TensorInput, options: ToleranceOptions = {}): Tensor {
  const tol = options.tol ?? 0;
  checkTol('logBinomial', tol);
  return tf.tidy(() => {
    const [nn, kk] = broadcastPair(n, k);
    const nPlus1 = tf.add(nn, 1);
    return tf.sub(tf.neg(tf.log(nPlus1)), logBeta(tf.add(kk, 1), tf.sub(nPlus1, kk), { tol }));
  });
}
