// Elementwise kernels: unary math, comparisons and logic, binary arithmetic
// with broadcasting, select, addN, cast, identity, complex parts. Output
// dtypes follow tfjs's cpu kernels (e.g. Exp and Prelu give float32,
// FloorDiv int32, comparisons bool, arithmetic the upcast of its inputs).
import { tf } from '@pyro-ts/tensor';
import type { DataType, TensorInfo } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { dtypeCode } from '../native-backend.js';
import { input, kernel, opIndex } from './kernel-util.js';

/** tfjs kernel -> [addon op, output dtype (undefined: the input's)] */
const UNARY: ReadonlyArray<[string, string, DataType?]> = [
  ['Abs', 'Abs'],
  ['Acos', 'Acos'],
  ['Acosh', 'Acosh'],
  ['Asin', 'Asin'],
  ['Asinh', 'Asinh'],
  ['Atan', 'Atan'],
  ['Atanh', 'Atanh'],
  ['Ceil', 'Ceil'],
  ['Cos', 'Cos'],
  ['Cosh', 'Cosh'],
  ['Elu', 'Elu'],
  ['Erf', 'Erf'],
  ['Exp', 'Exp', 'float32'],
  ['Expm1', 'Expm1'],
  ['Floor', 'Floor'],
  ['IsFinite', 'IsFinite', 'bool'],
  ['IsInf', 'IsInf', 'bool'],
  ['IsNan', 'IsNan', 'bool'],
  ['Log', 'Log'],
  ['Log1p', 'Log1p'],
  ['LogicalNot', 'LogicalNot', 'bool'],
  ['Neg', 'Neg'],
  ['Reciprocal', 'Reciprocal'],
  ['Relu', 'Relu'],
  ['Relu6', 'Relu6'],
  ['Round', 'Round'],
  ['Rsqrt', 'Rsqrt'],
  ['Selu', 'Selu'],
  ['Sigmoid', 'Sigmoid'],
  ['Sign', 'Sign'],
  ['Sin', 'Sin'],
  ['Sinh', 'Sinh'],
  ['Softplus', 'Softplus'],
  ['Sqrt', 'Sqrt'],
  ['Square', 'Square'],
  ['Tan', 'Tan'],
  ['Tanh', 'Tanh'],
  ['ZerosLike', 'ZerosLike'],
  ['OnesLike', 'OnesLike'],
  ['ComplexAbs', 'ComplexAbs', 'float32'],
];

/** tfjs kernel -> [addon op, output dtype: 'bool', a fixed dtype, or undefined for upcast(a, b)] */
const BINARY: ReadonlyArray<[string, string, DataType?]> = [
  ['Add', 'Add'],
  ['Sub', 'Sub'],
  ['Multiply', 'Multiply'],
  ['RealDiv', 'RealDiv'],
  ['FloorDiv', 'FloorDiv', 'int32'],
  ['Maximum', 'Maximum'],
  ['Minimum', 'Minimum'],
  ['Pow', 'Pow'],
  ['SquaredDifference', 'SquaredDifference'],
  ['Mod', 'Mod'],
  ['Atan2', 'Atan2'],
  ['Equal', 'Equal', 'bool'],
  ['NotEqual', 'NotEqual', 'bool'],
  ['Less', 'Less', 'bool'],
  ['LessEqual', 'LessEqual', 'bool'],
  ['Greater', 'Greater', 'bool'],
  ['GreaterEqual', 'GreaterEqual', 'bool'],
  ['LogicalAnd', 'LogicalAnd', 'bool'],
  ['LogicalOr', 'LogicalOr', 'bool'],
  ['LogicalXor', 'LogicalXor', 'bool'],
  ['BitwiseAnd', 'BitwiseAnd'],
];

