import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { Messenger, unwrap } from './messenger.js';
import type { Message } from './message.js';
import { makeMessage } from './message.js';
import { applyStack, getMask, getPlates, getStack, resetRuntime, runtimeState, amIWrapped } from './runtime.js';
import { MaskMessenger } from './mask-messenger.js';
import { PlateMessenger } from './plate-messenger.js';
import { trace } from './trace-messenger.js';
import { sample } from './test-helpers.test-util.js';

class Recorder extends Messenger {
  constructor(
    readonly label: string,
    readonly log: string[],
    readonly stopHere = false,
  ) {
    super();
  }
  override processMessage(msg: Message): void {
    this.log.push(`process ${this.label}`);
    if (this.stopHere) msg.stop = true;
  }
  override postprocessMessage(_msg: Message): void {
    this.log.push(`post ${this.label}`);
  }
}

describe('runtime', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('applyStack processes from the innermost handler out, then postprocesses the same handlers outermost first', () => {
    const log: string[] = [];
    const outer = new Recorder('outer', log);
    const inner = new Recorder('inner', log);
    expectNoLeaks(() => {
      const v = outer.run(() =>
        inner.run(() => {
          const msg = makeMessage({ type: 'sample', name: 'x', fn: new Normal(0, 1), value: tf.scalar(3), isObserved: true });
          msg.continuation = () => log.push('continuation');
          applyStack(msg);
          return msg.value;
        }),
      );
      expect(v?.dataSync()[0]).toBe(3);
      v?.dispose();
    });
    expect(log).toEqual(['process inner', 'process outer', 'post outer', 'post inner', 'continuation']);
  });

  it('stop hides the message from the handlers outside the one that set it', () => {
    const log: string[] = [];
    const a = new Recorder('a', log);
    const b = new Recorder('b', log, true);
    const c = new Recorder('c', log);
    a.run(() => b.run(() => c.run(() => applyStack(makeMessage({ type: 'inspect', name: 'i', fn: () => undefined })))));
    expect(log).toEqual(['process c', 'process b', 'post b', 'post c']);
  });

  it('the default behaviour draws an unobserved value once and marks the message done', () => {
    expectNoLeaks(() => {
      const msg = makeMessage({ type: 'sample', name: 'x', fn: new Normal([0, 0, 0], 1) });
      applyStack(msg);
      expect(msg.done).toBe(true);
      expect(msg.value?.shape).toEqual([3]);
      expect(msg.owned).toEqual([msg.value]);
      msg.value?.dispose();
    });
  });

  it('enter/exit keep the stack consistent and report misuse', () => {
    const a = new Messenger();
    const b = new Messenger();
    a.enter();
    expect(() => a.enter()).toThrow(/cannot install a Messenger instance twice/);
    b.enter();
    expect(() => a.exit()).toThrow(/not the innermost/);
    b.exit();
    a.exit();
    expect(getStack()).toEqual([]);
    // a failing scope removes itself and everything entered inside it
    a.enter();
    b.enter();
    a.exit(true);
    expect(getStack()).toEqual([]);
  });

  it('run removes the handler when the body throws', () => {
    const m = new Messenger();
    expect(() =>
      m.run(() => {
        new Messenger().enter(); // left open by the failing body
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getStack()).toEqual([]);
    expect(amIWrapped()).toBe(false);
  });

  it('rejects asynchronous models', () => {
    const m = new Messenger();
    expect(() => m.run(async () => 1)).toThrow(/must be synchronous/);
    expect(getStack()).toEqual([]);
  });

  it('keeps its state in one object under globalThis[Symbol.for(...)]', () => {
    const g = globalThis as unknown as Record<symbol, unknown>;
    expect(g[Symbol.for('@pyro-ts/poutine.runtime')]).toBe(runtimeState());
    const m = new Messenger();
    m.run(() => expect((g[Symbol.for('@pyro-ts/poutine.runtime')] as { stack: unknown[] }).stack).toEqual([m]));
  });

  it('getMask and getPlates report the enclosing handlers', () => {
    expectNoLeaks(() => {
      expect(getMask()).toBeNull();
      expect(new MaskMessenger(false).run(() => getMask())).toBe(false);
      const p = new PlateMessenger('p', 4);
      const frames = p.run(() => getPlates());
      expect(frames.map((f) => [f.name, f.dim, f.size])).toEqual([['p', -1, 4]]);
      p.dispose();
    });
  });

  it('unwrap finds the function under nested handlers', () => {
    const model = (): number => 1;
    const wrapped = trace(new MaskMessenger(true).wrap(model));
    expect(unwrap(wrapped)).toBe(model);
    expect(wrapped()).toBe(1);
  });

  it('a sample without handlers draws from the distribution', () => {
    expectNoLeaks(() => {
      const v = sample('x', new Normal([1, 2], 1e-6));
      expect(Array.from(v.dataSync()).map((x) => Math.round(x))).toEqual([1, 2]);
      v.dispose();
    });
  });
});
