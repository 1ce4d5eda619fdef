// Matrix and image kernels: (batched, broadcast) matmul and its fused form,
// 2-D convolution (plain and depthwise) with both gradients, einsum, FFT,
// the projective image transform (tf.image.transform: affine grid sampling
// with nearest or bilinear interpolation), and the special functions and
// factorizations libtorch has (lgamma, digamma, polygamma, erfinv, ...,
// Cholesky, triangular solve) for pyro-ts's own kernels.
#include "common.h"

#include <array>

namespace pyro {
namespace {

bool IsIntegral(const at::Tensor& t) { return at::isIntegralType(t.scalar_type(), /*includeBool=*/true); }

/** matmul(a, b, transposeA, transposeB): batch dims broadcast; dtype of a. */
at::Tensor MatMul(const at::Tensor& a, const at::Tensor& b, bool ta, bool tb) {
  at::Tensor x = ta ? a.transpose(-2, -1) : a;
  at::Tensor y = tb ? b.transpose(-2, -1) : b;
  if (IsIntegral(x) || IsIntegral(y)) return at::matmul(x.to(at::kDouble), y.to(at::kDouble));
  return at::matmul(x, y);
}

Napi::Value MatMulFn(const Napi::CallbackInfo& info) {
  const at::Tensor& a = TensorArg(info, 0);
  at::Tensor r = MatMul(a, TensorArg(info, 1), BoolArg(info, 2), BoolArg(info, 3));
  return Result(info.Env(), r, DtypeCodeOf(a.scalar_type()));
}

// tfjs fused activations, by index: linear, relu, prelu, elu, relu6, leakyrelu, sigmoid
at::Tensor Activate(const at::Tensor& x, int64_t act, const at::Tensor& preluWeights, double alpha) {
  switch (act) {
    case 0: return x;
    case 1: return at::relu(x);
    case 2: return at::where(x < 0, x * preluWeights, x);
    case 3: return at::elu(x);
    case 4: return at::clamp(x, 0, 6);
    case 5: return at::where(x < 0, x * alpha, x);
    case 6: return at::sigmoid(x);
    default: Fail("unknown activation " + std::to_string(act));
  }
}

/** fusedMatMul(a, b, ta, tb, bias | -1, activation, preluWeights | -1, leakyAlpha) */
Napi::Value FusedMatMulFn(const Napi::CallbackInfo& info) {
  const at::Tensor& a = TensorArg(info, 0);
  at::Tensor r = MatMul(a, TensorArg(info, 1), BoolArg(info, 2), BoolArg(info, 3));
  at::Tensor bias = OptionalTensorArg(info, 4);
  if (bias.defined()) r = r + bias;
  r = Activate(r, IntArg(info, 5), OptionalTensorArg(info, 6), DoubleArg(info, 7));
  return Result(info.Env(), r, DtypeCodeOf(a.scalar_type()));
}

// ---------------------------------------------------------------- convolution

struct ConvArgs {
  std::array<int64_t, 2> stride;
  std::array<int64_t, 4> pad;  // top, bottom, left, right
  std::array<int64_t, 2> dilation;
  bool nchw;
  bool depthwise;
};

/** conv args from info[i..]: strides[2], pads[4], dilations[2], nchw, depthwise */
ConvArgs ConvArgsAt(const Napi::CallbackInfo& info, size_t i) {
  std::vector<int64_t> s = IntsArg(info, i), p = IntsArg(info, i + 1), d = IntsArg(info, i + 2);
  if (s.size() != 2 || p.size() != 4 || d.size() != 2) Fail("conv2d: strides[2], pads[4], dilations[2] expected");
  return {{s[0], s[1]}, {p[0], p[1], p[2], p[3]}, {d[0], d[1]}, BoolArg(info, i + 3), BoolArg(info, i + 4)};
}

/** tfjs filter [fh, fw, in, out] (depthwise: [fh, fw, in, mult]) as a torch weight [out, in/groups, fh, fw]. */
at::Tensor TorchWeight(const at::Tensor& f, bool depthwise) {
  if (!depthwise) return f.permute({3, 2, 0, 1});
  return f.permute({2, 3, 0, 1}).reshape({f.size(2) * f.size(3), 1, f.size(0), f.size(1)});
}

/** A torch weight gradient back in tfjs's filter layout `shape`. */
at::Tensor TfjsFilter(const at::Tensor& w, at::IntArrayRef shape, bool depthwise) {
  if (!depthwise) return w.permute({2, 3, 1, 0});
  return w.reshape({shape[2], shape[3], shape[0], shape[1]}).permute({2, 3, 0, 1});
}

at::Tensor ToNchw(const at::Tensor& x, bool nchw) { return nchw ? x : x.permute({0, 3, 1, 2}); }
at::Tensor FromNchw(const at::Tensor& x, bool nchw) { return nchw ? x : x.permute({0, 2, 3, 1}).contiguous(); }

bool Symmetric(const ConvArgs& c) { return c.pad[0] == c.pad[1] && c.pad[2] == c.pad[3]; }

/** conv2d(x, filter, strides, pads, dilations, nchw, depthwise) */
Napi::Value Conv2DFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  const at::Tensor& f = TensorArg(info, 1);
  ConvArgs c = ConvArgsAt(info, 2);
  at::Tensor in = ToNchw(x, c.nchw);
  std::array<int64_t, 2> pad{c.pad[0], c.pad[2]};
  if (!Symmetric(c)) {
    in = at::constant_pad_nd(in, {c.pad[2], c.pad[3], c.pad[0], c.pad[1]}, 0);
    pad = {0, 0};
  }
  const int64_t groups = c.depthwise ? in.size(1) : 1;
  at::Tensor y = at::conv2d(in, TorchWeight(f, c.depthwise), {}, c.stride, pad, c.dilation, groups);
  return Result(info.Env(), FromNchw(y, c.nchw), DtypeCodeOf(x.scalar_type()));
}

/** Gradients of conv2d through libtorch's convolution_backward (explicit padding applied to the input). */
std::tuple<at::Tensor, at::Tensor> ConvBackward(const at::Tensor& dy, const at::Tensor& input, const at::Tensor& weight, const ConvArgs& c, bool wantInput) {
  const int64_t groups = c.depthwise ? input.size(1) : 1;
  auto r = at::convolution_backward(dy, input, weight, c10::nullopt, c.stride, {0, 0}, c.dilation, false, {0, 0}, groups, {wantInput, !wantInput, false});
  return {std::get<0>(r), std::get<1>(r)};
}

/** conv2dBackpropInput(dy, filter, inputShape[4], strides, pads, dilations, nchw, depthwise) */
Napi::Value Conv2DBackpropInputFn(const Napi::CallbackInfo& info) {
  const at::Tensor& dy = TensorArg(info, 0);
  const at::Tensor& f = TensorArg(info, 1);
  std::vector<int64_t> xs = IntsArg(info, 2);
  ConvArgs c = ConvArgsAt(info, 3);
  // the input's shape in NCHW, padded
  std::vector<int64_t> s = c.nchw ? xs : std::vector<int64_t>{xs[0], xs[3], xs[1], xs[2]};
  const int64_t h = s[2], w = s[3];
  s[2] += c.pad[0] + c.pad[1];
  s[3] += c.pad[2] + c.pad[3];
  at::Tensor input = at::empty(s, dy.options());
  at::Tensor gi = std::get<0>(ConvBackward(ToNchw(dy, c.nchw), input, TorchWeight(f, c.depthwise), c, true));
  gi = gi.narrow(2, c.pad[0], h).narrow(3, c.pad[2], w);
  return Result(info.Env(), FromNchw(gi, c.nchw), DtypeCodeOf(dy.scalar_type()));
}

/** conv2dBackpropFilter(x, dy, filterShape[4], strides, pads, dilations, nchw, depthwise) */
Napi::Value Conv2DBackpropFilterFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  const at::Tensor& dy = TensorArg(info, 1);
  std::vector<int64_t> fs = IntsArg(info, 2);
  ConvArgs c = ConvArgsAt(info, 3);
  at::Tensor in = at::constant_pad_nd(ToNchw(x, c.nchw), {c.pad[2], c.pad[3], c.pad[0], c.pad[1]}, 0);
  at::Tensor weight = TorchWeight(at::empty(fs, x.options()), c.depthwise);
  at::Tensor gw = std::get<1>(ConvBackward(ToNchw(dy, c.nchw), in, weight, c, false));
  return Result(info.Env(), TfjsFilter(gw, fs, c.depthwise), DtypeCodeOf(x.scalar_type()));
}

