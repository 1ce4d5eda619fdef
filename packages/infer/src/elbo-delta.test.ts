// Every ELBO against a closed form: a Delta guide makes the ELBO a
// deterministic function of the parameters, here with a constrained
// (positive) latent, a local latent in a subsampled plate, a masked
// observation and a subsampled parameter.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Delta, LogNormal, Normal, constraints } from '@pyro-ts/distributions';
import { MaskMessenger } from '@pyro-ts/poutine';
import { getParamStore, param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { RenyiELBO, TraceELBO, TraceGraphELBO, TraceMeanFieldELBO, type ELBO } from './index.js';

const N = 6;
const X = [0.3, -1.2, 2.1, 0.7, 1.6, -0.4];
const SUB = [4, 1, 3];
const MASK = [true, false, true];
const Z0 = [0.1, -0.5, 0.9, 0.2, 1.1, -0.3];
const MU0 = 0.4;
const SIGMA0 = 1.3;

const LOG2PI = Math.log(2 * Math.PI);
const logNormal = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG2PI;
const logLogNormal = (x: number, m: number, s: number): number => logNormal(Math.log(x), m, s) - Math.log(x);

function model(x: tf.Tensor): void {
  const sigma = sample('sigma', new LogNormal(0.2, 0.5));
  const mu = sample('mu', new Normal(0, 2));
  plate('data', N, { subsample: SUB }, (ind) => {
    const z = sample('z', new Normal(mu, 1));
    const m = tf.tensor1d(MASK.map(Number), 'bool');
    new MaskMessenger(m).run(() => sample('x', new Normal(z, sigma), { obs: tf.gather(x, ind) }));
  });
}

function guide(): void {
  sample('sigma', new Delta(param('sigma_q', SIGMA0, { constraint: constraints.positive })));
  sample('mu', new Delta(param('mu_q', MU0)));
  plate('data', N, { subsample: SUB }, () => {
    sample('z', new Delta(param('z_q', Z0, { eventDim: 0 })));
  });
}

/** The loss −ELBO and its gradients with respect to (log σ_q, μ_q, z_q), in float64. */
function exact(): { loss: number; grads: Record<string, number[]> } {
  const scale = N / SUB.length;
  const s = SIGMA0;
  const mu = MU0;
  let elbo = logLogNormal(s, 0.2, 0.5) + logNormal(mu, 0, 2);
  let dSigma = -1 / s - (Math.log(s) - 0.2) / (0.25 * s);
  let dMu = -mu / 4;
  const dZ = new Array<number>(N).fill(0);
  SUB.forEach((i, k) => {
    const z = Z0[i] as number;
    const x = X[i] as number;
    elbo += scale * logNormal(z, mu, 1);
    dMu += scale * (z - mu);
    dZ[i] = scale * -(z - mu);
    if (MASK[k]) {
      elbo += scale * logNormal(x, z, s);
      dSigma += scale * ((x - z) ** 2 / s ** 3 - 1 / s);
      (dZ[i] as number) += scale * ((x - z) / s ** 2);
    }
  });
  return { loss: -elbo, grads: { sigma_q: [-dSigma * s], mu_q: [-dMu], z_q: dZ.map((d) => -d) } };
}

const cases: Array<[string, () => ELBO]> = [
  ['TraceELBO', () => new TraceELBO()],
  ['TraceELBO with 3 particles', () => new TraceELBO({ numParticles: 3 })],
  ['TraceELBO with 3 vectorized particles', () => new TraceELBO({ numParticles: 3, vectorizeParticles: true })],
  ['TraceMeanFieldELBO (Delta ‖ Normal by the KL registry)', () => new TraceMeanFieldELBO()],
  ['TraceGraphELBO', () => new TraceGraphELBO()],
  ['RenyiELBO (alpha 0.5, 2 particles)', () => new RenyiELBO({ alpha: 0.5 })],
  ['RenyiELBO (alpha 0, 4 vectorized particles)', () => new RenyiELBO({ numParticles: 4, vectorizeParticles: true })],
];

describe('ELBOs with a Delta guide equal the closed form', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);
  const x = (): tf.Tensor => tf.tensor1d(X);

  // float32 log-densities of O(10): rtol 1e-5 on the loss, 1e-4 on gradients (sums of a few terms)
  for (const [name, make] of cases) {
    it(`${name}: loss, lossAndGrads and differentiableLoss`, () => {
      const data = x();
      setRngSeed(0);
      const elbo = make();
      elbo.loss(model, guide, data); // creates the parameters
      const want = exact();
      expectNoLeaks(() => {
        expectClose(elbo.loss(model, guide, data), want.loss, { rtol: 1e-5 }, 'loss');
        const r = elbo.lossAndGrads(model, guide, data);
        expectClose(r.loss, want.loss, { rtol: 1e-5 }, 'lossAndGrads loss');
        expect([...r.params.keys()].sort()).toEqual(['mu_q', 'sigma_q', 'z_q']);
        for (const [k, g] of Object.entries(want.grads)) expectClose(r.grads.get(k) as tf.Tensor, g, { rtol: 1e-4, atol: 1e-5 }, `grad ${k}`);
        tf.dispose([...r.grads.values()]);
        const store = getParamStore();
        const vars = ['sigma_q', 'mu_q', 'z_q'].map((k) => store.variable(k));
        const { value, grads } = tf.variableGrads(() => elbo.differentiableLoss(model, guide, data) as tf.Scalar, vars);
        expectClose(value, want.loss, { rtol: 1e-5 }, 'differentiableLoss value');
        for (const v of vars) {
          const k = store.nameOf(v) as string;
          expectClose(grads[v.name] as tf.Tensor, want.grads[k] as number[], { rtol: 1e-4, atol: 1e-5 }, `differentiableLoss grad ${k}`);
        }
        tf.dispose([value, ...Object.values(grads)]);
      });
      data.dispose();
    });
  }

  it('a random subsample: the sites are scaled by size / subsampleSize', () => {
    const data = x();
    const m = (xs: tf.Tensor): void => {
      const mu = sample('mu', new Normal(0, 2));
      plate('data', N, { subsampleSize: 2 }, (ind) => {
        sample('x', new Normal(mu, 1), { obs: tf.gather(xs, ind) });
      });
    };
    const g = (): void => {
      sample('mu', new Delta(param('mu_q', MU0)));
      plate('data', N, { subsampleSize: 2 }, () => undefined);
    };
    setRngSeed(5);
    const elbo = new TraceELBO();
    elbo.loss(m, g, data);
    expectNoLeaks(() => {
      // every subsample of 2 indices gives a loss of the form −log p(mu) − 3 Σ log p(x_i | mu)
      const possible = new Set<string>();
      for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) possible.add((-(logNormal(MU0, 0, 2) + 3 * (logNormal(X[a] as number, MU0, 1) + logNormal(X[b] as number, MU0, 1)))).toFixed(3));
      for (let t = 0; t < 5; t++) expect(possible.has(elbo.loss(m, g, data).toFixed(3))).toBe(true);
    });
    data.dispose();
  });
});
