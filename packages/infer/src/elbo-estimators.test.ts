// The gradient estimators, sample by sample: for the values the guide drew
// (read back inside the guide), each ELBO's loss and gradients equal the
// formula of its estimator, computed independently in float64.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Delta, Normal, constraints } from '@pyro-ts/distributions';
import { param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { RenyiELBO, TraceELBO, TraceGraphELBO, TraceMeanFieldELBO, type ELBO } from './index.js';

const LOG2PI = Math.log(2 * Math.PI);
const logNormal = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG2PI;
const sigmoid = (l: number): number => 1 / (1 + Math.exp(-l));
const logBern = (z: number, l: number): number => z * Math.log(sigmoid(l)) + (1 - z) * Math.log(1 - sigmoid(l));

describe('score-function terms: TraceELBO (plates) vs TraceGraphELBO (dependency graph)', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  const X = [1.5, -0.3, 2.2];
  const L0 = [0.2, -0.7, 1.1];
  const G0 = 0.3;
  let drawn: number[] = [];
  // a global reparameterized latent g, then local discrete z_i in a plate
  const model = (x: tf.Tensor): void => {
    const g = sample('g', new Normal(0, 1));
    plate('data', 3, () => {
      const z = sample('z', new Bernoulli({ probs: 0.3 }));
      sample('x', new Normal(tf.add(g, tf.mul(z, 2)), 1), { obs: x });
    });
  };
  const guide = (): void => {
    sample('g', new Delta(param('g_q', G0)));
    plate('data', 3, () => {
      const z = sample('z', new Bernoulli({ logits: param('l_q', L0) }));
      drawn = Array.from(z.dataSync());
    });
  };

  /** −(score_i × weight_i) and the pathwise gradient of g, for the drawn z. */
  function expected(includeUpstream: boolean): { loss: number; l: number[]; g: number } {
    const g = G0;
    let elbo = logNormal(g, 0, 1);
    const terms = drawn.map((z, i) => {
      const lp = Math.log(z ? 0.3 : 0.7) - logBern(z, L0[i] as number) + logNormal(X[i] as number, g + 2 * z, 1);
      elbo += lp;
      return lp;
    });
    // TraceELBO: the cost of z_i is its plate slice plus every term outside the plate (log p(g));
    // TraceGraphELBO: only what follows z_i in the model (log p(z_i) − log q(z_i) + log p(x_i | ...)).
    const l = drawn.map((z, i) => -(z - sigmoid(L0[i] as number)) * ((terms[i] as number) + (includeUpstream ? logNormal(g, 0, 1) : 0)));
    const dg = -g + drawn.reduce((a, z, i) => a + ((X[i] as number) - g - 2 * z), 0);
    return { loss: -elbo, l, g: -dg };
  }

  // float32 log-densities of O(1): rtol 1e-5 (loss), 1e-4 (gradients)
  for (const [name, make, upstream] of [
    ['TraceELBO', () => new TraceELBO(), true],
    ['TraceGraphELBO', () => new TraceGraphELBO(), false],
  ] as Array<[string, () => ELBO, boolean]>) {
    it(`${name}: the gradient of each logit is the score times its Rao-Blackwellized cost`, () => {
      const x = tf.tensor1d(X);
      const elbo = make();
      elbo.loss(model, guide, x);
      setRngSeed(11);
      const seen = new Set<string>();
      expectNoLeaks(() => {
        for (let t = 0; t < 6; t++) {
          const r = elbo.lossAndGrads(model, guide, x);
          seen.add(drawn.join(''));
          const want = expected(upstream);
          expectClose(r.loss, want.loss, { rtol: 1e-5 }, 'loss');
          expectClose(r.grads.get('l_q') as tf.Tensor, want.l, { rtol: 1e-4, atol: 1e-5 }, 'grad l_q');
          expectClose(r.grads.get('g_q') as tf.Tensor, [want.g], { rtol: 1e-4, atol: 1e-5 }, 'grad g_q');
          tf.dispose([...r.grads.values()]);
        }
      });
      expect(seen.size).toBeGreaterThan(1); // different draws were checked
      x.dispose();
    });
  }
});