// ---------------------------------------------------------------- einsum, fft

/** einsum(equation, handles[]) */
Napi::Value EinsumFn(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> ts = TensorsArg(info, 1);
  const int dtype = ts.empty() ? -1 : DtypeCodeOf(ts[0].scalar_type());
  return Result(info.Env(), at::einsum(StringArg(info, 0), ts), dtype);
}

/** fft(x, inverse): over the innermost dimension of a complex64 tensor (ifft scaled by 1/n, as tfjs). */
Napi::Value FftFn(const Napi::CallbackInfo& info) {
  const at::Tensor& x = TensorArg(info, 0);
  at::Tensor r = BoolArg(info, 1) ? at::fft_ifft(x, c10::nullopt, -1) : at::fft_fft(x, c10::nullopt, -1);
  return Result(info.Env(), r, kComplex64);
}

// ---------------------------------------------------------------- image transform

/** tfjs's mapCoord for fill modes reflect (1), wrap (2), nearest (3); constant (0) leaves the coordinate. */
at::Tensor MapCoord(const at::Tensor& in, int64_t len, int64_t mode) {
  if (mode == 0) return in;
  if (len <= 1) return at::zeros_like(in);
  const double n = static_cast<double>(len);
  at::Tensor c = in;
  if (mode == 1) {
    const double sz2 = 2 * n;
    // below 0: fold by whole periods, then mirror
    at::Tensor lo = at::where(c < sz2, sz2 * at::trunc(-c / sz2) + c, c);
    lo = at::where(lo < -n, lo + sz2, -lo - 1);
    // above len - 1
    at::Tensor hi = c - sz2 * at::trunc(c / sz2);
    hi = at::where(hi >= n, sz2 - hi - 1, hi);
    c = at::where(c < 0, lo, at::where(c > n - 1, hi, c));
  } else if (mode == 2) {
    const double sz = n - 1;
    at::Tensor lo = c + n * (at::trunc(-c / sz) + 1);
    at::Tensor hi = c - n * at::trunc(c / sz);
    c = at::where(c < 0, lo, at::where(c > n - 1, hi, c));
  }
  return at::clamp(c, 0, n - 1);
}