export function elementwiseKernels(addon: NativeAddon): tf.KernelConfig[] {
  const out: tf.KernelConfig[] = [];
  for (const [name, op, dtype] of UNARY) {
    const code = opIndex(addon.unaryOps, op, 'unary');
    out.push(
      kernel(name, (args) => {
        const x = input(args, 'x');
        const d = dtype ?? x.dtype;
        return args.backend.output(addon.unary(code, args.backend.handle(x), dtypeCode(d)), d);
      }),
    );
  }
  for (const [name, op, dtype] of BINARY) {
    const code = opIndex(addon.binaryOps, op, 'binary');
    out.push(
      kernel(name, (args) => {
        const a = input(args, 'a');
        const b = input(args, 'b');
        const d = dtype ?? tf.upcastType(a.dtype, b.dtype);
        return args.backend.output(addon.binary(code, args.backend.handle(a), args.backend.handle(b), dtypeCode(d)), d);
      }),
    );
  }
  const prelu = opIndex(addon.binaryOps, 'Prelu', 'binary');
  out.push(
    kernel('Prelu', (args) => {
      const { backend } = args;
      return backend.output(addon.binary(prelu, backend.handle(input(args, 'x')), backend.handle(input(args, 'alpha')), 0), 'float32');
    }),
  );
  const complex = opIndex(addon.binaryOps, 'Complex', 'binary');
  out.push(
    kernel('Complex', (args) => {
      const { backend } = args;
      return backend.output(addon.binary(complex, backend.handle(input(args, 'real')), backend.handle(input(args, 'imag')), dtypeCode('complex64')), 'complex64');
    }),
  );
  const eluGrad = opIndex(addon.binaryOps, 'EluGrad', 'binary');
  out.push(
    kernel('EluGrad', (args) => {
      const { backend } = args;
      return backend.output(addon.binary(eluGrad, backend.handle(input(args, 'dy')), backend.handle(input(args, 'y')), 0), 'float32');
    }),
  );
  // Real/Imag/ComplexAbs name their input 'input' (ComplexAbs: 'x')
  for (const name of ['Real', 'Imag']) {
    const code = opIndex(addon.unaryOps, name, 'unary');
    out.push(kernel(name, (args) => args.backend.output(addon.unary(code, args.backend.handle(input(args, 'input')), 0), 'float32')));
  }

  const param = (name: string, p: (attrs: Record<string, unknown>) => [number, number]): tf.KernelConfig => {
    const code = opIndex(addon.unaryParamOps, name, 'unaryParam');
    return kernel(name, (args) => {
      const x = input(args, 'x');
      const [a, b] = p(args.attrs);
      return args.backend.output(addon.unaryParam(code, args.backend.handle(x), a, b, dtypeCode(x.dtype)), x.dtype);
    });
  };
  out.push(param('LeakyRelu', (a) => [a.alpha as number, 0]));
  out.push(param('Step', (a) => [a.alpha as number, 0]));
  out.push(param('ClipByValue', (a) => [a.clipValueMin as number, a.clipValueMax as number]));

  out.push(kernel('Identity', (args) => args.backend.same(input(args, 'x'))));
  const cast = opIndex(addon.unaryOps, 'Cast', 'unary');
  const real = opIndex(addon.unaryOps, 'Real', 'unary');
  out.push(
    kernel('Cast', (args) => {
      const x = input(args, 'x');
      const dtype = args.attrs.dtype as DataType;
      if (dtype === x.dtype) return args.backend.same(x);
      if (dtype === 'string' || x.dtype === 'string') throw new Error(`native backend: cannot cast ${x.dtype} to ${dtype}`);
      // complex -> real keeps the real part, as tfjs
      const op = x.dtype === 'complex64' ? real : cast;
      return args.backend.output(addon.unary(op, args.backend.handle(x), dtypeCode(dtype)), dtype);
    }),
  );

  out.push(
    kernel('Select', (args) => {
      const { backend } = args;
      const t = input(args, 't');
      const e = input(args, 'e');
      const d = tf.upcastType(t.dtype, e.dtype);
      return backend.output(addon.select(backend.handle(input(args, 'condition')), backend.handle(t), backend.handle(e), dtypeCode(d)), d);
    }),
  );
  out.push(
    kernel('AddN', ({ inputs, backend }) => {
      const ts = inputs as unknown as TensorInfo[];
      const d = ts.map((t) => t.dtype).reduce((a, b) => tf.upcastType(a, b));
      return backend.output(
        addon.addN(
          ts.map((t) => backend.handle(t)),
          dtypeCode(d),
        ),
        d,
      );
    }),
  );
  return out;
}
