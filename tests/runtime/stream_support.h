// AddBuffer streams for the runtime tests: a call list, the plan words
// TFLM's BufferPlan is made of, the host tool's digest of a stream, and
// feeding a planner the way TFLM's micro_allocator.cc does (CreatePlan,
// then CommitPlan, then GetMaximumMemorySize).
#pragma once

#include <cstdint>
#include <vector>

#include "emit/cpp_header.h"
#include "model/buffer_list.h"
#include "tensorflow/lite/micro/memory_planner/memory_plan_struct.h"
#include "tensorflow/lite/micro/memory_planner/micro_memory_planner.h"

namespace arenaplan::testing {

struct Call {
  int size = 0, first = 0, last = 0;
  int pin = -1;  // -1: the 3-argument AddBuffer
};

// The calls TFLM makes for `list`, in order.
inline std::vector<Call> CallsOf(const BufferList& list) {
  std::vector<Call> calls;
  for (const ModelBuffer& b : list.buffers) {
    calls.push_back({static_cast<int>(b.size), b.first, b.last,
                     b.pinned_offset.value_or(-1)});
  }
  return calls;
}

// The buffer list behind `calls` (what the host tool digests).
inline BufferList ListOf(const std::vector<Call>& calls) {
  BufferList list;
  for (const Call& c : calls) {
    ModelBuffer b;
    b.size = c.size;
    b.first = c.first;
    b.last = c.last;
    if (c.pin != -1) b.pinned_offset = c.pin;
    list.buffers.push_back(b);
  }
  list.tensor_count = list.buffers.size();
  return list;
}

// The host tool's kStreamDigest for `calls` planned at `offsets`.
inline uint32_t HostDigest(const std::vector<Call>& calls,
                           const std::vector<int32_t>& offsets) {
  return StreamDigest(ListOf(calls),
                      std::vector<int64_t>(offsets.begin(), offsets.end()));
}

// A plan as TFLM stores it: int32 [count, offset0, offset1, ...].
class PlanWords {
 public:
  explicit PlanWords(const std::vector<int32_t>& offsets) {
    words_.push_back(static_cast<int32_t>(offsets.size()));
    words_.insert(words_.end(), offsets.begin(), offsets.end());
    words_.push_back(0);  // a plan of 0 buffers still has one entry
  }
  const tflite::BufferPlan* plan() const {
    return reinterpret_cast<const tflite::BufferPlan*>(words_.data());
  }

 private:
  std::vector<int32_t> words_;
};

inline TfLiteStatus Add(tflite::MicroMemoryPlanner& planner,
                        const std::vector<Call>& calls) {
  for (const Call& c : calls) {
    const TfLiteStatus status =
        c.pin == -1 ? planner.AddBuffer(c.size, c.first, c.last)
                    : planner.AddBuffer(c.size, c.first, c.last, c.pin);
    if (status != kTfLiteOk) return status;
  }
  return kTfLiteOk;
}

// GetOffsetForBuffer for `count` buffers, as TFLM's CommitPlan does;
// `offsets` gets what was handed out. An index that fails leaves the -7
// it was given untouched or the test fails.
inline TfLiteStatus Commit(tflite::MicroMemoryPlanner& planner, int count,
                           std::vector<int>* offsets = nullptr) {
  for (int i = 0; i < count; ++i) {
    int offset = -7;
    if (planner.GetOffsetForBuffer(i, &offset) != kTfLiteOk) {
      EXPECT_EQ(offset, -7) << "an offset was written on failure";
      return kTfLiteError;
    }
    if (offsets) offsets->push_back(offset);
  }
  return kTfLiteOk;
}

}  // namespace arenaplan::testing