/**
 * transform(image [b, h, w, c], transforms [1 | b, 8], bilinear, fillMode,
 * fillValue, outH, outW): out(y, x) samples the image at
 * ((t0 x + t1 y + t2) / k, (t3 x + t4 y + t5) / k), k = t6 x + t7 y + 1.
 */
Napi::Value TransformFn(const Napi::CallbackInfo& info) {
  const at::Tensor& image = TensorArg(info, 0);
  const at::Tensor& transforms = TensorArg(info, 1);
  const bool bilinear = BoolArg(info, 2);
  const int64_t mode = IntArg(info, 3);
  const double fill = DoubleArg(info, 4);
  const int64_t oh = IntArg(info, 5), ow = IntArg(info, 6);
  const int64_t b = image.size(0), h = image.size(1), w = image.size(2), ch = image.size(3);
  auto dopt = at::TensorOptions().dtype(at::kDouble).device(image.device());
  at::Tensor t = transforms.to(at::kDouble).reshape({-1, 8, 1, 1}).expand({b, 8, 1, 1});
  at::Tensor xs = at::arange(ow, dopt).reshape({1, 1, ow});
  at::Tensor ys = at::arange(oh, dopt).reshape({1, oh, 1});
  auto col = [&](int64_t i) { return t.select(1, i); };  // [b, 1, 1]
  at::Tensor k = col(6) * xs + col(7) * ys + 1;
  // non-finite coordinates (k = 0) are sent outside the image; the result there is the fill value
  auto finite = [](const at::Tensor& v) { return at::where(at::isfinite(v), v, at::full({}, -2.0, v.options())); };
  at::Tensor inX = MapCoord(finite((col(0) * xs + col(1) * ys + col(2)) / k), w, mode);
  at::Tensor inY = MapCoord(finite((col(3) * xs + col(4) * ys + col(5)) / k), h, mode);
  at::Tensor flat = image.reshape({b, h * w, ch});
  at::Tensor fillT = at::scalar_tensor(fill, image.options());
  // value at integer coordinates (yi, xi), fill outside the image: [b, oh * ow, ch]
  auto read = [&](const at::Tensor& yi, const at::Tensor& xi) {
    at::Tensor inside = (yi >= 0).logical_and_(yi < h).logical_and_(xi >= 0).logical_and_(xi < w);
    at::Tensor idx = (yi.clamp(0, h - 1) * w + xi.clamp(0, w - 1)).to(at::kLong).reshape({b, oh * ow, 1}).expand({b, oh * ow, ch});
    return at::where(inside.reshape({b, oh * ow, 1}), at::gather(flat, 1, idx), fillT);
  };
  at::Tensor out;
  if (!bilinear) {
    out = read(at::floor(inY + 0.5), at::floor(inX + 0.5));  // Math.round: halves up
  } else {
    at::Tensor y0 = at::floor(inY), x0 = at::floor(inX);
    auto wgt = [&](const at::Tensor& v) { return v.reshape({b, oh * ow, 1}).to(image.scalar_type()); };
    at::Tensor top = wgt(x0 + 1 - inX) * read(y0, x0) + wgt(inX - x0) * read(y0, x0 + 1);
    at::Tensor bottom = wgt(x0 + 1 - inX) * read(y0 + 1, x0) + wgt(inX - x0) * read(y0 + 1, x0 + 1);
    out = wgt(y0 + 1 - inY) * top + wgt(inY - y0) * bottom;
  }
  // k = 0: the point is at infinity, outside the image
  out = at::where((k == 0).reshape({b, oh * ow, 1}), fillT, out);
  return Result(info.Env(), out.reshape({b, oh, ow, ch}), DtypeCodeOf(image.scalar_type()));
}

