// Stand-in for TFLM's memory_planner/micro_memory_planner.h, written from
// docs/tflm-facts.md section 1 (same virtual methods and defaults).
#ifndef ARENAPLAN_STAND_IN_MICRO_MEMORY_PLANNER_H_
#define ARENAPLAN_STAND_IN_MICRO_MEMORY_PLANNER_H_

#include <stddef.h>

#include "tensorflow/lite/c/common.h"

namespace tflite {

class MicroMemoryPlanner {
 public:
  MicroMemoryPlanner() {}
  virtual ~MicroMemoryPlanner() {}
  virtual TfLiteStatus AddBuffer(int size, int first_time_used,
                                 int last_time_used) = 0;
  virtual TfLiteStatus AddBuffer(int /*size*/, int /*first_time_used*/,
                                 int /*last_time_used*/,
                                 int /*offline_offset*/) {
    return kTfLiteError;
  }
  virtual size_t GetMaximumMemorySize() = 0;
  virtual int GetBufferCount() = 0;
  virtual TfLiteStatus GetOffsetForBuffer(int buffer_index, int* offset) = 0;
  virtual TfLiteStatus Init(unsigned char* /*scratch_buffer*/,
                            int /*scratch_buffer_size*/) {
    return kTfLiteOk;
  }
  virtual bool preserves_all_tensors() const = 0;
  virtual void PrintMemoryPlan() {}
};

}  // namespace tflite

#endif  // ARENAPLAN_STAND_IN_MICRO_MEMORY_PLANNER_H_
