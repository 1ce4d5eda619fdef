// The tensor store, data transfer (write/read), the device, argument helpers
// and results.
#include "common.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <cstring>


namespace pyro {

// ---------------------------------------------------------------- dtypes

at::ScalarType ScalarTypeOf(int code) {
  switch (code) {
    case kFloat32: return at::kFloat;
    case kInt32: return at::kInt;
    case kBool: return at::kBool;
    case kComplex64: return at::kComplexFloat;
    default: Fail("unknown dtype code " + std::to_string(code));
  }
}

int DtypeCodeOf(at::ScalarType t) {
  switch (t) {
    case at::kFloat: return kFloat32;
    case at::kInt: return kInt32;
    case at::kBool: return kBool;
    case at::kComplexFloat: return kComplex64;
    default: return -1;
  }
}

void Fail(const std::string& message) { throw std::runtime_error(message); }

// ---------------------------------------------------------------- store

namespace {

struct Store {
  std::vector<at::Tensor> slots;
  std::vector<int32_t> free;
  int64_t live = 0;
};

Store& TheStore() {
  static Store* s = new Store();  // never destroyed: tensors outlive static destruction order
  return *s;
}

c10::Device& DeviceRef() {
  static c10::Device d(c10::DeviceType::CPU);
  return d;
}

int32_t* g_scratch = nullptr;
size_t g_scratch_len = 0;
Napi::Reference<Napi::Int32Array>* g_scratch_ref = nullptr;

}  // namespace

int32_t Put(at::Tensor t) {
  Store& s = TheStore();
  s.live++;
  if (!s.free.empty()) {
    int32_t h = s.free.back();
    s.free.pop_back();
    s.slots[h] = std::move(t);
    return h;
  }
  s.slots.push_back(std::move(t));
  return static_cast<int32_t>(s.slots.size() - 1);
}

const at::Tensor& Get(int32_t h) {
  Store& s = TheStore();
  if (h < 0 || static_cast<size_t>(h) >= s.slots.size() || !s.slots[h].defined()) Fail("invalid tensor handle " + std::to_string(h));
  return s.slots[h];
}

void Drop(int32_t h) {
  Store& s = TheStore();
  if (h < 0 || static_cast<size_t>(h) >= s.slots.size() || !s.slots[h].defined()) Fail("release of an invalid tensor handle " + std::to_string(h));
  s.slots[h] = at::Tensor();
  s.free.push_back(h);
  s.live--;
}

int64_t LiveHandles() { return TheStore().live; }

const c10::Device& CurrentDevice() { return DeviceRef(); }

at::TensorOptions Opts(at::ScalarType t) { return at::TensorOptions().dtype(t).device(DeviceRef()); }

at::Tensor IndexTensor(const std::vector<int64_t>& values) {
  at::Tensor t = at::empty({static_cast<int64_t>(values.size())}, at::TensorOptions().dtype(at::kLong));
  if (!values.empty()) std::memcpy(t.data_ptr<int64_t>(), values.data(), values.size() * sizeof(int64_t));
  return DeviceRef().is_cpu() ? t : t.to(DeviceRef());
}

int64_t NormAxis(int64_t axis, int64_t rank) {
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= std::max<int64_t>(rank, 1)) Fail("axis " + std::to_string(axis) + " out of range for rank " + std::to_string(rank));
  return a;
}

// ---------------------------------------------------------------- arguments

int32_t HandleArg(const Napi::CallbackInfo& info, size_t i) {
  return info[i].As<Napi::Number>().Int32Value();
}

const at::Tensor& TensorArg(const Napi::CallbackInfo& info, size_t i) { return Get(HandleArg(info, i)); }

at::Tensor OptionalTensorArg(const Napi::CallbackInfo& info, size_t i) {
  int32_t h = HandleArg(info, i);
  return h < 0 ? at::Tensor() : Get(h);
}

int64_t IntArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }

double DoubleArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().DoubleValue(); }

bool BoolArg(const Napi::CallbackInfo& info, size_t i) { return info[i].ToBoolean().Value(); }