// ---------------------------------------------------------------- special functions, factorizations

using Unary = at::Tensor (*)(const at::Tensor&);
struct SpecialOp {
  const char* name;
  Unary fn;
};

const SpecialOp kSpecial[] = {
    {"lgamma", [](const at::Tensor& x) { return at::lgamma(x); }},
    {"digamma", [](const at::Tensor& x) { return at::digamma(x); }},
    {"erfinv", [](const at::Tensor& x) { return at::erfinv(x); }},
    {"erfc", [](const at::Tensor& x) { return at::erfc(x); }},
    {"erfcx", [](const at::Tensor& x) { return at::special_erfcx(x); }},
    {"ndtri", [](const at::Tensor& x) { return at::special_ndtri(x); }},
    {"logNdtr", [](const at::Tensor& x) { return at::special_log_ndtr(x); }},
    {"i0e", [](const at::Tensor& x) { return at::special_i0e(x); }},
    {"i1e", [](const at::Tensor& x) { return at::special_i1e(x); }},
};

/** special(op, x) on float32 */
Napi::Value SpecialFn(const Napi::CallbackInfo& info) {
  const int64_t op = IntArg(info, 0);
  if (op < 0 || static_cast<size_t>(op) >= std::size(kSpecial)) Fail("special: unknown op " + std::to_string(op));
  at::Tensor x = TensorArg(info, 1);
  if (IsIntegral(x)) x = x.to(at::kFloat);
  return Result(info.Env(), kSpecial[op].fn(x), kFloat32);
}

/** polygamma(n, x) */
Napi::Value PolygammaFn(const Napi::CallbackInfo& info) {
  at::Tensor x = TensorArg(info, 1);
  if (IsIntegral(x)) x = x.to(at::kFloat);
  return Result(info.Env(), at::polygamma(IntArg(info, 0), x), kFloat32);
}

/** cholesky(a [..., n, n]): lower factor, NaN-filled where a matrix is not positive definite. */
Napi::Value CholeskyFn(const Napi::CallbackInfo& info) {
  const at::Tensor& a = TensorArg(info, 0);
  auto [l, status] = at::linalg_cholesky_ex(a, /*upper=*/false, /*check_errors=*/false);
  std::vector<int64_t> s(status.sizes().begin(), status.sizes().end());
  s.push_back(1);
  s.push_back(1);
  l = at::where(status.reshape(s) == 0, l, at::full({}, std::numeric_limits<float>::quiet_NaN(), l.options()));
  return Result(info.Env(), l, kFloat32);
}

/** triangularSolve(a, b, upper, left, unitriangular): X with a X = b (left) or X a = b. */
Napi::Value TriangularSolveFn(const Napi::CallbackInfo& info) {
  const at::Tensor& a = TensorArg(info, 0);
  const at::Tensor& b = TensorArg(info, 1);
  return Result(info.Env(), at::linalg_solve_triangular(a, b, BoolArg(info, 2), BoolArg(info, 3), BoolArg(info, 4)), kFloat32);
}

}  // namespace

void RegisterLinalg(Napi::Env env, Napi::Object exports) {
  Napi::Array names = Napi::Array::New(env, std::size(kSpecial));
  for (size_t i = 0; i < std::size(kSpecial); i++) names.Set(static_cast<uint32_t>(i), kSpecial[i].name);
  exports.Set("specialOps", names);
  Export<MatMulFn>(env, exports, "matmul");
  Export<FusedMatMulFn>(env, exports, "fusedMatMul");
  Export<Conv2DFn>(env, exports, "conv2d");
  Export<Conv2DBackpropInputFn>(env, exports, "conv2dBackpropInput");
  Export<Conv2DBackpropFilterFn>(env, exports, "conv2dBackpropFilter");
  Export<EinsumFn>(env, exports, "einsum");
  Export<FftFn>(env, exports, "fft");
  Export<TransformFn>(env, exports, "transform");
  Export<SpecialFn>(env, exports, "special");
  Export<PolygammaFn>(env, exports, "polygamma");
  Export<CholeskyFn>(env, exports, "cholesky");
  Export<TriangularSolveFn>(env, exports, "triangularSolve");
}

}  // namespace pyro
