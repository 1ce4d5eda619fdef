import '@tensorflow/tfjs-backend-cpu';
import { compareClose, expectNoLeaks, specialConformanceCases, useCpuForTests } from '../testing/index.js';

beforeAll(useCpuForTests);

const cases = specialConformanceCases();

describe('special.json conformance (cpu)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectNoLeaks(() => {
      const out = c.compute();
      try {
        expect(out.dtype).toBe('float32');
        expect(out.shape).toEqual(c.expectedShape);
        const msg = compareClose(out.dataSync() as Float32Array, c.expected, c.tol);
        if (msg !== null) throw new Error(`${c.id}: ${msg}`);
      } finally {
        out.dispose();
      }
    });
  });
});
