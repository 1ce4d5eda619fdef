// Acceptance: trace/model1 of ../shared/conformance/shapes.json (Pyro's
// tensor-shapes tutorial) reproduces format_shapes() exactly, with the
// site shapes and cond_indep_stacks of the fixture.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { loadConformance, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { trace, resetRuntime, type Trace } from '@pyro-ts/poutine';
import { sample } from './sample.js';
import { plate } from './plate.js';

interface FixtureSite {
  name: string;
  type: string;
  value_shape: number[];
  dist_batch_shape?: number[];
  dist_event_shape?: number[];
  is_observed?: boolean;
  log_prob_shape?: number[];
  cond_indep_stack?: Array<{ name: string; dim: number; size: number }>;
}
interface TraceCase {
  id: string;
  kind: string;
  traces: Array<{ trace: string; format_shapes: string; sites: FixtureSite[] }>;
}

const zeros = (shape: number[]): unknown => (shape.length === 0 ? 0 : Array.from({ length: shape[0] as number }, () => zeros(shape.slice(1))));

/** Pyro's tutorial model1, written with pyro-ts's API. */
function model1(): void {
  const a = sample('a', new Normal(0, 1));
  const b = sample('b', new Normal([0, 0], 1).toEvent(1));
  const c = plate('c_plate', 2, () => sample('c', new Normal([0, 0], 1)));
  const d = plate('d_plate', 3, () => sample('d', new Normal(zeros([3, 4, 5]) as number[][][], 1).toEvent(2)));
  expect([a.shape, b.shape, c.shape, d.shape]).toEqual([[], [2], [2], [3, 4, 5]]);

  const xAxis = plate('x_axis', 3, { dim: -2 });
  const yAxis = plate('y_axis', 2, { dim: -3 });
  const x = xAxis.run(() => sample('x', new Normal(0, 1)));
  const y = yAxis.run(() => sample('y', new Normal(0, 1)));
  const [xy, z] = xAxis.run(() => yAxis.run(() => [sample('xy', new Normal(0, 1)), sample('z', new Normal(0, 1).expand([5]).toEvent(1))]));
  expect([x.shape, y.shape, xy?.shape, z?.shape]).toEqual([[3, 1], [2, 1, 1], [2, 3, 1], [2, 3, 1, 5]]);
}

function checkSites(tr: Trace, sites: FixtureSite[]): void {
  const names = [...tr.nodes.keys()].filter((n) => n !== '_INPUT' && n !== '_RETURN');
  expect(names).toEqual(sites.map((s) => s.name));
  for (const s of sites) {
    const node = tr.nodes.get(s.name);
    if (node === undefined || node.type !== 'sample') throw new Error(`missing sample site ${s.name}`);
    expect({ name: s.name, type: node.type, value_shape: node.value?.shape }).toEqual({ name: s.name, type: s.type, value_shape: s.value_shape });
    expect(node.fn.batchShape).toEqual(s.dist_batch_shape);
    expect(node.fn.eventShape).toEqual(s.dist_event_shape);
    expect(node.isObserved).toBe(s.is_observed);
    expect(node.logProb?.shape).toEqual(s.log_prob_shape);
    expect(node.condIndepStack.map((f) => ({ name: f.name, dim: f.dim, size: f.size }))).toEqual(s.cond_indep_stack);
  }
}

describe('trace_shapes fixtures', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  const cases = loadConformance<TraceCase>('shapes.json').filter((c) => c.kind === 'trace_shapes');
  const model1Case = cases.find((c) => c.id === 'trace/model1');

  it('has the trace/model1 case', () => {
    expect(model1Case).toBeDefined();
  });

  it('trace/model1: format_shapes(), site shapes and cond_indep_stack equal the fixture', () => {
    const expected = (model1Case as TraceCase).traces[0];
    if (expected === undefined) throw new Error('no trace in trace/model1');
    expectNoLeaks(() => {
      const tr = trace(model1).getTrace();
      tr.computeLogProb();
      expect(tr.formatShapes()).toBe(expected.format_shapes);
      checkSites(tr, expected.sites);
      tr.dispose();
    });
  });

  it('trace/model1 inside tf.tidy leaves nothing behind either', () => {
    const expected = (model1Case as TraceCase).traces[0] as TraceCase['traces'][0];
    expectNoLeaks(() => {
      const lines = tf.tidy(() => {
        const tr = trace(model1).getTrace();
        tr.computeLogProb();
        return tr.formatShapes();
      });
      expect(lines).toBe(expected.format_shapes);
    });
  });
});
