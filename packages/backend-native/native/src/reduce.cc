// Reductions (sum, prod, mean, max, min, all, any, euclidean norm), argmax /
// argmin, cumulative sums and products, softmax / log-softmax, top-k.
#include "common.h"

#include <algorithm>

namespace pyro {
namespace {

bool IsIntegral(const at::Tensor& t) { return at::isIntegralType(t.scalar_type(), /*includeBool=*/true); }

/** Reduces one axis at a time (for ATen ops that take a single dim), keeping dims, then drops them. */
template <typename F>
at::Tensor EachAxis(const at::Tensor& x, const std::vector<int64_t>& axes, bool keepDims, F f) {
  at::Tensor r = x;
  for (int64_t a : axes) r = f(r, a);
  if (keepDims) return r;
  std::vector<int64_t> sorted(axes);
  std::sort(sorted.rbegin(), sorted.rend());
  for (int64_t a : sorted) r = r.squeeze(a);
  return r;
}

enum ReduceOp { kSum, kProd, kMean, kMax, kMin, kAll, kAny, kEuclideanNorm };
const char* const kReduceNames[] = {"Sum", "Prod", "Mean", "Max", "Min", "All", "Any", "EuclideanNorm"};

/** reduce(op, x, axes[], keepDims, dtype): axes are normalized, distinct; [] reduces nothing. */
Napi::Value ReduceFn(const Napi::CallbackInfo& info) {
  const int64_t op = IntArg(info, 0);
  const at::Tensor& x = TensorArg(info, 1);
  std::vector<int64_t> axes = IntsArg(info, 2);
  const bool keep = BoolArg(info, 3);
  const int dtype = static_cast<int>(IntArg(info, 4));
  for (int64_t& a : axes) a = NormAxis(a, x.dim());
  if (axes.empty() || x.dim() == 0) return Result(info.Env(), op == kAll || op == kAny ? x != 0 : x, dtype);
  at::Tensor r;
  switch (op) {
    case kSum: r = at::sum(x, axes, keep); break;
    case kMean: r = at::mean(IsIntegral(x) ? x.to(at::kFloat) : x, axes, keep); break;
    case kMax: r = at::amax(x.scalar_type() == at::kBool ? x.to(at::kInt) : x, axes, keep); break;
    case kMin: r = at::amin(x.scalar_type() == at::kBool ? x.to(at::kInt) : x, axes, keep); break;
    case kProd: r = EachAxis(x, axes, keep, [](const at::Tensor& t, int64_t a) { return at::prod(t, a, true); }); break;
    case kAll: r = EachAxis(x, axes, keep, [](const at::Tensor& t, int64_t a) { return at::all(t, a, true); }); break;
    case kAny: r = EachAxis(x, axes, keep, [](const at::Tensor& t, int64_t a) { return at::any(t, a, true); }); break;
    case kEuclideanNorm: {
      at::Tensor xf = IsIntegral(x) ? x.to(at::kFloat) : x;
      r = at::sqrt(at::sum(xf * xf, axes, keep));
      break;
    }
    default: Fail("reduce: unknown op " + std::to_string(op));
  }
  return Result(info.Env(), r, dtype);
}

/** argMinMax(isMax, x, axis) -> int32 indices of the first extreme along `axis`. */
Napi::Value ArgMinMaxFn(const Napi::CallbackInfo& info) {
  const bool isMax = BoolArg(info, 0);
  at::Tensor x = TensorArg(info, 1);
  const int64_t axis = NormAxis(IntArg(info, 2), x.dim());
  if (x.scalar_type() == at::kBool) x = x.to(at::kInt);
  at::Tensor r = isMax ? at::argmax(x, axis, false) : at::argmin(x, axis, false);
  return Result(info.Env(), r, kInt32);
}

/** cumulative(isProd, x, axis, exclusive, reverse, dtype) */
Napi::Value CumulativeFn(const Napi::CallbackInfo& info) {
  const bool isProd = BoolArg(info, 0);
  at::Tensor x = TensorArg(info, 1);
  const int64_t axis = NormAxis(IntArg(info, 2), x.dim());
  const bool exclusive = BoolArg(info, 3);
  const bool reverse = BoolArg(info, 4);
  const int dtype = static_cast<int>(IntArg(info, 5));
  if (x.scalar_type() == at::kBool) x = x.to(at::kInt);
  if (reverse) x = x.flip(axis);
  if (exclusive && x.size(axis) > 0) {
    // shift by one along the axis, entering the identity element
    at::Tensor first = isProd ? at::ones_like(x.narrow(axis, 0, 1)) : at::zeros_like(x.narrow(axis, 0, 1));
    x = at::cat({first, x.narrow(axis, 0, x.size(axis) - 1)}, axis);
  }
  at::Tensor r = isProd ? at::cumprod(x, axis) : at::cumsum(x, axis);
  if (reverse) r = r.flip(axis);
  return Result(info.Env(), r, dtype);
}

/** softmax(x, axis, log) */
Napi::Value SoftmaxFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  const int64_t axis = NormAxis(IntArg(info, 1), x.dim());
  const bool log = BoolArg(info, 2);
  return Result(info.Env(), log ? at::log_softmax(x, axis) : at::softmax(x, axis), kFloat32);
}

/** topk(x, k, sorted) -> [values, int32 indices] along the last axis. */
Napi::Value TopKFn(const Napi::CallbackInfo& info) {
  at::Tensor x = TensorArg(info, 0);
  const int64_t k = IntArg(info, 1);
  const bool sorted = BoolArg(info, 2);
  const bool wasBool = x.scalar_type() == at::kBool;
  if (wasBool) x = x.to(at::kInt);
  auto [values, indices] = at::topk(x, k, -1, /*largest=*/true, sorted);
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Results(env, {wasBool ? values.to(at::kBool) : values}, -1).As<Napi::Array>().Get(0u));
  out.Set(1u, Results(env, {indices}, kInt32).As<Napi::Array>().Get(0u));
  return out;
}

}  // namespace

void RegisterReduce(Napi::Env env, Napi::Object exports) {
  Napi::Array names = Napi::Array::New(env, std::size(kReduceNames));
  for (size_t i = 0; i < std::size(kReduceNames); i++) names.Set(static_cast<uint32_t>(i), kReduceNames[i]);
  exports.Set("reduceOps", names);
  Export<ReduceFn>(env, exports, "reduce");
  Export<ArgMinMaxFn>(env, exports, "argMinMax");
  Export<CumulativeFn>(env, exports, "cumulative");
  Export<SoftmaxFn>(env, exports, "softmax");
  Export<TopKFn>(env, exports, "topk");
}

}  // namespace pyro
