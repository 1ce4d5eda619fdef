import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { block } from './block-messenger.js';
import type { BlockOptions } from './block-messenger.js';
import { ParamStore, param, sample } from './test-helpers.test-util.js';

describe('block', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);
  const store = new ParamStore();
  beforeAll(() => store.param('p', 1));
  afterAll(() => store.dispose());

  const model = (): void => {
    param(store, 'p');
    const a = sample('a', new Normal(0, 1));
    sample('b', new Normal(a, 1));
    sample('y', new Normal(a, 1), { obs: 0.5 });
  };

  /** The site names an outer trace sees through block(model, options). */
  const seen = (options: BlockOptions): string[] =>
    tf.tidy(() => {
      const tr = trace(block(model, options)).getTrace();
      return [...tr.nodes.keys()].filter((n) => !n.startsWith('_'));
    }) as unknown as string[];

  it("block inside trace: the outer trace misses hidden sites, an inner trace sees them all (Pyro's docstring example)", () => {
    expectNoLeaks(() => {
      const inner = trace(model);
      const outer = trace(block(inner, { hide: ['a'] }));
      const tOuter = outer.getTrace();
      const tInner = inner.trace;
      expect(tInner.has('a') && tInner.has('b')).toBe(true);
      expect(tOuter.has('a')).toBe(false);
      expect(tOuter.has('b')).toBe(true);
      // the hidden site still ran: both traces share b's value, computed from a
      expect(tOuter.value('b')).toBe(tInner.value('b'));
      tInner.dispose();
      tOuter.dispose();
    });
  });

  it('selects sites as Pyro does', () => {
    expectNoLeaks(() => {
      expect(seen({})).toEqual([]);
      expect(seen({ hideAll: false })).toEqual(['p', 'a', 'b', 'y']);
      expect(seen({ exposeAll: true })).toEqual(['p', 'a', 'b', 'y']);
      expect(seen({ hide: ['a', 'y'] })).toEqual(['p', 'b']);
      expect(seen({ expose: ['a'] })).toEqual(['a']);
      expect(seen({ hideTypes: ['observe'] })).toEqual(['p', 'a', 'b']);
      expect(seen({ hideTypes: ['param', 'sample'] })).toEqual(['y']);
      expect(seen({ exposeTypes: ['sample'] })).toEqual(['a', 'b']);
      expect(seen({ expose: ['y'], exposeTypes: ['param'] })).toEqual(['p', 'y']);
      expect(seen({ hideFn: (m) => m.name === 'b' })).toEqual(['p', 'a', 'y']);
      expect(seen({ exposeFn: (m) => m.name === 'b' })).toEqual(['b']);
    });
  });

  it('rejects contradictory options', () => {
    expect(() => block(model, { hideFn: () => true, exposeFn: () => true })).toThrow(/only one of hideFn and exposeFn/);
    expect(() => block(model, { hide: ['a'], expose: ['a'] })).toThrow(/cannot hide and expose a site/);
    expect(() => block(model, { hideTypes: ['sample'], exposeTypes: ['sample'] })).toThrow(/cannot hide and expose a site type/);
    expect(() => block(model, { hideAll: true, exposeAll: true })).toThrow(/cannot both hide and expose/);
  });
});
