// The smallest "firmware" that links a planner the way TFLM uses one: only
// through tflite::MicroMemoryPlanner (micro_allocator.cc: Init, AddBuffer,
// GetOffsetForBuffer, GetMaximumMemorySize), with a plan from the example's
// generated header. bench/runtime_size.sh builds it once per planner
// (BENCH_PLANNER = 0 none, 1 VerifyingPlanner, 2 FullCheckPlanner via
// ARENAPLAN_FULL_CHECK, 3 RecordingPlanner around a stand-in) and reads
// from the link map what each runtime object adds.
#include "example_plan.h"
#include "recording_planner.h"
#include "verifying_planner.h"

namespace {

#if BENCH_PLANNER == 1 || BENCH_PLANNER == 2
ARENAPLAN_DEFINE_PLANNER(planner, example);
tflite::MicroMemoryPlanner* Planner() { return &planner; }
#elif BENCH_PLANNER == 3
// What the recorder wraps in a firmware (there: TFLM's greedy planner).
class Inner : public tflite::MicroMemoryPlanner {
 public:
  TfLiteStatus AddBuffer(int, int, int) override { return kTfLiteOk; }
  size_t GetMaximumMemorySize() override { return 0; }
  int GetBufferCount() override { return 0; }
  TfLiteStatus GetOffsetForBuffer(int, int*) override { return kTfLiteOk; }
  bool preserves_all_tensors() const override { return false; }
  void operator delete(void*) {}
};
Inner inner;
arenaplan::RecordingPlanner planner(&inner);
tflite::MicroMemoryPlanner* Planner() { return &planner; }
#else
tflite::MicroMemoryPlanner* Planner() { return nullptr; }
#endif

}  // namespace

// TFLM provides these; stubs here.
void MicroPrintf(const char*, ...) {}
extern "C" {
void* __dso_handle = nullptr;
int __aeabi_atexit(void*, void (*)(void*), void*) { return 0; }
void __cxa_pure_virtual() {}
}

extern "C" int main() {
  tflite::MicroMemoryPlanner* p = Planner();
  if (p == nullptr) return 0;
  p->Init(nullptr, 0);
  p->AddBuffer(16, 0, 1);
  p->AddBuffer(16, 0, 1, 0);
  int offset = 0;
  p->GetOffsetForBuffer(0, &offset);
  return offset + static_cast<int>(p->GetMaximumMemorySize()) +
         p->GetBufferCount() + (p->preserves_all_tensors() ? 1 : 0);
}
