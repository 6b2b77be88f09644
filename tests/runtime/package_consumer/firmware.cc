// Uses the installed runtime as firmware would.
#include "verifying_planner.h"

int CountBuffers() {
  static const int32_t words[2] = {1, 0};
  static arenaplan::VerifyingPlanner planner(
      reinterpret_cast<const tflite::BufferPlan*>(words), 0);
  return planner.GetBufferCount();
}
