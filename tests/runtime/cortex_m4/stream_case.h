// One test case of the Cortex-M4 program: a plan from a generated header,
// an AddBuffer stream (recorded from the host tool's derivation or
// altered), and whether the planner must accept it. The generated
// stream_cases.inc defines kCases and kCaseCount with these.
#ifndef ARENAPLAN_TESTS_CORTEX_M4_STREAM_CASE_H_
#define ARENAPLAN_TESTS_CORTEX_M4_STREAM_CASE_H_

#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/micro/memory_planner/memory_plan_struct.h"

struct StreamCall {
  int32_t size;
  int32_t first_time_used;
  int32_t last_time_used;
  int32_t pin;  // -1: the 3-argument AddBuffer
};

struct StreamCase {
  const char* name;
  const tflite::BufferPlan* plan;
  uint32_t stream_digest;
  const int32_t* shared_pairs;
  int shared_pair_count;
  const StreamCall* calls;
  int call_count;
  bool accept;
  size_t head_bytes;  // the header's kHeadBytes: GetMaximumMemorySize()
};

#endif  // ARENAPLAN_TESTS_CORTEX_M4_STREAM_CASE_H_
