// Memory accounting: a counting wrapper around libtorch's CPU allocator
// (live bytes and allocations of every CPU tensor libtorch creates), the
// CUDA caching allocator's statistics where built with CUDA's headers, and
// the C heap in use.
#include "common.h"

#include <c10/core/CPUAllocator.h>
#include <torch/version.h>

#include <atomic>
#include <cstring>
#include <malloc.h>

#ifdef PYRO_TS_WITH_CUDA_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace pyro {

namespace {

struct CpuCounters {
  std::atomic<int64_t> bytes{0};
  std::atomic<int64_t> peak{0};
  std::atomic<int64_t> live{0};
  std::atomic<int64_t> total{0};
};

CpuCounters& Counters() {
  static CpuCounters* c = new CpuCounters();
  return *c;
}

// Wraps the CPU allocator libtorch had, counting every allocation. Each
// block is allocated 64 bytes larger through the inner allocator's raw
// interface; the header keeps the requested size, and the caller gets the
// 64-byte-aligned memory after it. Context and data pointer are the same, so
// libtorch's raw_allocate/raw_deallocate (used by oneDNN convolutions) work.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define PYRO_ALLOCATE_CONST
#else
#define PYRO_ALLOCATE_CONST const
#endif

constexpr size_t kHeader = 64;
c10::DeleterFnPtr g_inner_delete = nullptr;

class CountingAllocator final : public c10::Allocator {
 public:
  explicit CountingAllocator(c10::Allocator* inner) : inner_(inner) {}

  c10::DataPtr allocate(size_t n) PYRO_ALLOCATE_CONST override {
    void* block = inner_->raw_allocate(n + kHeader);
    *static_cast<int64_t*>(block) = static_cast<int64_t>(n);
    void* data = static_cast<char*>(block) + kHeader;
    CpuCounters& c = Counters();
    const int64_t now = c.bytes.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed) + static_cast<int64_t>(n);
    int64_t peak = c.peak.load(std::memory_order_relaxed);
    while (now > peak && !c.peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
    c.live.fetch_add(1, std::memory_order_relaxed);
    c.total.fetch_add(1, std::memory_order_relaxed);
    return c10::DataPtr(data, data, &Release, c10::Device(c10::DeviceType::CPU));
  }

  c10::DeleterFnPtr raw_deleter() const override { return &Release; }

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
  void copy_data(void* dest, const void* src, std::size_t count) const override { std::memcpy(dest, src, count); }
#endif

  static void Release(void* data) {
    if (data == nullptr) return;
    void* block = static_cast<char*>(data) - kHeader;
    const int64_t n = *static_cast<int64_t*>(block);
    CpuCounters& c = Counters();
    c.bytes.fetch_sub(n, std::memory_order_relaxed);
    c.live.fetch_sub(1, std::memory_order_relaxed);
    g_inner_delete(block);
  }

 private:
  c10::Allocator* inner_;
};

bool g_counting = false;

void InstallCountingAllocator() {
  static bool done = false;
  if (done) return;
  done = true;
  const char* env = std::getenv("PYRO_TS_NATIVE_COUNT_ALLOC");
  if (env != nullptr && std::string(env) == "0") return;
  c10::Allocator* inner = c10::GetCPUAllocator();
  // the inner allocator must support raw allocation (libtorch's default does)
  g_inner_delete = inner->raw_deleter();
  if (g_inner_delete == nullptr) return;
  static CountingAllocator* counting = new CountingAllocator(inner);
  c10::SetCPUAllocator(counting, /*priority=*/100);
  g_counting = c10::GetCPUAllocator() == counting;
}

}  // namespace

bool CountingAllocatorInstalled() { return g_counting; }

namespace {

/** Live handles, libtorch's CPU allocator counters, CUDA caching allocator bytes, the C heap in use. */
Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  CpuCounters& c = Counters();
  o.Set("handles", static_cast<double>(LiveHandles()));
  o.Set("countingAllocator", g_counting);
  o.Set("cpuBytes", static_cast<double>(c.bytes.load()));
  o.Set("cpuPeakBytes", static_cast<double>(c.peak.load()));
  o.Set("cpuAllocations", static_cast<double>(c.live.load()));
  o.Set("cpuTotalAllocations", static_cast<double>(c.total.load()));
#ifdef PYRO_TS_WITH_CUDA_STATS
  if (at::hasCUDA()) {
    auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(DeviceRef().is_cuda() ? DeviceRef().index() < 0 ? 0 : DeviceRef().index() : 0);
    o.Set("cudaBytes", static_cast<double>(stats.allocated_bytes[0].current));
    o.Set("cudaReservedBytes", static_cast<double>(stats.reserved_bytes[0].current));
    o.Set("cudaAllocations", static_cast<double>(stats.allocation[0].current));
  }
#endif
  struct mallinfo2 mi = mallinfo2();
  o.Set("heapBytes", static_cast<double>(mi.uordblks));
  return o;
}

}  // namespace

void RegisterMemory(Napi::Env env, Napi::Object exports) {
  InstallCountingAllocator();
  Export<MemoryStats>(env, exports, "memoryStats");
}

}  // namespace pyro
