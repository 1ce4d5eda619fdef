// Gather and scatter: gather along an axis (with batch dims), gatherNd,
// scatterNd (duplicates summed), tensorScatterUpdate, unsortedSegmentSum
// (the gradient of gather), searchSorted.
#include "common.h"

namespace pyro {
namespace {

int64_t Prod(at::IntArrayRef s, int64_t from, int64_t to) {
  int64_t p = 1;
  for (int64_t i = from; i < to; i++) p *= s[i];
  return p;
}

/**
 * gather(x, indices, axis, batchDims): out[b, o, i, s] = x[b, o, idx[b, i], s]
 * with x seen as [batch, outer, dim, slice] and indices as [batch, n];
 * shape x.shape[:axis] ++ indices.shape[batchDims:] ++ x.shape[axis+1:].
 */
Napi::Value GatherFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  const at::Tensor& indices = TensorArg(info, 1);
  const int64_t axis = NormAxis(IntArg(info, 2), x.dim());
  int64_t batchDims = IntArg(info, 3);
  if (batchDims < 0) batchDims += indices.dim();
  at::IntArrayRef xs = x.sizes();
  std::vector<int64_t> outShape(xs.begin(), xs.begin() + axis);
  outShape.insert(outShape.end(), indices.sizes().begin() + batchDims, indices.sizes().end());
  outShape.insert(outShape.end(), xs.begin() + axis + 1, xs.end());
  const int64_t batch = Prod(xs, 0, batchDims), outer = Prod(xs, batchDims, axis), dim = xs[axis], slice = Prod(xs, axis + 1, x.dim());
  const int64_t n = batch == 0 ? 0 : indices.numel() / batch;
  at::Tensor idx = indices.to(at::kLong);
  at::Tensor r;
  if (batch == 1) {
    r = x.reshape({outer, dim, slice}).index_select(1, idx.reshape({-1}));
  } else {
    at::Tensor ix = idx.reshape({batch, 1, n, 1}).expand({batch, outer, n, slice});
    r = at::gather(x.reshape({batch, outer, dim, slice}), 2, ix);
  }
  return Result(info.Env(), r.reshape(outShape), -1);
}

/** Row-major linear indices of indices[..., K] into the first K dims of `shape`, flattened. */
at::Tensor LinearIndex(const at::Tensor& indices, at::IntArrayRef shape) {
  const int64_t k = indices.size(-1);
  if (k > static_cast<int64_t>(shape.size())) Fail("index depth " + std::to_string(k) + " exceeds rank " + std::to_string(shape.size()));
  std::vector<int64_t> strides(k);
  int64_t s = 1;
  for (int64_t i = k - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  at::Tensor idx = indices.to(at::kLong).reshape({-1, k});
  // bounds, per component: a linear index could hide an out-of-range component
  at::Tensor limits = IndexTensor(std::vector<int64_t>(shape.begin(), shape.begin() + k));
  if (idx.numel() > 0 && (at::any(idx < 0).item<bool>() || at::any(idx >= limits).item<bool>())) Fail("index out of range");
  return (idx * IndexTensor(strides)).sum(1);
}

/** gatherNd(params, indices): shape indices.shape[:-1] ++ params.shape[K:]. */
Napi::Value GatherNdFn(const Napi::CallbackInfo& info) {
  const at::Tensor& params = TensorArg(info, 0);
  const at::Tensor& indices = TensorArg(info, 1);
  const int64_t k = indices.size(-1);
  at::IntArrayRef ps = params.sizes();
  std::vector<int64_t> outShape(indices.sizes().begin(), indices.sizes().end() - 1);
  outShape.insert(outShape.end(), ps.begin() + k, ps.end());
  at::Tensor flat = params.reshape({Prod(ps, 0, k), Prod(ps, k, params.dim())});
  return Result(info.Env(), flat.index_select(0, LinearIndex(indices, ps)).reshape(outShape), -1);
}

/** scatterNd(indices, updates, shape[]): zeros of `shape` with updates added at indices (duplicates sum). */
Napi::Value ScatterNdFn(const Napi::CallbackInfo& info) {
  const at::Tensor& indices = TensorArg(info, 0);
  const at::Tensor& updates = TensorArg(info, 1);
  std::vector<int64_t> shape = IntsArg(info, 2);
  const int64_t k = indices.size(-1);
  const int64_t rows = Prod(shape, 0, k), slice = Prod(shape, k, static_cast<int64_t>(shape.size()));
  at::Tensor lin = LinearIndex(indices, shape);
  at::Tensor out = at::zeros({rows, slice}, Opts(updates.scalar_type()));
  out.index_add_(0, lin, updates.reshape({lin.size(0), slice}));
  return Result(info.Env(), out.reshape(shape), -1);
}

/** tensorScatterUpdate(tensor, indices, updates): a copy of tensor with the indexed slices replaced. */
Napi::Value TensorScatterUpdateFn(const Napi::CallbackInfo& info) {
  const at::Tensor& tensor = TensorArg(info, 0);
  const at::Tensor& indices = TensorArg(info, 1);
  const at::Tensor& updates = TensorArg(info, 2);
  const int64_t k = indices.size(-1);
  at::IntArrayRef ts = tensor.sizes();
  const int64_t rows = Prod(ts, 0, k), slice = Prod(ts, k, tensor.dim());
  at::Tensor lin = LinearIndex(indices, ts);
  at::Tensor out = tensor.reshape({rows, slice}).clone();
  out.index_copy_(0, lin, updates.reshape({lin.size(0), slice}).to(out.scalar_type()));
  return Result(info.Env(), out.reshape(ts), -1);
}

/**
 * unsortedSegmentSum(x, segmentIds, numSegments, dtype): out[j] = sum of
 * x[i] over i with segmentIds[i] = j, for segment ids indexing x's leading
 * dims; ids outside [0, numSegments) are dropped.
 */
Napi::Value UnsortedSegmentSumFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  const at::Tensor& ids = TensorArg(info, 1);
  const int64_t numSegments = IntArg(info, 2);
  const int dtype = static_cast<int>(IntArg(info, 3));
  const int64_t n = ids.numel();
  std::vector<int64_t> outShape{numSegments};
  outShape.insert(outShape.end(), x.sizes().begin() + ids.dim(), x.sizes().end());
  const int64_t slice = Prod(x.sizes(), ids.dim(), x.dim());
  at::Tensor id = ids.to(at::kLong).reshape({-1});
  at::Tensor valid = (id >= 0).logical_and_(id < numSegments);
  at::Tensor rows = x.reshape({n, slice});
  at::ScalarType st = dtype >= 0 ? ScalarTypeOf(dtype) : x.scalar_type();
  if (rows.scalar_type() != st) rows = rows.to(st);
  rows = at::where(valid.unsqueeze(1), rows, at::zeros({}, rows.options()));
  id = at::where(valid, id, at::zeros({}, id.options()));
  at::Tensor out = at::zeros({numSegments, slice}, Opts(st));
  out.index_add_(0, id, rows);
  return Result(info.Env(), out.reshape(outShape), dtype);
}

/** searchSorted(sortedSequence [b, n], values [b, m], right) -> int32 [b, m] */
Napi::Value SearchSortedFn(const Napi::CallbackInfo& info) {
  const at::Tensor& seq = TensorArg(info, 0);
  const at::Tensor& values = TensorArg(info, 1);
  const bool right = BoolArg(info, 2);
  return Result(info.Env(), at::searchsorted(seq.contiguous(), values.contiguous(), /*out_int32=*/true, right), kInt32);
}

}  // namespace

void RegisterIndexing(Napi::Env env, Napi::Object exports) {
  Export<GatherFn>(env, exports, "gather");
  Export<GatherNdFn>(env, exports, "gatherNd");
  Export<ScatterNdFn>(env, exports, "scatterNd");
  Export<TensorScatterUpdateFn>(env, exports, "tensorScatterUpdate");
  Export<UnsortedSegmentSumFn>(env, exports, "unsortedSegmentSum");
  Export<SearchSortedFn>(env, exports, "searchSorted");
}

}  // namespace pyro