describe('TraceMeanFieldELBO uses the analytic KL', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('loss and gradients equal −log p(x | z) + KL(q ‖ p) at the drawn z', () => {
    let z = 0;
    const model = (): void => {
      const zz = sample('z', new Normal(0.5, 2));
      sample('x', new Normal(zz, 1), { obs: tf.scalar(1.7) });
    };
    const guide = (): void => {
      const v = sample('z', new Normal(param('loc', 0.2), param('scale', 0.8, { constraint: constraints.positive })));
      z = v.dataSync()[0] as number;
    };
    const elbo = new TraceMeanFieldELBO();
    elbo.loss(model, guide);
    setRngSeed(3);
    const [m, s, pm, ps] = [0.2, 0.8, 0.5, 2];
    const kl = Math.log(ps / s) + (s * s + (m - pm) ** 2) / (2 * ps * ps) - 0.5;
    expectNoLeaks(() => {
      for (let t = 0; t < 3; t++) {
        const r = elbo.lossAndGrads(model, guide);
        const eps = (z - m) / s;
        // float32: rtol 1e-5 on the loss, 1e-4 on gradients
        expectClose(r.loss, -logNormal(1.7, z, 1) + kl, { rtol: 1e-5 }, 'loss');
        const dz = 1.7 - z; // d/dz log N(1.7 | z, 1)
        const dLoc = -dz + (m - pm) / (ps * ps);
        const dScale = -dz * eps + s / (ps * ps) - 1 / s;
        expectClose(r.grads.get('loc') as tf.Tensor, [dLoc], { rtol: 1e-4, atol: 1e-5 }, 'grad loc');
        expectClose(r.grads.get('scale') as tf.Tensor, [dScale * s], { rtol: 1e-4, atol: 1e-5 }, 'grad log scale');
        tf.dispose([...r.grads.values()]);
      }
    });
  });
});

describe('RenyiELBO', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  for (const alpha of [0, 0.5, -1]) {
    it(`alpha ${alpha}: the bound and its gradient from the drawn particles`, () => {
      const zs: number[] = [];
      const model = (): void => {
        const z = sample('z', new Normal(0, 1));
        sample('x', new Normal(z, 0.5), { obs: tf.scalar(0.9) });
      };
      const guide = (): void => {
        const v = sample('z', new Normal(param('loc', 0.1), param('scale', 0.7, { constraint: constraints.positive })));
        zs.push(v.dataSync()[0] as number);
      };
      const K = 3;
      const elbo = new RenyiELBO({ alpha, numParticles: K });
      elbo.loss(model, guide);
      setRngSeed(8);
      const [m, s] = [0.1, 0.7];
      expectNoLeaks(() => {
        zs.length = 0;
        const r = elbo.lossAndGrads(model, guide);
        expect(zs.length).toBe(K);
        const logw = zs.map((z) => logNormal(z, 0, 1) + logNormal(0.9, z, 0.5) - logNormal(z, m, s));
        const a = logw.map((w) => (1 - alpha) * w);
        const mx = Math.max(...a);
        const logMean = mx + Math.log(a.reduce((acc, v) => acc + Math.exp(v - mx), 0) / K);
        const weights = a.map((v) => Math.exp(v - logMean));
        // d log w_k / d loc and d log w_k / d log scale along z_k = loc + scale·eps_k
        const dp = zs.map((z) => -z + (0.9 - z) / 0.25);
        const dLoc = zs.reduce((acc, _z, k) => acc + (weights[k] as number) * (dp[k] as number), 0) / K;
        const dU = zs.reduce((acc, z, k) => acc + (weights[k] as number) * (((z - m) / s) * (dp[k] as number) * s + 1), 0) / K;
        // float32 weights and log-densities: rtol 1e-5 on the bound, 2e-4 on gradients
        expectClose(r.loss, -logMean / (1 - alpha), { rtol: 1e-5 }, 'loss');
        expectClose(r.grads.get('loc') as tf.Tensor, [-dLoc], { rtol: 2e-4, atol: 1e-5 }, 'grad loc');
        expectClose(r.grads.get('scale') as tf.Tensor, [-dU], { rtol: 2e-4, atol: 1e-5 }, 'grad log scale');
        tf.dispose([...r.grads.values()]);
      });
    });
  }

  it('rejects alpha = 1', () => {
    expect(() => new RenyiELBO({ alpha: 1 })).toThrow(/alpha should not be equal to 1/);
  });
});
