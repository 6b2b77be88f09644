// Stand-in for TFLM's memory_planner/memory_plan_struct.h, written from
// docs/tflm-facts.md section 1: a plan is int32 [count, offset0, ...].
#ifndef ARENAPLAN_STAND_IN_MEMORY_PLAN_STRUCT_H_
#define ARENAPLAN_STAND_IN_MEMORY_PLAN_STRUCT_H_

#include <stddef.h>
#include <stdint.h>

namespace tflite {

struct BufferDescriptor {
  int32_t offset;
};

struct BufferPlan {
  int32_t buffer_count;
  BufferDescriptor buffer_plan_entries[1];  // really buffer_count entries
};

constexpr size_t SizeOfBufferPlan(int32_t buffer_count) {
  return sizeof(BufferPlan) +
         sizeof(BufferDescriptor) * (buffer_count > 1 ? buffer_count - 1 : 0);
}

}  // namespace tflite

#endif  // ARENAPLAN_STAND_IN_MEMORY_PLAN_STRUCT_H_
