import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { getStack, resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { markov } from './markov-messenger.js';
import type { Trace } from './trace.js';
import { PlateMessenger } from './plate-messenger.js';
import { sample } from './test-helpers.test-util.js';

const scopes = (t: Trace): Record<string, [string[], number | undefined]> => {
  const out: Record<string, [string[], number | undefined]> = {};
  for (const [name, site] of t.nodes) {
    if (site.type !== 'sample') continue;
    out[name] = [[...(site.infer._markovScope?.keys() ?? [])].sort(), site.infer._markovDepth];
  }
  return out;
};

describe('markov', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('iterates a chain: each site sees the sites of the last `history` steps', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const chain = (history: number) => (): void => {
          for (const t of markov(4, { history })) sample(`x_${t}`, new Normal(0, 1));
          expect(getStack()).toHaveLength(1);
        };
        expect(scopes(trace(chain(1)).getTrace())).toEqual({
          x_0: [[], 1],
          x_1: [['x_0'], 1],
          x_2: [['x_1'], 1],
          x_3: [['x_2'], 1],
        });
        expect(scopes(trace(chain(2)).getTrace())).toEqual({
          x_0: [[], 1],
          x_1: [['x_0'], 1],
          x_2: [['x_0', 'x_1'], 1],
          x_3: [['x_1', 'x_2'], 1],
        });
        // history 0 behaves like a plate: no site sees another
        expect(Object.values(scopes(trace(chain(0)).getTrace())).map((s) => s[0])).toEqual([[], [], [], []]);
      }),
    );
  });

  it('callback and recursive (decorator) forms; plate sites are skipped; break leaves the stack clean', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const byCallback = trace(() => markov([0, 1, 2], (t) => sample(`y_${t}`, new Normal(0, 1)))).getTrace();
        expect(scopes(byCallback).y_2).toEqual([['y_1'], 1]);
        const step: (t: number) => void = markov((t: number): void => {
          sample(`z_${t}`, new Normal(0, 1));
          new PlateMessenger(`p_${t}`, 2).run(() => undefined);
          if (t < 2) step(t + 1);
        });
        const rec = scopes(trace(() => step(0)).getTrace());
        expect(rec.z_2).toEqual([['z_1'], 1]);
        expect(rec.p_1?.[1]).toBeUndefined();
        for (const t of markov(10)) if (t === 1) break;
        expect(getStack()).toEqual([]);
      }),
    );
  });

  it('nested markov messengers add to the depth (Pyro\'s _markov_depth)', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const t = trace(() => markov(2, (i) => markov(2, (j) => sample(`w_${i}_${j}`, new Normal(0, 1))))).getTrace();
        expect(scopes(t).w_1_1?.[1]).toBe(2);
      }),
    );
  });

  it('rejects vectorized markov, as Pyro does', () => {
    expect(() => markov(3, { dim: -1 })).toThrow(/not yet implemented/);
  });
});