std::string StringArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::String>().Utf8Value(); }

std::vector<int64_t> IntsArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Value v = info[i];
  if (v.IsNumber()) return {v.As<Napi::Number>().Int64Value()};
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) out[k] = a.Get(k).As<Napi::Number>().Int64Value();
  return out;
}

std::vector<at::Tensor> TensorsArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Array a = info[i].As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) out.push_back(Get(a.Get(k).As<Napi::Number>().Int32Value()));
  return out;
}

// ---------------------------------------------------------------- results

void SetScratch(const Napi::CallbackInfo& info) {
  Napi::Int32Array a = info[0].As<Napi::Int32Array>();
  if (g_scratch_ref != nullptr) {
    g_scratch_ref->Reset();
    delete g_scratch_ref;
  }
  g_scratch_ref = new Napi::Reference<Napi::Int32Array>(Napi::Persistent(a));
  g_scratch = a.Data();
  g_scratch_len = a.ElementLength();
}

static void WriteShape(const at::Tensor& t) {
  if (g_scratch == nullptr) Fail("scratch buffer not set");
  const int64_t rank = t.dim();
  if (static_cast<size_t>(rank + 1) > g_scratch_len) Fail("tensor rank " + std::to_string(rank) + " exceeds the scratch buffer");
  g_scratch[0] = static_cast<int32_t>(rank);
  for (int64_t d = 0; d < rank; d++) g_scratch[d + 1] = static_cast<int32_t>(t.size(d));
}

static at::Tensor CastTo(at::Tensor t, int dtype) {
  if (dtype < 0) {
    if (DtypeCodeOf(t.scalar_type()) < 0) Fail(std::string("result dtype ") + c10::toString(t.scalar_type()) + " has no tfjs dtype");
    return t;
  }
  at::ScalarType want = ScalarTypeOf(dtype);
  return t.scalar_type() == want ? t : t.to(want);
}

Napi::Value Result(Napi::Env env, at::Tensor t, int dtype) {
  t = CastTo(std::move(t), dtype);
  WriteShape(t);
  return Napi::Number::New(env, Put(std::move(t)));
}

Napi::Value Results(Napi::Env env, const std::vector<at::Tensor>& ts, int dtype) {
  Napi::Array out = Napi::Array::New(env, ts.size());
  for (size_t k = 0; k < ts.size(); k++) out.Set(static_cast<uint32_t>(k), Napi::Number::New(env, Put(CastTo(ts[k], dtype))));
  return out;
}

// ---------------------------------------------------------------- exported functions

namespace {

/** write(values: TypedArray | null, shape: number[], dtype) -> handle */
Napi::Value Write(const Napi::CallbackInfo& info) {
  std::vector<int64_t> shape = IntsArg(info, 1);
  int dtype = static_cast<int>(IntArg(info, 2));
  at::ScalarType st = ScalarTypeOf(dtype);
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  if (info[0].IsNull() || info[0].IsUndefined()) return Result(info.Env(), at::zeros(shape, Opts(st)), -1);
  Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
  const uint8_t* src = static_cast<const uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
  at::Tensor t;
  size_t bytes;
  if (st == at::kComplexFloat) {
    std::vector<int64_t> s2(shape);
    s2.push_back(2);
    t = at::empty(s2, at::TensorOptions().dtype(at::kFloat));
    bytes = static_cast<size_t>(n) * 2 * sizeof(float);
  } else {
    t = at::empty(shape, at::TensorOptions().dtype(st));
    bytes = static_cast<size_t>(n) * t.element_size();
  }
  if (ta.ByteLength() != bytes) Fail("write: " + std::to_string(ta.ByteLength()) + " bytes of values for " + std::to_string(bytes) + " bytes of tensor");
  if (bytes > 0) std::memcpy(t.data_ptr(), src, bytes);
  if (st == at::kComplexFloat) t = at::view_as_complex(t);
  if (!DeviceRef().is_cpu()) t = t.to(DeviceRef());
  return Result(info.Env(), t, -1);
}

/** read(handle) -> Float32Array (float32; complex64 interleaved) | Int32Array | Uint8Array (bool) */
Napi::Value Read(const Napi::CallbackInfo& info) {
  at::Tensor t = TensorArg(info, 0);
  if (!t.device().is_cpu()) t = t.to(at::kCPU);
  if (t.scalar_type() == at::kComplexFloat) t = at::view_as_real(t.resolve_conj());
  t = t.contiguous();
  const size_t bytes = static_cast<size_t>(t.numel()) * t.element_size();
  Napi::Env env = info.Env();
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, bytes);
  if (bytes > 0) std::memcpy(buf.Data(), t.data_ptr(), bytes);
  switch (t.scalar_type()) {
    case at::kFloat: return Napi::Float32Array::New(env, bytes / 4, buf, 0);
    case at::kInt: return Napi::Int32Array::New(env, bytes / 4, buf, 0);
    case at::kBool: return Napi::Uint8Array::New(env, bytes, buf, 0);
    default: Fail(std::string("read: unsupported dtype ") + c10::toString(t.scalar_type()));
  }
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  Drop(HandleArg(info, 0));
  return info.Env().Undefined();
}

