// Layout kernels: reshape, transpose, slicing (plain and strided), concat /
// stack / unstack / split, padding (constant and mirror), tile, reverse,
// broadcast, and tensors made from attributes (fill, one-hot, diag).
// Reshape, transpose, slice and broadcast return views of their input's
// memory; libtorch reference-counts it, so releasing either handle is safe.
#include "common.h"

namespace pyro {
namespace {

/** reshape(x, shape[]) (-1 allowed once) */
Napi::Value ReshapeFn(const Napi::CallbackInfo& info) {
  return Result(info.Env(), TensorArg(info, 0).reshape(IntsArg(info, 1)), -1);
}

/** transpose(x, perm[]) */
Napi::Value TransposeFn(const Napi::CallbackInfo& info) {
  return Result(info.Env(), TensorArg(info, 0).permute(IntsArg(info, 1)), -1);
}

/** slice(x, begin[], size[]): sizes already resolved (no -1). */
Napi::Value SliceFn(const Napi::CallbackInfo& info) {
  at::Tensor x = TensorArg(info, 0);
  std::vector<int64_t> begin = IntsArg(info, 1);
  std::vector<int64_t> size = IntsArg(info, 2);
  if (static_cast<int64_t>(begin.size()) != x.dim() || size.size() != begin.size()) Fail("slice: begin/size must have one entry per dimension");
  for (int64_t d = 0; d < x.dim(); d++) {
    if (begin[d] != 0 || size[d] != x.size(d)) x = x.narrow(d, begin[d], size[d]);
  }
  return Result(info.Env(), x, -1);
}

/**
 * stridedSlice(x, begin[], end[], strides[], finalShape[]): per-dimension
 * [begin, end) with a nonzero stride, as resolved by tfjs's sliceInfo
 * (begin/end in range for a positive stride; for a negative one begin is the
 * first index taken and end the exclusive bound below it, possibly -1).
 * Negative strides flip the dimension. The result is reshaped to finalShape.
 */
Napi::Value StridedSliceFn(const Napi::CallbackInfo& info) {
  at::Tensor x = TensorArg(info, 0);
  std::vector<int64_t> begin = IntsArg(info, 1);
  std::vector<int64_t> end = IntsArg(info, 2);
  std::vector<int64_t> strides = IntsArg(info, 3);
  std::vector<int64_t> finalShape = IntsArg(info, 4);
  for (int64_t d = 0; d < x.dim() && d < static_cast<int64_t>(begin.size()); d++) {
    const int64_t n = x.size(d);
    const int64_t s = strides[d];
    if (s == 0) Fail("stridedSlice: stride 0");
    if (s > 0) {
      const int64_t b = std::min(std::max<int64_t>(begin[d], 0), n);
      const int64_t e = std::min(std::max<int64_t>(end[d], b), n);
      x = x.slice(d, b, e, s);
    } else {
      // indices b, b+s, ... while > e; in the flipped dimension they are n-1-b, n-1-b-s, ...
      const int64_t b = std::min(begin[d], n - 1);
      const int64_t e = std::max<int64_t>(end[d], -1);
      if (b <= e) {
        x = x.slice(d, 0, 0);
      } else {
        x = x.flip(d).slice(d, n - 1 - b, n - 1 - e, -s);
      }
    }
  }
  return Result(info.Env(), x.reshape(finalShape), -1);
}

/** concat(handles[], axis, dtype) */
Napi::Value ConcatFn(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> ts = TensorsArg(info, 0);
  const int64_t axis = IntArg(info, 1);
  return Result(info.Env(), at::cat(ts, axis), static_cast<int>(IntArg(info, 2)));
}

/** stack(handles[], axis, dtype) */
Napi::Value StackFn(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> ts = TensorsArg(info, 0);
  return Result(info.Env(), at::stack(ts, IntArg(info, 1)), static_cast<int>(IntArg(info, 2)));
}

/** unstack(x, axis) -> handles[] */
Napi::Value UnstackFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  return Results(info.Env(), at::unbind(x, NormAxis(IntArg(info, 1), x.dim())), -1);
}

/** split(x, sizes[], axis) -> handles[] */
Napi::Value SplitFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  return Results(info.Env(), at::split_with_sizes(x, IntsArg(info, 1), NormAxis(IntArg(info, 2), x.dim())), -1);
}

