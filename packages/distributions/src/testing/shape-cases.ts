// The `distribution_shape` cases of shapes.json (the tensor-shapes
// tutorial): wrapper chains, batch/event shapes, sample shapes and log_prob
// shapes and values. Jest-free.
import { tf } from '@pyro-ts/tensor';
import { expectClose, fixtureTensor, loadConformance, type Nested } from '@pyro-ts/tensor/testing';
import type { Distribution } from '../distribution/index.js';
import { ExpandedDistribution, Independent, MaskedDistribution } from '../distribution/index.js';
import * as F from '../families/index.js';
import { checkEqual, checkThrows } from './check.js';

export interface ShapeCase {
  id: string;
  kind: string;
  code: string;
  type_chain?: string[];
  batch_shape?: number[];
  event_shape?: number[];
  reinterpreted_batch_ndims?: number;
  sample_shapes?: Array<{ sample_shape: number[]; 'sample().shape': number[]; 'dist.shape(sample_shape)': number[] }>;
  value?: Nested;
  value_shape?: number[];
  log_prob?: Nested;
  log_prob_shape?: number[];
  error?: string;
}

const zeros = (...s: number[]): tf.Tensor => tf.zeros(s);

/** Each case's Python `code`, written with our API (built inside a tf.tidy). */
export const SHAPE_BUILD: Record<string, () => Distribution> = {
  'tutorial/bernoulli_scalar': () => new F.Bernoulli(0.5),
  'tutorial/bernoulli_batched': () => new F.Bernoulli(tf.mul(0.5, tf.ones([3, 4]))),
  'tutorial/bernoulli_to_event': () => new F.Bernoulli(tf.mul(0.5, tf.ones([3, 4]))).toEvent(1),
  'expand/of_expanded': () => new F.Bernoulli(tf.tensor([0.1, 0.2, 0.3, 0.4])).expand([3, 4]).expand([2, 3, 4]),
  'sample_shape/categorical': () => new F.Categorical(tf.div(tf.ones([2, 5]), 5)),
  'tutorial/mvn': () => new F.MultivariateNormal(zeros(3), tf.eye(3, 3)),
  'tutorial/model1_d': () => new F.Normal(zeros(3, 4, 5), 1).toEvent(2),
  'tutorial/model1_z': () => new F.Normal(0, 1).expand([5]).toEvent(1),
  'expand/singleton': () => new F.Normal(tf.tensor([[0], [1]]), 2).expand([2, 3]),
  'expand/mvn': () => new F.MultivariateNormal(zeros(2), tf.eye(2)).expand([4]),
  'expand/expand_by': () => new F.Normal(zeros(3), 1).expandBy([2]),
  'to_event/all': () => new F.Normal(zeros(2, 3), 1).toEvent(),
  'to_event/zero': () => new F.Normal(zeros(2, 3), 1).toEvent(0),
  'to_event/nested': () => new F.Normal(zeros(2, 3, 4), 1).toEvent(1).toEvent(1),
  'to_event/too_many': () => new F.Normal(zeros(2), 1).toEvent(2),
  'Independent/explicit': () => new Independent(new F.Normal(zeros(2, 3), tf.ones([2, 3])), 1),
  'mask/tensor': () => new F.Normal(zeros(3), 1).mask(tf.tensor([true, false, true])),
  'mask/true': () => new F.Normal(zeros(3), 1).mask(true),
  'mask/broadcast': () => new F.Normal(zeros(3), 1).mask(tf.tensor([[true], [false]])),
  'mask/to_event_then_mask': () => new F.Normal(zeros(2, 3), 1).toEvent(1).mask(tf.tensor([false, true])),
  'broadcast/value_vs_batch': () => new F.Normal(zeros(2, 1), tf.ones([3])),
};

/** Cases not run, with the reason. */
export const SHAPE_NOT_RUN: Record<string, string> = {};

const CLASS_NAMES = new Map<string, (d: Distribution) => Distribution | undefined>([
  ['Independent', (d) => (d instanceof Independent ? d.baseDist : undefined)],
  ['MaskedDistribution', (d) => (d instanceof MaskedDistribution ? d.baseDist : undefined)],
  ['ExpandedDistribution', (d) => (d instanceof ExpandedDistribution ? d.baseDist : undefined)],
]);

/** The class names of a wrapper chain, outermost first. */
export function typeChain(d: Distribution): string[] {
  const chain = [d.className];
  const next = CLASS_NAMES.get(d.className)?.(d);
  return next ? [...chain, ...typeChain(next)] : chain;
}

/** The `distribution_shape` cases of shapes.json (read when called). */
export function shapeCases(): ShapeCase[] {
  return loadConformance<ShapeCase>('shapes.json').filter((c) => c.kind === 'distribution_shape');
}

/** Builds the case and checks its chain, shapes, sample shapes and log_prob; throws on a difference. */
export function runShapeCase(c: ShapeCase): void {
  const build = SHAPE_BUILD[c.id];
  if (build === undefined) throw new Error(`no constructor for ${c.id}`);
  tf.tidy(() => {
    if (c.error !== undefined) {
      const message = c.error.replace(/^error: \w+: /, '');
      const e = checkThrows(build, c.id);
      if (!(e instanceof Error) || !e.message.includes(message)) throw new Error(`${c.id}: expected an error containing ${JSON.stringify(message)}, got ${String(e)}`);
      return;
    }
    const d = build();
    checkEqual(typeChain(d), c.type_chain, `${c.id} type chain`);
    checkEqual([d.batchShape, d.eventShape], [c.batch_shape, c.event_shape], `${c.id} shapes`);
    if (c.reinterpreted_batch_ndims !== undefined) checkEqual((d as Independent).reinterpretedBatchNdims, c.reinterpreted_batch_ndims, `${c.id} reinterpreted_batch_ndims`);
    for (const s of c.sample_shapes ?? []) {
      checkEqual(d.sample(s.sample_shape).shape, s['sample().shape'], `${c.id} sample(${JSON.stringify(s.sample_shape)}).shape`);
      checkEqual(d.shape(s.sample_shape), s['dist.shape(sample_shape)'], `${c.id} shape(${JSON.stringify(s.sample_shape)})`);
    }
    if (c.value !== undefined) {
      const lp = d.logProb(fixtureTensor(c.value, c.value_shape as number[]));
      checkEqual(lp.shape, c.log_prob_shape, `${c.id} log_prob shape`);
      expectClose(lp, c.log_prob as Nested, { rtol: 2e-6, atol: 2e-6 }, c.id);
    }
  });
}
