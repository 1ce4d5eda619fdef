// Elementwise kernels: unary math, unary with scalar parameters, binary
// arithmetic and comparisons (numpy/tfjs broadcasting, which ATen shares),
// select, addN, complex parts. The op tables are exported by name
// (`unaryOps`, `binaryOps`, `unaryParamOps`) so that JS looks up indices
// instead of keeping a second copy of an enum.
#include "common.h"

namespace pyro {
namespace {

using Unary = at::Tensor (*)(const at::Tensor&);
using Binary = at::Tensor (*)(const at::Tensor&, const at::Tensor&);

struct UnaryOp {
  const char* name;
  Unary fn;
};
struct BinaryOp {
  const char* name;
  Binary fn;
};

bool IsIntegral(const at::Tensor& t) { return at::isIntegralType(t.scalar_type(), /*includeBool=*/true); }

/** Float math on integer inputs: tfjs computes in float and stores into the input's dtype. */
at::Tensor AsFloat(const at::Tensor& x) { return IsIntegral(x) ? x.to(at::kFloat) : x; }

const UnaryOp kUnary[] = {
    {"Abs", [](const at::Tensor& x) { return at::abs(x); }},
    {"Acos", [](const at::Tensor& x) { return at::acos(AsFloat(x)); }},
    {"Acosh", [](const at::Tensor& x) { return at::acosh(AsFloat(x)); }},
    {"Asin", [](const at::Tensor& x) { return at::asin(AsFloat(x)); }},
    {"Asinh", [](const at::Tensor& x) { return at::asinh(AsFloat(x)); }},
    {"Atan", [](const at::Tensor& x) { return at::atan(AsFloat(x)); }},
    {"Atanh", [](const at::Tensor& x) { return at::atanh(AsFloat(x)); }},
    {"Ceil", [](const at::Tensor& x) { return IsIntegral(x) ? x : at::ceil(x); }},
    {"Cos", [](const at::Tensor& x) { return at::cos(AsFloat(x)); }},
    {"Cosh", [](const at::Tensor& x) { return at::cosh(AsFloat(x)); }},
    {"Elu", [](const at::Tensor& x) { return at::elu(AsFloat(x)); }},
    {"Erf", [](const at::Tensor& x) { return at::erf(AsFloat(x)); }},
    {"Exp", [](const at::Tensor& x) { return at::exp(AsFloat(x)); }},
    {"Expm1", [](const at::Tensor& x) { return at::expm1(AsFloat(x)); }},
    {"Floor", [](const at::Tensor& x) { return IsIntegral(x) ? x : at::floor(x); }},
    {"IsFinite", [](const at::Tensor& x) { return at::isfinite(x); }},
    {"IsInf", [](const at::Tensor& x) { return at::isinf(x); }},
    {"IsNan", [](const at::Tensor& x) { return at::isnan(x); }},
    {"Log", [](const at::Tensor& x) { return at::log(AsFloat(x)); }},
    {"Log1p", [](const at::Tensor& x) { return at::log1p(AsFloat(x)); }},
    {"LogicalNot", [](const at::Tensor& x) { return at::logical_not(x); }},
    {"Neg", [](const at::Tensor& x) { return x.scalar_type() == at::kBool ? at::neg(x.to(at::kInt)) : at::neg(x); }},
    {"Reciprocal", [](const at::Tensor& x) { return at::reciprocal(AsFloat(x)); }},
    {"Relu", [](const at::Tensor& x) { return x.scalar_type() == at::kBool ? x : at::relu(x); }},
    // min(max(x, 0), 6) with NaN kept, as tfjs
    {"Relu6", [](const at::Tensor& x) { return at::clamp(AsFloat(x), 0, 6); }},
    {"Round", [](const at::Tensor& x) { return IsIntegral(x) ? x : at::round(x); }},  // half to even, as tfjs
    {"Rsqrt", [](const at::Tensor& x) { return at::rsqrt(AsFloat(x)); }},
    {"Selu", [](const at::Tensor& x) { return at::selu(AsFloat(x)); }},
    {"Sigmoid", [](const at::Tensor& x) { return at::sigmoid(AsFloat(x)); }},
    // tfjs: -1, 0, 1, and 0 for NaN
    {"Sign", [](const at::Tensor& x) { return IsIntegral(x) ? at::sign(x.to(at::kInt)) : at::nan_to_num(at::sign(x), 0.0); }},
    {"Sin", [](const at::Tensor& x) { return at::sin(AsFloat(x)); }},
    {"Sinh", [](const at::Tensor& x) { return at::sinh(AsFloat(x)); }},
    {"Softplus", [](const at::Tensor& x) { return at::softplus(AsFloat(x)); }},
    {"Sqrt", [](const at::Tensor& x) { return at::sqrt(AsFloat(x)); }},
    {"Square", [](const at::Tensor& x) { return x.scalar_type() == at::kBool ? x : at::square(x); }},
    {"Tan", [](const at::Tensor& x) { return at::tan(AsFloat(x)); }},
    {"Tanh", [](const at::Tensor& x) { return at::tanh(AsFloat(x)); }},
    {"ZerosLike", [](const at::Tensor& x) { return at::zeros_like(x, at::MemoryFormat::Contiguous); }},
    {"OnesLike", [](const at::Tensor& x) { return at::ones_like(x, at::MemoryFormat::Contiguous); }},
    // dtype conversion only: the result is cast to the requested dtype
    {"Cast", [](const at::Tensor& x) { return x; }},
    {"Real", [](const at::Tensor& x) { return x.is_complex() ? at::real(x) : x; }},
    {"Imag", [](const at::Tensor& x) { return x.is_complex() ? at::imag(x) : at::zeros_like(x); }},
    {"ComplexAbs", [](const at::Tensor& x) { return at::abs(x); }},
    // a copy that owns its memory (contiguous)
    {"Clone", [](const at::Tensor& x) { return x.clone(at::MemoryFormat::Contiguous); }},
};

// Unary ops with up to two scalar parameters p, q.
using UnaryParam = at::Tensor (*)(const at::Tensor&, double, double);
struct UnaryParamOp {
  const char* name;
  UnaryParam fn;
};

const UnaryParamOp kUnaryParam[] = {
    {"LeakyRelu", [](const at::Tensor& x, double alpha, double) { return at::where(x < 0, x * alpha, x); }},
    // tfjs: x > 0 ? 1 : alpha (NaN stays NaN)
    {"Step",
     [](const at::Tensor& x, double alpha, double) {
       at::Tensor xf = AsFloat(x);
       return at::where(at::isnan(xf), xf, at::where(xf > 0, at::ones_like(xf), at::full_like(xf, alpha)));
     }},
    // min(max(x, lo), hi); NaN stays NaN
    {"ClipByValue", [](const at::Tensor& x, double lo, double hi) { return at::clamp(x, lo, hi); }},
    {"AddScalar", [](const at::Tensor& x, double s, double) { return at::add(x, s); }},
    {"MulScalar", [](const at::Tensor& x, double s, double) { return at::mul(x, s); }},
};

at::Tensor PowTfjs(const at::Tensor& a, const at::Tensor& b) {
  // Integer powers in tfjs are computed as Math.pow and stored as int32
  // (negative exponents included); ATen refuses negative integer exponents.
  if (IsIntegral(a) && IsIntegral(b)) return at::pow(a.to(at::kDouble), b.to(at::kDouble));
  return at::pow(a, b);
}

at::Tensor FloorDivTfjs(const at::Tensor& a, const at::Tensor& b) {
  if (IsIntegral(a) && IsIntegral(b)) {
    // floor(a / b) in floating point, as tfjs (x / 0 is +-Infinity there, stored as 0 in int32)
    at::Tensor q = at::floor(at::div(a.to(at::kDouble), b.to(at::kDouble)));
    return at::where(at::isfinite(q), q, at::zeros_like(q));
  }
  return at::floor(at::div(a, b));
}

const BinaryOp kBinary[] = {
    {"Add", [](const at::Tensor& a, const at::Tensor& b) { return at::add(a, b); }},
    {"Sub", [](const at::Tensor& a, const at::Tensor& b) { return at::sub(a, b); }},
    {"Multiply", [](const at::Tensor& a, const at::Tensor& b) { return at::mul(a, b); }},
    {"RealDiv", [](const at::Tensor& a, const at::Tensor& b) { return at::div(a, b); }},
    {"FloorDiv", FloorDivTfjs},
    {"Maximum", [](const at::Tensor& a, const at::Tensor& b) { return at::maximum(a, b); }},
    {"Minimum", [](const at::Tensor& a, const at::Tensor& b) { return at::minimum(a, b); }},
    {"Pow", PowTfjs},
    {"SquaredDifference", [](const at::Tensor& a, const at::Tensor& b) { return at::square(at::sub(a, b)); }},
    // sign of the divisor, as tfjs and Python
    {"Mod", [](const at::Tensor& a, const at::Tensor& b) { return at::remainder(a, b); }},
    {"Atan2", [](const at::Tensor& a, const at::Tensor& b) { return at::atan2(AsFloat(a), AsFloat(b)); }},
    {"Equal", [](const at::Tensor& a, const at::Tensor& b) { return at::eq(a, b); }},
    {"NotEqual", [](const at::Tensor& a, const at::Tensor& b) { return at::ne(a, b); }},
    {"Less", [](const at::Tensor& a, const at::Tensor& b) { return at::lt(a, b); }},
    {"LessEqual", [](const at::Tensor& a, const at::Tensor& b) { return at::le(a, b); }},
    {"Greater", [](const at::Tensor& a, const at::Tensor& b) { return at::gt(a, b); }},
    {"GreaterEqual", [](const at::Tensor& a, const at::Tensor& b) { return at::ge(a, b); }},
    {"LogicalAnd", [](const at::Tensor& a, const at::Tensor& b) { return at::logical_and(a, b); }},
    {"LogicalOr", [](const at::Tensor& a, const at::Tensor& b) { return at::logical_or(a, b); }},
    {"LogicalXor", [](const at::Tensor& a, const at::Tensor& b) { return at::logical_xor(a, b); }},
    // x < 0 ? alpha * x : x, alpha broadcast against x
    {"Prelu", [](const at::Tensor& x, const at::Tensor& alpha) { return at::where(x < 0, x * alpha, x); }},
    {"DivNoNan", [](const at::Tensor& a, const at::Tensor& b) { return at::where(b == 0, at::zeros_like(at::div(a, b)), at::div(a, b)); }},
    {"BitwiseAnd", [](const at::Tensor& a, const at::Tensor& b) { return at::bitwise_and(a, b); }},
    {"Complex", [](const at::Tensor& re, const at::Tensor& im) { return at::complex(re.to(at::kFloat), im.to(at::kFloat)); }},
    // the gradient of elu given dy and y = elu(x): dy where y >= 0, dy * (y + 1) below
    {"EluGrad", [](const at::Tensor& dy, const at::Tensor& y) { return at::where(y >= 0, dy, dy * (y + 1)); }},
};

template <typename T, size_t N>
Napi::Array Names(Napi::Env env, const T (&table)[N]) {
  Napi::Array a = Napi::Array::New(env, N);
  for (size_t i = 0; i < N; i++) a.Set(static_cast<uint32_t>(i), table[i].name);
  return a;
}

template <typename T, size_t N>
const T& Lookup(const T (&table)[N], int64_t op, const char* what) {
  if (op < 0 || static_cast<size_t>(op) >= N) Fail(std::string(what) + ": unknown op " + std::to_string(op));
  return table[op];
}

/** unary(op, x, dtype) */
Napi::Value UnaryFn(const Napi::CallbackInfo& info) {
  const UnaryOp& op = Lookup(kUnary, IntArg(info, 0), "unary");
  return Result(info.Env(), op.fn(TensorArg(info, 1)), static_cast<int>(IntArg(info, 2)));
}

/** unaryParam(op, x, p, q, dtype) */
Napi::Value UnaryParamFn(const Napi::CallbackInfo& info) {
  const UnaryParamOp& op = Lookup(kUnaryParam, IntArg(info, 0), "unaryParam");
  return Result(info.Env(), op.fn(TensorArg(info, 1), DoubleArg(info, 2), DoubleArg(info, 3)), static_cast<int>(IntArg(info, 4)));
}

/** binary(op, a, b, dtype) */
Napi::Value BinaryFn(const Napi::CallbackInfo& info) {
  const BinaryOp& op = Lookup(kBinary, IntArg(info, 0), "binary");
  return Result(info.Env(), op.fn(TensorArg(info, 1), TensorArg(info, 2)), static_cast<int>(IntArg(info, 3)));
}

/**
 * select(condition, t, e, dtype): t where condition else e. A rank-1
 * condition with a higher-rank t selects whole rows (tfjs's legacy form).
 */
Napi::Value SelectFn(const Napi::CallbackInfo& info) {
  at::Tensor c = TensorArg(info, 0);
  const at::Tensor& t = TensorArg(info, 1);
  const at::Tensor& e = TensorArg(info, 2);
  if (c.dim() == 1 && t.dim() > 1) {
    std::vector<int64_t> s(t.dim(), 1);
    s[0] = c.size(0);
    c = c.reshape(s);
  }
  if (c.scalar_type() != at::kBool) c = c != 0;
  return Result(info.Env(), at::where(c, t, e), static_cast<int>(IntArg(info, 3)));
}

/** addN(handles[], dtype): the elementwise sum of tensors of one shape. */
Napi::Value AddNFn(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> ts = TensorsArg(info, 0);
  if (ts.empty()) Fail("addN: no inputs");
  at::Tensor acc = ts[0].clone();
  for (size_t i = 1; i < ts.size(); i++) acc.add_(ts[i]);
  return Result(info.Env(), acc, static_cast<int>(IntArg(info, 1)));
}

}  // namespace

void RegisterElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("unaryOps", Names(env, kUnary));
  exports.Set("unaryParamOps", Names(env, kUnaryParam));
  exports.Set("binaryOps", Names(env, kBinary));
  Export<UnaryFn>(env, exports, "unary");
  Export<UnaryParamFn>(env, exports, "unaryParam");
  Export<BinaryFn>(env, exports, "binary");
  Export<SelectFn>(env, exports, "select");
  Export<AddNFn>(env, exports, "addN");
}

}  // namespace pyro