/** pad(x, paddings[2 * rank] as (before, after) per dim, value) */
Napi::Value PadFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  std::vector<int64_t> p = IntsArg(info, 1);
  const double value = DoubleArg(info, 2);
  if (static_cast<int64_t>(p.size()) != 2 * x.dim()) Fail("pad: paddings must have two entries per dimension");
  // constant_pad_nd lists the last dimension first
  std::vector<int64_t> rev;
  for (int64_t d = x.dim() - 1; d >= 0; d--) {
    rev.push_back(p[2 * d]);
    rev.push_back(p[2 * d + 1]);
  }
  return Result(info.Env(), at::constant_pad_nd(x, rev, value), -1);
}

/**
 * mirrorPad(x, paddings[2 * rank], symmetric): 'reflect' mirrors without
 * repeating the edge, 'symmetric' repeats it.
 */
Napi::Value MirrorPadFn(const Napi::CallbackInfo& info) {
  at::Tensor x = TensorArg(info, 0);
  std::vector<int64_t> p = IntsArg(info, 1);
  const bool symmetric = BoolArg(info, 2);
  const int64_t offset = symmetric ? 0 : 1;
  for (int64_t d = 0; d < x.dim(); d++) {
    const int64_t before = p[2 * d], after = p[2 * d + 1], n = x.size(d);
    if (before == 0 && after == 0) continue;
    std::vector<int64_t> idx;
    idx.reserve(before + n + after);
    for (int64_t i = -before; i < n + after; i++) {
      int64_t j = i;
      if (j < 0) j = -j - 1 + offset;
      else if (j >= n) j = 2 * n - j - 1 - offset;
      idx.push_back(j);
    }
    x = x.index_select(d, IndexTensor(idx));
  }
  return Result(info.Env(), x, -1);
}

/** tile(x, reps[]) */
Napi::Value TileFn(const Napi::CallbackInfo& info) {
  return Result(info.Env(), TensorArg(info, 0).repeat(IntsArg(info, 1)), -1);
}

/** reverse(x, dims[]) */
Napi::Value ReverseFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  std::vector<int64_t> dims = IntsArg(info, 1);
  if (dims.empty() || x.dim() == 0) return Result(info.Env(), x, -1);
  return Result(info.Env(), x.flip(dims), -1);
}

/** broadcastTo(x, shape[]) */
Napi::Value BroadcastToFn(const Napi::CallbackInfo& info) {
  return Result(info.Env(), TensorArg(info, 0).expand(IntsArg(info, 1)), -1);
}

/** fill(shape[], value, dtype) */
Napi::Value FillFn(const Napi::CallbackInfo& info) {
  const int dtype = static_cast<int>(IntArg(info, 2));
  return Result(info.Env(), at::full(IntsArg(info, 0), DoubleArg(info, 1), Opts(ScalarTypeOf(dtype))), dtype);
}

/** oneHot(indices, depth, onValue, offValue, dtype): out-of-range indices give all off. */
Napi::Value OneHotFn(const Napi::CallbackInfo& info) {
  const at::Tensor& idx = TensorArg(info, 0);
  const int64_t depth = IntArg(info, 1);
  const double on = DoubleArg(info, 2), off = DoubleArg(info, 3);
  const int dtype = static_cast<int>(IntArg(info, 4));
  at::Tensor hit = idx.unsqueeze(-1).to(at::kLong) == at::arange(depth, Opts(at::kLong));
  at::ScalarType st = ScalarTypeOf(dtype);
  return Result(info.Env(), at::where(hit, at::scalar_tensor(on, Opts(st)), at::scalar_tensor(off, Opts(st))), dtype);
}

/** diag(x): shape S -> S ++ S with x on the diagonal. */
Napi::Value DiagFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
  shape.insert(shape.end(), x.sizes().begin(), x.sizes().end());
  return Result(info.Env(), at::diag(x.reshape({-1})).reshape(shape), -1);
}

}  // namespace

void RegisterLayout(Napi::Env env, Napi::Object exports) {
  Export<ReshapeFn>(env, exports, "reshape");
  Export<TransposeFn>(env, exports, "transpose");
  Export<SliceFn>(env, exports, "slice");
  Export<StridedSliceFn>(env, exports, "stridedSlice");
  Export<ConcatFn>(env, exports, "concat");
  Export<StackFn>(env, exports, "stack");
  Export<UnstackFn>(env, exports, "unstack");
  Export<SplitFn>(env, exports, "split");
  Export<PadFn>(env, exports, "pad");
  Export<MirrorPadFn>(env, exports, "mirrorPad");
  Export<TileFn>(env, exports, "tile");
  Export<ReverseFn>(env, exports, "reverse");
  Export<BroadcastToFn>(env, exports, "broadcastTo");
  Export<FillFn>(env, exports, "fill");
  Export<OneHotFn>(env, exports, "oneHot");
  Export<DiagFn>(env, exports, "diag");
}

}  // namespace pyro
