// The debugging variant of VerifyingPlanner: besides the stream digest it
// records every AddBuffer call and, before the first offset is handed out,
// re-does on the device what arenaplan's offline verifier proved: offsets
// >= 0 and multiples of 16 (pinned buffers excepted), pinned buffers
// (4-argument AddBuffer, from OfflineMemoryAllocation metadata) at their
// planned offset, and no two buffers alive at the same time overlapping,
// except buffers declared to share one address (in-place sharing, the
// header's shared_pairs()) and pinned buffers among themselves (TFLM takes
// pins as given: micro_allocator.cc CreatePlan, greedy_memory_planner.cc).
// A failed check prints one specific `arenaplan: ...` line (which buffers
// overlap, which pin moved); a stream whose count is right and whose
// layout is safe but whose digest differs still fails, with
// VerifyingPlanner's line. It costs 16 bytes of RAM per buffer and
// O(n^2) time once, so it is meant for debugging: build with
// ARENAPLAN_FULL_CHECK and ARENAPLAN_DEFINE_PLANNER (verifying_planner.h)
// picks it, or construct it directly.
//
// Freestanding C++11: no heap, no exceptions, no standard library.
#ifndef ARENAPLAN_RUNTIME_FULL_CHECK_PLANNER_H_
#define ARENAPLAN_RUNTIME_FULL_CHECK_PLANNER_H_

#include <stddef.h>
#include <stdint.h>

#include "verifying_planner.h"

namespace arenaplan {

// One AddBuffer call as TFLM made it.
struct PlannedBuffer {
  int32_t size;
  int32_t first_time_used;  // TFLM's closed lifetime; -1 = never created
  int32_t last_time_used;
  int32_t pinned_offset;  // -1 unless added with an offline offset
};

class FullCheckPlanner : public VerifyingPlanner {
 public:
  // `records` holds `capacity` entries (at least the plan's kBufferCount);
  // it and `plan` must outlive the planner. `shared_pairs` lists
  // `shared_pair_count` pairs (first, other) of buffer indices declared to
  // share one address: `first` is the lowest index of its group and every
  // other member is paired with it (the header's shared_pairs()).
  FullCheckPlanner(const tflite::BufferPlan* plan, uint32_t stream_digest,
                   PlannedBuffer* records, int capacity,
                   const int32_t* shared_pairs = nullptr,
                   int shared_pair_count = 0)
      : VerifyingPlanner(plan, stream_digest),
        records_(records),
        capacity_(capacity),
        shared_pairs_(shared_pairs),
        shared_pair_count_(shared_pair_count),
        status_(kUnchecked) {}

  TfLiteStatus AddBuffer(int size, int first_time_used,
                         int last_time_used) override;
  TfLiteStatus AddBuffer(int size, int first_time_used, int last_time_used,
                         int offline_offset) override;
  size_t GetMaximumMemorySize() override;
  TfLiteStatus GetOffsetForBuffer(int buffer_index, int* offset) override;
  TfLiteStatus Init(unsigned char* scratch_buffer,
                    int scratch_buffer_size) override;

  // Runs the checks once per stream (later calls return the first
  // result). Called by the queries; public so an application can check
  // early.
  TfLiteStatus Verify();

 private:
  enum Status { kUnchecked, kChecked, kFailed };

  int32_t OffsetOf(int index) const;
  int32_t GroupOf(int index) const;
  TfLiteStatus CheckBuffers();
  TfLiteStatus CheckSharedPairs();
  TfLiteStatus CheckOverlaps();

  PlannedBuffer* records_;
  int capacity_;
  const int32_t* shared_pairs_;
  int shared_pair_count_;
  Status status_;
};

}  // namespace arenaplan

#endif  // ARENAPLAN_RUNTIME_FULL_CHECK_PLANNER_H_
