// Handlers composed as inference algorithms compose them: a guide traced and
// replayed into a model with nested subsampled plates, block inside trace,
// gradients to the param store, and no tensor left behind over many steps.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal, constraints } from '@pyro-ts/distributions';
import { block, condition, replay, trace, scale, pruneSubsampleSites } from '@pyro-ts/poutine';
import { sample } from './sample.js';
import { param } from './param.js';
import { plate } from './plate.js';
import { getParamStore } from './param-store.js';
import { resetRuntime } from './reset.js';

const lp = (x: number, loc: number, s: number): number => -0.5 * ((x - loc) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

const N = 100;
const F = 4;
const dataValues = Array.from({ length: N * F }, (_, k) => Math.sin(k) * 2 + 1);

function model(data: tf.Tensor): void {
  const loc = sample('loc', new Normal(0, 10));
  plate('rows', N, { subsampleSize: 10, dim: -2 }, (i) =>
    plate('cols', F, { subsampleSize: 2 }, (j) => {
      const batch = tf.gather(tf.gather(data, i, 0), j, 1);
      sample('x', new Normal(loc, 1), { obs: batch });
    }),
  );
}

function guide(): void {
  const qLoc = param('q_loc', 0.3);
  const qScale = param('q_scale', 0.7, { constraint: constraints.positive });
  sample('loc', new Normal(qLoc, qScale));
  plate('rows', N, { subsampleSize: 10, dim: -2 }, () => plate('cols', F, { subsampleSize: 2 }, () => undefined));
}

/** One ELBO estimate as Trace_ELBO computes it: model log-joint minus guide log-density, at the guide's sample. */
function elbo(data: tf.Tensor): { loss: tf.Scalar; g: ReturnType<ReturnType<typeof trace>['getTrace']>; m: ReturnType<ReturnType<typeof trace>['getTrace']> } {
  const g = trace(guide).getTrace();
  const m = trace(replay(model, g)).getTrace(data);
  const lm = m.logProbSum();
  const lg = g.logProbSum();
  return { loss: tf.sub(lg, lm) as tf.Scalar, g, m };
}

describe('handler composition', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('replaying a guide with nested subsampled plates into the model: indices, scales and the ELBO match a direct computation', () => {
    const data = tf.tensor2d(dataValues, [N, F]);
    setRngSeed(3);
    tf.tidy(() => {
      elbo(data); // creates the params
    });
    expectNoLeaks(() =>
      tf.tidy(() => {
        const { loss, g, m } = elbo(data);
        const rows = Array.from(g.value('rows').dataSync());
        const cols = Array.from(g.value('cols').dataSync());
        // the model used the guide's indices
        expect(m.value('rows')).toBe(g.value('rows'));
        expect(m.value('cols')).toBe(g.value('cols'));
        expect(m.value('x').shape).toEqual([10, 2]);
        expect(m.sampleSite('x').scale).toBe(20);
        expect(m.sampleSite('x').condIndepStack.map((f) => [f.name, f.dim, f.size, f.fullSize])).toEqual([
          ['rows', -2, 10, N],
          ['cols', -1, 2, F],
        ]);
        const loc = m.value('loc').dataSync()[0] as number;
        let lModel = lp(loc, 0, 10);
        for (const r of rows) for (const c of cols) lModel += 20 * lp(dataValues[r * F + c] as number, loc, 1);
        const qScale = getParamStore().get('q_scale').dataSync()[0] as number;
        const lGuide = lp(loc, 0.3, qScale);
        expectClose(loss, lGuide - lModel, { rtol: 1e-5 });
        // subsample sites add nothing and can be pruned
        expect([...pruneSubsampleSites(m).nodes.keys()]).toEqual(['_INPUT', 'loc', 'x', '_RETURN']);
      }),
    );
    data.dispose();
  });

  it('gradients reach the param store and repeated steps leave no tensor behind', () => {
    const data = tf.tensor2d(dataValues, [N, F]);
    tf.tidy(() => {
      elbo(data);
    });
    const store = getParamStore();
    const vars = store.namedParameters().map(([, v]) => v);
    const step = (): number =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => elbo(data).loss, vars);
        for (const v of vars) {
          const gv = grads[v.name] as tf.Tensor;
          expect(Number.isFinite(gv.dataSync()[0] as number)).toBe(true);
          v.assign(tf.sub(v, tf.mul(gv, 1e-3)));
        }
        return value.dataSync()[0] as number;
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    data.dispose();
  });

  it('block inside trace hides the guide\'s sites from an outer trace; scale and condition compose with it', () => {
    const data = tf.tensor2d(dataValues, [N, F]);
    tf.tidy(() => {
      elbo(data);
    });
    expectNoLeaks(() =>
      tf.tidy(() => {
        const inner = trace(guide);
        const outer = trace(block(inner, { expose: ['loc'] })).getTrace();
        expect([...outer.nodes.keys()]).toEqual(['_INPUT', 'loc', '_RETURN']);
        expect(inner.trace.paramNodes).toEqual(['q_loc', 'q_scale']);
        const loc = tf.scalar(1.25);
        const t = trace(scale(condition(model, { loc }), 0.5)).getTrace(data);
        expect(t.value('loc')).toBe(loc);
        expect(t.sampleSite('x').scale).toBe(10);
        expect(t.sampleSite('loc').scale).toBe(0.5);
        expect(t.observationNodes).toEqual(['loc', 'x']);
      }),
    );
    data.dispose();
  });

  it('a sequential plate in model and guide lines up under replay', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const g = trace(() => {
          for (const i of plate('s', 3)) sample(`z_${i}`, new Normal(i, 0.01));
        }).getTrace();
        const m = trace(
          replay(() => {
            for (const i of plate('s', 3)) sample(`z_${i}`, new Normal(0, 1));
          }, g),
        ).getTrace();
        for (const i of [0, 1, 2]) {
          expect(m.value(`z_${i}`)).toBe(g.value(`z_${i}`));
          expect(m.sampleSite(`z_${i}`).condIndepStack[0]?.counter).toBe(i + 1);
        }
      }),
    );
  });
});
