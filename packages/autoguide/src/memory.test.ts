// No tensor is left behind by guide calls, ELBO steps, medians, quantiles
// or Laplace approximations, once a guide has built itself (its own tensors
// and the param store's variables are then fixed).
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { useCpuForTests } from '@pyro-ts/tensor/testing';
import { Dirichlet, LogNormal, Normal } from '@pyro-ts/distributions';
import { block } from '@pyro-ts/poutine';
import { getParamStore, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { AutoDelta, AutoDiagonalNormal, AutoGuideList, AutoLaplaceApproximation, AutoLowRankMultivariateNormal, AutoMultivariateNormal, AutoNormal, initToValue } from './index.js';
import type { AutoGuide } from './index.js';
import { elboLoss, fit } from './fit.test-util.js';

function model(x: tf.Tensor): void {
  const mu = sample('mu', new Normal(0, 10));
  const s = sample('s', new Dirichlet([1, 1, 1]));
  plate('data', 5, { subsampleSize: 2 }, (ind) => {
    const z = sample('z', new LogNormal(mu, 1));
    sample('x', new Normal(tf.mul(z, tf.sum(s)), 1), { obs: tf.gather(x, ind) });
  });
}

/** The same without subsampling (AutoContinuous guides have no subsampled local latents). */
function globalModel(x: tf.Tensor): void {
  const mu = sample('mu', new Normal(0, 10));
  const s = sample('s', new Dirichlet([1, 1, 1]));
  plate('data', 5, () => {
    const z = sample('z', new LogNormal(mu, 1));
    sample('x', new Normal(tf.mul(z, tf.sum(s)), 1), { obs: x });
  });
}

const makers: Array<[string, () => AutoGuide, (x: tf.Tensor) => void]> = [
  ['AutoNormal', () => new AutoNormal(model), model],
  ['AutoDelta', () => new AutoDelta(model), model],
  ['AutoDiagonalNormal', () => new AutoDiagonalNormal(globalModel), globalModel],
  ['AutoMultivariateNormal', () => new AutoMultivariateNormal(globalModel), globalModel],
  ['AutoLowRankMultivariateNormal', () => new AutoLowRankMultivariateNormal(globalModel), globalModel],
  [
    'AutoGuideList',
    () => {
      const g = new AutoGuideList(model);
      g.append(new AutoMultivariateNormal(block(model, { hide: ['z'] })));
      g.append(new AutoNormal(block(model, { expose: ['z'] })));
      return g;
    },
    model,
  ],
];

describe('memory', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  for (const [name, make, m] of makers) {
    it(`${name}: calls, ELBO steps, median and quantiles leave the number of tensors unchanged; dispose frees the guide's own`, () => {
      setRngSeed(0);
      const x = tf.tensor1d([1, 2, 3, 4, 5]);
      const start = tf.memory().numTensors;
      const guide = make();
      fit(m, guide, [x], { steps: 3, lr: 0.01 });
      const built = tf.memory().numTensors;
      fit(m, guide, [x], { steps: 20, lr: 0.01 });
      for (let i = 0; i < 5; i++) tf.tidy(() => void elboLoss(m, guide, [x]));
      const med = guide.median(x);
      tf.dispose(Object.values(med));
      if (!(guide instanceof AutoDelta)) {
        const q = guide.quantiles([0.1, 0.9], x);
        tf.dispose(Object.values(q));
      }
      expect(tf.memory().numTensors).toBe(built);
      guide.dispose();
      getParamStore().clear();
      expect(tf.memory().numTensors).toBe(start);
      x.dispose();
    });
  }

  it('AutoLaplaceApproximation: the Hessian and repeated approximations leave nothing behind', () => {
    const x = tf.tensor1d([1, 2, 3, 4, 5]);
    const simple = (a: tf.Tensor): void => {
      const mu = sample('mu', new Normal(0, 10));
      const sigma = sample('sigma', new LogNormal(0, 1));
      plate('data', 5, () => sample('x', new Normal(mu, sigma), { obs: a }));
    };
    const delta = new AutoLaplaceApproximation(globalModel);
    tf.tidy(() => void delta(x));
    const built = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) delta.negLogJointHessian([x]).dispose();
    expect(tf.memory().numTensors).toBe(built);
    delta.dispose();
    getParamStore().clear();
    const d2 = new AutoLaplaceApproximation(simple, { initLocFn: initToValue({ values: { mu: 3, sigma: 1.5 } }) });
    tf.tidy(() => void d2(x));
    const built2 = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const g = d2.laplaceApproximation(x);
      const q = g.quantiles([0.5], x);
      tf.dispose(Object.values(q));
      tf.tidy(() => void g(x));
      g.dispose();
    }
    expect(tf.memory().numTensors).toBe(built2);
    d2.dispose();
    getParamStore().clear();
    x.dispose();
  });
});