Napi::Value Shape(const Napi::CallbackInfo& info) {
  const at::Tensor& t = TensorArg(info, 0);
  Napi::Array out = Napi::Array::New(info.Env(), t.dim());
  for (int64_t d = 0; d < t.dim(); d++) out.Set(static_cast<uint32_t>(d), Napi::Number::New(info.Env(), static_cast<double>(t.size(d))));
  return out;
}

Napi::Value Dtype(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), DtypeCodeOf(TensorArg(info, 0).scalar_type())); }

Napi::Value Scratch(const Napi::CallbackInfo& info) {
  SetScratch(info);
  return info.Env().Undefined();
}

/** setDevice('cpu' | 'cuda' | 'cuda:N'): the device of tensors created from now on. */
Napi::Value SetDevice(const Napi::CallbackInfo& info) {
  c10::Device d(StringArg(info, 0));
  if (d.is_cuda() && !at::hasCUDA()) Fail("CUDA is not available to this libtorch");
  if (!d.is_cpu() && !d.is_cuda()) Fail("unsupported device " + d.str());
  if (d != DeviceRef() && LiveHandles() > 0) Fail("cannot change the device while " + std::to_string(LiveHandles()) + " native tensors are alive");
  DeviceRef() = d;
  return Napi::String::New(info.Env(), d.str());
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  at::set_num_threads(static_cast<int>(IntArg(info, 0)));
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("torchVersion", TORCH_VERSION);
  o.Set("device", DeviceRef().str());
  o.Set("cudaAvailable", at::hasCUDA());
  o.Set("cudaDevices", at::hasCUDA() ? static_cast<double>(at::detail::getCUDAHooks().getNumGPUs()) : 0.0);
  o.Set("builtWithCuda",
#ifdef PYRO_TS_WITH_CUDA
        true
#else
        false
#endif
  );
  o.Set("numThreads", at::get_num_threads());
  o.Set("mkl", at::hasMKL());
  o.Set("mkldnn", at::hasMKLDNN());
  o.Set("lapack", at::hasLAPACK());
  o.Set("countingAllocator", CountingAllocatorInstalled());
  o.Set("parallelInfo", at::get_parallel_info());
  return o;
}

}  // namespace

void RegisterStore(Napi::Env env, Napi::Object exports) {
  Export<Write>(env, exports, "write");
  Export<Read>(env, exports, "read");
  Export<Release>(env, exports, "release");
  Export<Shape>(env, exports, "shape");
  Export<Dtype>(env, exports, "dtype");
  Export<Scratch>(env, exports, "setScratch");
  Export<SetDevice>(env, exports, "setDevice");
  Export<SetNumThreads>(env, exports, "setNumThreads");
  Export<Info>(env, exports, "info");
}

}  // namespace pyro
