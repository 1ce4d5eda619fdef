// Elementwise kernels on native against the cpu backend's results.
import '../index.js';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { describeNative, expectSameAsCpu, rand, runOn } from '../test-utils/compare.js';

const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 1e-7, -1e-7, 30, -30, 100, NaN, Infinity, -Infinity];

describeNative('native elementwise kernels vs cpu', () => {
  const unary: Array<[string, (x: Tensor) => Tensor, number?]> = [
    ['abs', tf.abs],
    ['acos', tf.acos],
    ['acosh', tf.acosh],
    ['asin', tf.asin],
    ['asinh', tf.asinh],
    ['atan', tf.atan],
    ['atanh', tf.atanh],
    ['ceil', tf.ceil],
    ['cos', tf.cos],
    ['cosh', tf.cosh],
    ['elu', tf.elu],
    // tfjs's cpu erf is Abramowitz & Stegun 7.1.26 (error 1.5e-7); libtorch's is exact to float32
    ['erf', tf.erf, 3e-7],
    ['exp', tf.exp],
    ['expm1', tf.expm1],
    ['floor', tf.floor],
    ['isFinite', tf.isFinite],
    ['isInf', tf.isInf],
    ['isNaN', tf.isNaN],
    ['log', tf.log],
    ['log1p', tf.log1p],
    ['neg', tf.neg],
    ['reciprocal', tf.reciprocal],
    ['relu', tf.relu],
    ['relu6', tf.relu6],
    ['round', tf.round],
    ['rsqrt', tf.rsqrt],
    ['selu', tf.selu],
    ['sigmoid', tf.sigmoid],
    ['sign', tf.sign],
    ['sin', tf.sin],
    ['sinh', tf.sinh],
    ['softplus', tf.softplus],
    ['sqrt', tf.sqrt],
    ['square', tf.square],
    ['tan', tf.tan],
    ['tanh', tf.tanh],
    ['zerosLike', tf.zerosLike],
    ['onesLike', tf.onesLike],
    ['leakyRelu', (x) => tf.leakyRelu(x, 0.3)],
    ['step', (x) => tf.step(x, 0.25)],
    ['clipByValue', (x) => tf.clipByValue(x, -0.75, 2)],
  ];
  for (const [name, f, atol] of unary) {
    it(`${name} on float32 (special values and a grid)`, async () => {
      await expectSameAsCpu(() => f(tf.concat([tf.tensor(SPECIAL), tf.linspace(-3, 3, 61)])), { rtol: 2e-6, atol: atol ?? 1e-6 }, name);
    });
  }

  it('int32 and bool inputs keep tfjs dtypes (abs, neg, sign, square, relu, exp, logicalNot, zerosLike)', async () => {
    await expectSameAsCpu(() => {
      const i = tf.tensor([-3, -1, 0, 2, 7], undefined, 'int32');
      const b = tf.tensor([true, false, true]);
      return [tf.abs(i), tf.neg(i), tf.sign(i), tf.square(i), tf.relu(i), tf.exp(i), tf.logicalNot(b), tf.zerosLike(i), tf.onesLike(b)];
    });
  });

  const shapes: Array<[number[], number[]]> = [
    [[2, 3], [2, 3]],
    [[2, 3], [3]],
    [[2, 1, 3], [4, 1]],
    [[], [2, 2]],
    [[5], []],
  ];
  const binary: Array<[string, (a: Tensor, b: Tensor) => Tensor]> = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
    ['floorDiv', tf.floorDiv],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['pow', tf.pow],
    ['squaredDifference', tf.squaredDifference],
    ['mod', tf.mod],
    ['atan2', tf.atan2],
    ['equal', tf.equal],
    ['notEqual', tf.notEqual],
    ['less', tf.less],
    ['lessEqual', tf.lessEqual],
    ['greater', tf.greater],
    ['greaterEqual', tf.greaterEqual],
    ['prelu', tf.prelu],
  ];
  for (const [name, f] of binary) {
    it(`${name} with broadcasting (float32)`, async () => {
      for (const [sa, sb] of shapes) {
        await expectSameAsCpu(() => f(tf.mul(rand(sa, 1), 3), tf.add(tf.mul(rand(sb, 2), 2), 0.1)), { rtol: 2e-6, atol: 1e-6 }, `${name} [${sa}] [${sb}]`);
      }
    });
  }

  it('int32 arithmetic: add, sub, mul, floorDiv (via div), mod, pow, maximum, comparisons', async () => {
    await expectSameAsCpu(() => {
      const a = tf.tensor([7, -7, 3, -3, 0, 9], [2, 3], 'int32');
      const b = tf.tensor([2, 3, -2], [3], 'int32');
      return [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b), tf.mod(a, b), tf.pow(a, tf.tensor([2, 0, 1], [3], 'int32')), tf.maximum(a, b), tf.less(a, b)];
    });
  });

  it('logical ops on bool', async () => {
    await expectSameAsCpu(() => {
      const a = tf.tensor([true, true, false, false]);
      const b = tf.tensor([true, false, true, false]);
      return [tf.logicalAnd(a, b), tf.logicalOr(a, b), tf.logicalXor(a, b), tf.logicalNot(a)];
    });
  });

  it('where (select) with broadcasting', async () => {
    await expectSameAsCpu(() => {
      const c = tf.tensor([true, false, true]);
      const a = rand([2, 3], 3);
      const b = rand([2, 3], 4);
      return [tf.where(c, a, b), tf.where(tf.greater(a, 0), a, tf.scalar(-1))];
    });
  });

  it('the Select kernel with a rank-1 condition picks whole rows (TensorFlow semantics; tfjs-cpu 4.22 repeats one element per row)', async () => {
    const [r] = await runOn('native', () => {
      const t = tf.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
      const e = tf.tensor([-1, -2, -3, -4, -5, -6], [3, 2]);
      return tf.engine().runKernel('Select', { condition: tf.tensor([false, true, false]), t, e }) as Tensor;
    });
    expect(r?.values).toEqual([-1, -2, 3, 4, -5, -6]);
  });

  it('addN, cast between float32/int32/bool', async () => {
    await expectSameAsCpu(() => {
      const x = tf.tensor([-2.7, -0.5, 0, 0.4, 1.5, 3.9]);
      return [tf.addN([x, tf.square(x), tf.exp(x)]), tf.cast(x, 'int32'), tf.cast(x, 'bool'), tf.cast(tf.cast(x, 'bool'), 'float32'), tf.cast(tf.cast(x, 'int32'), 'float32')];
    });
  });

  it('complex: complex/real/imag/abs and arithmetic on complex64', async () => {
    await expectSameAsCpu(() => {
      const c = tf.complex(tf.tensor([1, -2, 3]), tf.tensor([0.5, 4, -1]));
      const d = tf.complex(tf.tensor([2, 1, -1]), tf.tensor([1, -1, 0]));
      const p = tf.mul(c, d);
      return [tf.real(p), tf.imag(p), tf.abs(c), tf.real(tf.add(c, d)), tf.imag(tf.sub(c, d))];
    });
  });

  it('gradients of a composite of elementwise ops agree (EluGrad included)', async () => {
    await expectSameAsCpu(
      () => {
        const x = rand([3, 4], 7);
        const y = rand([4], 8, 0.5, 2);
        const f = (a: Tensor, b: Tensor): Tensor => tf.add(tf.sum(tf.mul(tf.softplus(tf.mul(a, b)), tf.sigmoid(tf.sub(a, tf.log(b))))), tf.sum(tf.mul(tf.elu(tf.mul(a, 3)), b)));
        return tf.grads(f)([x, y]);
      },
      { rtol: 1e-5, atol: 1e-6 },
    );
  });
});
