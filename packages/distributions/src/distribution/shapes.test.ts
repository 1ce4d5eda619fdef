// shapes.json `distribution_shape` cases: wrapper chains, batch/event
// shapes, sample shapes and log_prob shapes of the tensor-shapes tutorial,
// through the checks of src/testing.
import '@tensorflow/tfjs-backend-cpu';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { runShapeCase, shapeCases, SHAPE_BUILD, SHAPE_NOT_RUN } from '../testing/index.js';

beforeAll(useCpuForTests);

const cases = shapeCases();

describe('shapes.json distribution_shape', () => {
  it('accounts for every case', () => expect(cases.map((c) => c.id).sort()).toEqual([...Object.keys(SHAPE_BUILD), ...Object.keys(SHAPE_NOT_RUN)].sort()));

  it.each(cases.filter((c) => c.id in SHAPE_BUILD).map((c) => [c.id, c] as const))('%s', (_id, c) => expectNoLeaks(() => runShapeCase(c)));
});
