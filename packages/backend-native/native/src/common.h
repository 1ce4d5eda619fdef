// Shared declarations of the pyro-ts native addon: the tensor store (libtorch
// tensors behind small integer handles), dtype codes, argument helpers and
// the guard every exported function runs under.
//
// Conventions of every kernel function exported to JavaScript:
// - tensors come in as handles (JS numbers) and go out as new handles;
// - the result's shape is written to the shared scratch Int32Array
//   ([rank, d0, d1, ...]) so that JS builds the TensorInfo without a call;
// - a trailing `dtype` argument (a code below, or -1) casts the result to the
//   dtype tfjs expects for that kernel.
#pragma once

#include <napi.h>
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pyro {

// dtype codes, shared with src/addon.ts
enum DtypeCode : int { kFloat32 = 0, kInt32 = 1, kBool = 2, kComplex64 = 3 };

at::ScalarType ScalarTypeOf(int code);
int DtypeCodeOf(at::ScalarType t);

// ---- the tensor store (store.cc) ----
int32_t Put(at::Tensor t);
const at::Tensor& Get(int32_t handle);
void Drop(int32_t handle);
int64_t LiveHandles();
/** Options for new tensors: dtype on the backend's device. */
at::TensorOptions Opts(at::ScalarType t);
const c10::Device& CurrentDevice();
/** An int64 index tensor on the backend's device. */
at::Tensor IndexTensor(const std::vector<int64_t>& values);

// ---- arguments ----
int32_t HandleArg(const Napi::CallbackInfo& info, size_t i);
const at::Tensor& TensorArg(const Napi::CallbackInfo& info, size_t i);
/** A tensor argument or an undefined tensor when the handle is negative. */
at::Tensor OptionalTensorArg(const Napi::CallbackInfo& info, size_t i);
int64_t IntArg(const Napi::CallbackInfo& info, size_t i);
double DoubleArg(const Napi::CallbackInfo& info, size_t i);
bool BoolArg(const Napi::CallbackInfo& info, size_t i);
std::string StringArg(const Napi::CallbackInfo& info, size_t i);
/** A JS number or array of numbers as int64s. */
std::vector<int64_t> IntsArg(const Napi::CallbackInfo& info, size_t i);
std::vector<at::Tensor> TensorsArg(const Napi::CallbackInfo& info, size_t i);

// ---- results ----
/** Casts `t` to the dtype code (when >= 0), stores it, writes its shape to the scratch; returns the handle. */
Napi::Value Result(Napi::Env env, at::Tensor t, int dtype);
/** Several results: an array of handles (shapes via `shape(h)`). */
Napi::Value Results(Napi::Env env, const std::vector<at::Tensor>& ts, int dtype);
void SetScratch(const Napi::CallbackInfo& info);

/** Normalizes a possibly negative axis of a rank-`rank` tensor. */
int64_t NormAxis(int64_t axis, int64_t rank);

[[noreturn]] void Fail(const std::string& message);

// Runs a function in inference mode (no autograd bookkeeping) and turns
// libtorch and C++ errors into JS exceptions.
template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value Guarded(const Napi::CallbackInfo& info) {
  c10::InferenceMode guard;
  try {
    return F(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const c10::Error& e) {
    throw Napi::Error::New(info.Env(), std::string("libtorch: ") + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("native backend: ") + e.what());
  }
}

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
void Export(Napi::Env env, Napi::Object exports, const char* name) {
  exports.Set(name, Napi::Function::New(env, Guarded<F>, name));
}

// Each kernel family registers its functions (and its op-name tables).
void RegisterStore(Napi::Env env, Napi::Object exports);
void RegisterMemory(Napi::Env env, Napi::Object exports);
/** Whether libtorch's CPU allocator is wrapped by the counting one (memory.cc). */
bool CountingAllocatorInstalled();
void RegisterElementwise(Napi::Env env, Napi::Object exports);
void RegisterReduce(Napi::Env env, Napi::Object exports);
void RegisterLayout(Napi::Env env, Napi::Object exports);
void RegisterIndexing(Napi::Env env, Napi::Object exports);
void RegisterLinalg(Napi::Env env, Napi::Object exports);

}  // namespace pyro
