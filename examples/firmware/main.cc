// The firmware side of a plan made at build time: the header
// arenaplan_add_plan generated for MODEL (namespace model_plan) and the
// runtime's checking planner. In an application the planner goes to
// TFLM's allocator:
//
//   tflite::MicroAllocator* allocator =
//       tflite::MicroAllocator::Create(arena, kArenaSize, &planner);
//   tflite::MicroInterpreter interpreter(model, resolver, allocator);
//
// and the arena holds model_plan::kHeadBytes plus TFLM's persistent tail
// (docs/integration.md). This example has no TFLM to run, so it prints what
// the plan says and that the planner has seen no AddBuffer call yet.
#include "model_plan.h"
#include "tensorflow/lite/micro/micro_log.h"
#include "verifying_planner.h"

ARENAPLAN_DEFINE_PLANNER(planner, model_plan);

int main() {
  MicroPrintf("model_plan: %d buffers, head %d bytes, stream digest 0x%x\n",
              model_plan::kBufferCount,
              static_cast<int>(model_plan::kHeadBytes),
              static_cast<unsigned>(model_plan::kStreamDigest));
  MicroPrintf("planner: %d AddBuffer calls so far\n", planner.GetBufferCount());
  return 0;
}
