// Every `kind: "distribution"` case of distributions.json (Pyro 1.8.6,
// float64) against our families at float32 tolerances, through the same
// checks @pyro-ts/conformance runs under every backend (src/testing).
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { buildDistribution, distributionCases, distributionConformanceGaps, isSupported, klCases, runDistributionFixture, runKLCase, runShapeCase, shapeCases } from '../testing/index.js';

beforeAll(useCpuForTests);

const cases = distributionCases();
const supported = cases.filter(isSupported);

describe('distributions.json', () => {
  it.each(supported.map((c) => [c.id, c] as const))('%s', (_id, c) => expectNoLeaks(() => runDistributionFixture(c)));

  it.each(supported.map((c) => [c.id, c] as const))('%s: sample shapes, logProb of samples, expand', (_id, c) => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(1);
        const d = buildDistribution(c);
        const x = d.sample([2, 3]);
        expect(x.shape).toEqual(d.shape([2, 3]));
        const lp = d.logProb(x);
        expect(lp.shape).toEqual([2, 3, ...d.batchShape]);
        expect(tf.any(tf.isNaN(lp)).dataSync()[0]).toBe(0);
        if (d.hasRsample) expect(d.rsample([4]).shape).toEqual(d.shape([4]));
        const e = d.expand([5, ...d.batchShape]);
        expect(e.className).toBe(d.className);
        expect([e.batchShape, e.eventShape]).toEqual([[5, ...d.batchShape], d.eventShape]);
        expect(e.sample().shape).toEqual(e.shape());
        expect(e.logProb(e.sample([2])).shape).toEqual([2, 5, ...d.batchShape]);
      }),
    );
  });

  it('fails a case whose recorded values differ', () => {
    const normal = cases.find((c) => c.id === 'Normal/scalar')!;
    expect(() => expectNoLeaks(() => runDistributionFixture({ ...normal, mean: (normal.mean as number) + 1e-3 }))).toThrow(/Normal\/scalar.mean/);
    const lp = normal.log_prob[0]!;
    expect(() => runDistributionFixture({ ...normal, log_prob: [{ ...lp, log_prob_shape: [7] }] })).toThrow(/shape/);
    expect(() => runDistributionFixture({ ...normal, support: { ...normal.support, repr: 'Positive()' } })).toThrow(/support/);
    const kl = klCases()[0]!;
    expect(() => runKLCase({ ...kl, kl_shape: [9] })).toThrow(/shape/);
    const shape = shapeCases().find((c) => c.batch_shape !== undefined)!;
    expect(() => runShapeCase({ ...shape, batch_shape: [99] })).toThrow(/shapes/);
  });

  it('runs every case, and lists what it leaves out', () => {
    const gaps = distributionConformanceGaps();
    console.log(`distributions.json: ${supported.length} of ${cases.length} distribution cases run; left out or partial:\n  ${gaps.join('\n  ')}`);
    expect(supported.length).toBe(cases.length);
  });
});
