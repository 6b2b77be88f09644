// A MicroMemoryPlanner wrapper that prints TFLM's AddBuffer stream as the
// CSV `arenaplan plan --recorded` reads, and forwards every call to the
// planner it wraps (e.g. TFLM's GreedyMemoryPlanner). One run on your own
// kernel build gives the exact scratch buffers that build requests.
//
// Output (one MicroPrintf line each): the header
// `id,lower,upper,size,offline_offset`, then one row per call: lower =
// first_time_used, upper = last_time_used + 1 (half-open), size in bytes,
// offline_offset = -1 unless the buffer was pinned by metadata.
//
// Freestanding C++11: no heap, no exceptions, no standard library.
#ifndef ARENAPLAN_RUNTIME_RECORDING_PLANNER_H_
#define ARENAPLAN_RUNTIME_RECORDING_PLANNER_H_

#include <stddef.h>

#include "tensorflow/lite/micro/memory_planner/micro_memory_planner.h"

namespace arenaplan {

class RecordingPlanner : public tflite::MicroMemoryPlanner {
 public:
  explicit RecordingPlanner(tflite::MicroMemoryPlanner* planner)
      : planner_(planner), count_(0) {}

  TfLiteStatus AddBuffer(int size, int first_time_used,
                         int last_time_used) override;
  TfLiteStatus AddBuffer(int size, int first_time_used, int last_time_used,
                         int offline_offset) override;
  size_t GetMaximumMemorySize() override;
  int GetBufferCount() override;
  TfLiteStatus GetOffsetForBuffer(int buffer_index, int* offset) override;
  TfLiteStatus Init(unsigned char* scratch_buffer,
                    int scratch_buffer_size) override;
  bool preserves_all_tensors() const override;
  void PrintMemoryPlan() override;

 private:
  // As VerifyingPlanner: never deleted, no global operator delete linked.
  void operator delete(void*) {}

  void Print(int size, int first_time_used, int last_time_used,
             int offline_offset);

  tflite::MicroMemoryPlanner* planner_;
  int count_;
};

}  // namespace arenaplan

#endif  // ARENAPLAN_RUNTIME_RECORDING_PLANNER_H_
