// A MicroMemoryPlanner for TFLM that hands out a precomputed BufferPlan
// (e.g. one written by `arenaplan plan --header`) and checks it first.
//
// TFLM's own NonPersistentMemoryPlannerShim checks nothing and reports a head
// of 0 bytes, so a plan for another model or kernel build silently corrupts
// memory. This planner records every AddBuffer call and, before the first
// offset is handed out, checks: the call count equals the plan's count,
// every offset is >= 0 and 16-aligned (pinned buffers excepted), pinned
// buffers (4-argument AddBuffer, from OfflineMemoryAllocation metadata) sit
// at their pinned offset, and no two buffers alive at the same time overlap,
// except buffers declared to share one address (in-place sharing; see
// `shared_pairs`) and pinned buffers among themselves (TFLM takes pins as
// given). GetMaximumMemorySize() returns the plan's real extent, so TFLM
// reserves the head it needs. Errors go through MicroPrintf and make
// GetOffsetForBuffer fail, so AllocateTensors() fails cleanly.
//
// Freestanding C++11: no heap, no exceptions, no standard library.
#ifndef ARENAPLAN_RUNTIME_VERIFYING_PLANNER_H_
#define ARENAPLAN_RUNTIME_VERIFYING_PLANNER_H_

#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/micro/memory_planner/memory_plan_struct.h"
#include "tensorflow/lite/micro/memory_planner/micro_memory_planner.h"

namespace arenaplan {

// One AddBuffer call as TFLM made it.
struct PlannedBuffer {
  int32_t size;
  int32_t first_time_used;  // TFLM's closed lifetime; -1 = never created
  int32_t last_time_used;
  int32_t pinned_offset;  // -1 unless added with an offline offset
};

class VerifyingPlanner : public tflite::MicroMemoryPlanner {
 public:
  // `records` holds at least `capacity` entries (the plan's kBufferCount);
  // it and `plan` must outlive the planner. `shared_pairs` lists
  // `shared_pair_count` pairs (first, other) of buffer indices declared to
  // share one address: `first` is the lowest index of its group and every
  // other member is paired with it (the header's shared_pairs()).
  VerifyingPlanner(const tflite::BufferPlan* plan, PlannedBuffer* records,
                   int capacity, const int32_t* shared_pairs = nullptr,
                   int shared_pair_count = 0);

  TfLiteStatus AddBuffer(int size, int first_time_used,
                         int last_time_used) override;
  TfLiteStatus AddBuffer(int size, int first_time_used, int last_time_used,
                         int offline_offset) override;
  size_t GetMaximumMemorySize() override;
  int GetBufferCount() override;
  TfLiteStatus GetOffsetForBuffer(int buffer_index, int* offset) override;
  bool preserves_all_tensors() const override { return false; }

  // Runs the checks (once; later calls return the first result). Called by
  // GetOffsetForBuffer, public so an application can check early.
  TfLiteStatus Verify();

 private:
  int32_t OffsetOf(int index) const;
  int32_t GroupOf(int index) const;
  TfLiteStatus CheckSharedPairs();
  TfLiteStatus CheckOverlaps();

  const tflite::BufferPlan* plan_;
  PlannedBuffer* records_;
  int capacity_;
  const int32_t* shared_pairs_;
  int shared_pair_count_;
  int count_;
  bool failed_;  // an AddBuffer or a check failed
  bool verified_;
};

}  // namespace arenaplan

#endif  // ARENAPLAN_RUNTIME_VERIFYING_PLANNER_H_
