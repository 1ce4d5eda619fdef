import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { Trace } from './trace.js';
import { PlateMessenger } from './plate-messenger.js';
import { Bernoulli, ParamStore, param, sample } from './test-helpers.test-util.js';

const normalLogPdf = (x: number, loc: number, scale: number): number => -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

describe('Trace and trace()', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('records _INPUT, the sites in order and _RETURN; the traced function returns as usual', () => {
    const store = new ParamStore();
    store.param('loc', 0.5);
    expectNoLeaks(() => {
      const model = (k: number): number => {
        const loc = param(store, 'loc', 0.5);
        sample('z', new Normal(loc, 1));
        sample('x', new Normal(0, 1), { obs: 1 });
        return k * 2;
      };
      const h = trace(model);
      const tr = h.getTrace(21);
      expect([...tr.nodes.keys()]).toEqual(['_INPUT', 'loc', 'z', 'x', '_RETURN']);
      expect(tr.nodes.get('_INPUT')).toMatchObject({ type: 'args', args: [21] });
      expect(tr.nodes.get('_RETURN')).toMatchObject({ type: 'return', value: 42 });
      expect(tr.stochasticNodes).toEqual(['z']);
      expect(tr.observationNodes).toEqual(['x']);
      expect(tr.paramNodes).toEqual(['loc']);
      expect(tr.reparameterizedNodes).toEqual(['z']);
      expect(tr.nonreparamStochasticNodes).toEqual([]);
      expect(h(1)).toBe(2);
      h.trace.dispose();
      tr.dispose();
    });
    store.dispose();
  });

  it('computeLogProb and logProbSum match the normal log-density', () => {
    expectNoLeaks(() => {
      const tr = trace(() => {
        sample('a', new Normal(1, 2), { obs: 0.5 });
        sample('b', new Normal([0, 1], [1, 0.5]), { obs: [0.3, -0.2] });
      }).getTrace();
      tr.computeLogProb();
      const la = normalLogPdf(0.5, 1, 2);
      const lb = [normalLogPdf(0.3, 0, 1), normalLogPdf(-0.2, 1, 0.5)];
      expectClose(tr.sampleSite('a').logProb as tf.Tensor, la, { rtol: 1e-6 });
      expectClose(tr.sampleSite('b').logProb as tf.Tensor, lb, { rtol: 1e-6 });
      const total = tr.logProbSum();
      expectClose(total, la + (lb[0] as number) + (lb[1] as number), { rtol: 1e-6 });
      const onlyB = tr.logProbSum((name) => name === 'b');
      expectClose(onlyB, (lb[0] as number) + (lb[1] as number), { rtol: 1e-6 });
      total.dispose();
      onlyB.dispose();
      tr.dispose();
    });
  });

  it('logProbSum computes and memoizes per-site sums without computeLogProb', () => {
    expectNoLeaks(() => {
      const tr = trace(() => sample('a', new Normal(0, 1), { obs: [1, 2] })).getTrace();
      const s = tr.logProbSum();
      expectClose(s, normalLogPdf(1, 0, 1) + normalLogPdf(2, 0, 1), { rtol: 1e-6 });
      expect(tr.sampleSite('a').logProbSum).toBeDefined();
      expect(tr.sampleSite('a').logProb).toBeUndefined();
      s.dispose();
      tr.dispose();
    });
  });

  it('computeScoreParts: reparameterized sites have an entropy term, others a score function', () => {
    expectNoLeaks(() => {
      const tr = trace(() => {
        sample('z', new Normal(0, 1));
        sample('b', new Bernoulli(0.25));
      }).getTrace();
      tr.computeScoreParts();
      const z = tr.sampleSite('z').scoreParts;
      const b = tr.sampleSite('b').scoreParts;
      expect(z?.scoreFunction).toBe(0);
      expect(z?.entropyTerm).toBe(z?.logProb);
      expect(b?.entropyTerm).toBe(0);
      const bv = tr.value('b').dataSync()[0] as number;
      expectClose(b?.logProb as tf.Tensor, Math.log(bv === 1 ? 0.25 : 0.75), { rtol: 1e-6 });
      tr.dispose();
    });
  });

  it('a second sample site of the same name throws, naming the site, its shapes and the fix', () => {
    expectNoLeaks(() => tf.tidy(() => {
      const model = (): void => {
        sample('x', new Normal([0, 0], 1));
        sample('x', new Normal([0, 0, 0], 1));
      };
      let msg = '';
      const h = trace(model);
      try {
        h.getTrace();
      } catch (e) {
        msg = (e as Error).message;
      }
      // the partial trace stays on the handler; the rejected second value was drawn inside the failed run
      expect([...h.trace.nodes.keys()]).toEqual(['_INPUT', 'x']);
      h.trace.dispose();
      expect(msg).toContain("Multiple sample sites named 'x'");
      expect(msg).toContain('(2,)');
      expect(msg).toContain('(3,)');
      expect(msg).toContain('unique');
      // the trace's shape table is appended, as in Pyro
      expect(msg).toContain('Trace Shapes:');
    }));
  });

  it('param sites may repeat; a name used for two kinds of site may not', () => {
    const store = new ParamStore();
    store.param('p', 1);
    store.param('q', 1);
    expectNoLeaks(() => {
      const tr = trace(() => {
        param(store, 'p', 1);
        param(store, 'p');
      }).getTrace();
      expect(tr.paramNodes).toEqual(['p']);
      tr.dispose();
      expect(() =>
        tf.tidy(() => {
          trace(() => {
            param(store, 'q', 1);
            sample('q', new Normal(0, 1));
          }).getTrace();
        }),
      ).toThrow(/already in the trace as a param site/);
    });
    store.dispose();
  });

  it("formatShapes follows Pyro's table layout with params and lastSite", () => {
    const store = new ParamStore();
    store.param('loc', new Array<number>(10).fill(0));
    store.param('scale_tril', [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expectNoLeaks(() => {
      const model = (): void => {
        param(store, 'loc', tf.zeros([10]));
        new PlateMessenger('data', 10).run(() => {
          param(store, 'scale_tril', [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
          sample('obs', new Normal([0, 0, 0], 1).toEvent(1), { obs: tf.zeros([10, 3]) });
        });
      };
      const tr = tf.tidy(() => {
        const t = trace(model).getTrace();
        // Expected strings from Pyro's _format_table (trace_struct.py) run on the same rows.
        expect(t.formatShapes(undefined, 'data')).toBe(
          'Trace Shapes:      \n Param Sites:      \n          loc    10\nSample Sites:      \n    data dist     |\n        value 10  |',
        );
        t.computeLogProb();
        expect(t.formatShapes()).toBe(
          'Trace Shapes:        \n Param Sites:        \n          loc    10  \n   scale_tril  3  3  \nSample Sites:        \n' +
            '    data dist     |  \n        value 10  |  \n     log_prob     |  \n     obs dist 10  | 3\n        value 10  | 3\n     log_prob 10  |  ',
        );
        return 0;
      });
      expect(tr).toBe(0);
      expect(trace(() => 1).getTrace().formatShapes('T')).toBe(`${'T'.padStart(13)}\n Param Sites:\nSample Sites:`);
      expect(new Trace().formatShapes()).toBe('Trace Shapes:');
    });
    store.dispose();
  });

  it('an error at a site is reported with the site name and the shape table', () => {
    expectNoLeaks(() => {
      const tr = trace(() => {
        sample('ok', new Normal(0, 1), { obs: 0 });
        sample('bad', new Normal(0, 1), { obs: NaN });
      }).getTrace();
      expect(() => tr.computeLogProb()).toThrow(/Error while computing log_prob at site 'bad'[\s\S]*Trace Shapes:/);
      tr.dispose();
    });
  });

  it('dispose frees what the trace owns and nothing else', () => {
    const store = new ParamStore();
    const obs = tf.tensor([1, 2, 3]);
    store.param('p', 1); // the variable exists before the trace
    const before = tf.memory().numTensors;
    const tr = trace(() => {
      param(store, 'p');
      const z = sample('z', new Normal(0, 1));
      new PlateMessenger('data', 3, { subsampleSize: 2 }).run(() => sample('x', new Normal(0, 1), { obs: obs.slice(0, 2) }));
      return z;
    }).getTrace();
    tr.computeLogProb();
    tr.computeScoreParts();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    // the slice of obs was made by the model (not by the runtime): not owned
    const slice = tr.value('x');
    tr.dispose();
    expect(tf.memory().numTensors).toBe(before + 1);
    slice.dispose();
    expect(obs.isDisposed).toBe(false);
    expect(store.variable('p').isDisposed).toBe(false);
    obs.dispose();
    store.dispose();
  });

  it("graphType 'dense' adds edges except between iterations of a sequential plate", () => {
    expectNoLeaks(() => {
      const tr = trace(
        () => {
          sample('a', new Normal(0, 1));
          const p = new PlateMessenger('seq', 2);
          for (const i of p) sample(`b_${i}`, new Normal(0, 1));
          p.dispose();
          sample('c', new Normal(0, 1));
        },
        { graphType: 'dense' },
      ).getTrace();
      const edges = tr.edges.map(([x, y]) => `${x}->${y}`).sort();
      expect(edges).toEqual(['a->b_0', 'a->b_1', 'a->c', 'b_0->c', 'b_1->c'].sort());
      const order = tr.topologicalSort().filter((n) => !n.startsWith('_'));
      expect(order.indexOf('a')).toBeLessThan(order.indexOf('b_0'));
      expect(order.indexOf('b_1')).toBeLessThan(order.indexOf('c'));
      tr.dispose();
    });
  });

  it('paramOnly records only param sites', () => {
    const store = new ParamStore();
    store.param('w', 2);
    expectNoLeaks(() => {
      const tr = tf.tidy(() => {
        const t = trace(
          () => {
            param(store, 'w', 2);
            sample('z', new Normal(0, 1));
          },
          { paramOnly: true },
        ).getTrace();
        return [...t.nodes.keys()].join(',');
      });
      expect(tr).toBe('w');
    });
    store.dispose();
  });

  it('keep() lets a trace leave a tf.tidy on purpose; dispose() frees it later', () => {
    expectNoLeaks(() => {
      let kept: Trace | undefined;
      tf.tidy(() => {
        kept = trace(() => sample('z', new Normal([0, 0], 1))).getTrace();
        kept.computeLogProb();
        kept.keep();
      });
      const t = kept as Trace;
      expect(t.value('z').isDisposed).toBe(false);
      expect(t.sampleSite('z').logProb?.isDisposed).toBe(false);
      t.dispose();
    });
  });

  it('detach_ replaces sample values by copies that stop gradients', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const loc = tf.scalar(1.5);
        const g = tf.grad((l: tf.Tensor) => {
          const t = trace(() => sample('z', new Normal(l, 1))).getTrace();
          const before = t.value('z');
          t.detach_();
          expect(t.value('z')).not.toBe(before);
          expect(t.value('z').dataSync()[0]).toBe(before.dataSync()[0]);
          return tf.add(tf.mul(t.value('z'), 2), tf.mul(before, 3));
        })(loc);
        // only the undetached value carries the gradient (3 * dz/dloc = 3)
        expect(g.dataSync()[0]).toBe(3);
      }),
    );
  });
});
