// The addon's entry point: registers every kernel family.
#include "common.h"

namespace pyro {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  RegisterMemory(env, exports);
  RegisterStore(env, exports);
  RegisterElementwise(env, exports);
  RegisterReduce(env, exports);
  RegisterLayout(env, exports);
  RegisterIndexing(env, exports);
  RegisterLinalg(env, exports);
  return exports;
}

}  // namespace pyro

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return pyro::Init(env, exports); }

NODE_API_MODULE(pyro_native, InitAddon)
