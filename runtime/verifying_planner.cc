#include "verifying_planner.h"

#include "tensorflow/lite/micro/micro_log.h"

namespace arenaplan {
namespace {

// TFLM's MicroArenaBufferAlignment(): every online buffer offset is a
// multiple of it.
const int32_t kBufferAlignment = 16;

bool LifetimesConflict(const PlannedBuffer& a, const PlannedBuffer& b) {
  return a.first_time_used <= b.last_time_used &&
         b.first_time_used <= a.last_time_used;
}

}  // namespace

VerifyingPlanner::VerifyingPlanner(const tflite::BufferPlan* plan,
                                   PlannedBuffer* records, int capacity,
                                   const int32_t* shared_pairs,
                                   int shared_pair_count)
    : plan_(plan),
      records_(records),
      capacity_(capacity),
      shared_pairs_(shared_pairs),
      shared_pair_count_(shared_pair_count),
      count_(0),
      failed_(false),
      verified_(false) {}

TfLiteStatus VerifyingPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used) {
  return AddBuffer(size, first_time_used, last_time_used, -1);
}

TfLiteStatus VerifyingPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used,
                                         int offline_offset) {
  const int index = count_;
  if (index >= plan_->buffer_count || index >= capacity_) {
    MicroPrintf(
        "arenaplan: AddBuffer call %d, but the plan has %d buffers (record "
        "space %d): plan made for another model or kernel build",
        index + 1, static_cast<int>(plan_->buffer_count), capacity_);
    failed_ = true;
    return kTfLiteError;
  }
  if (size < 0) {
    MicroPrintf("arenaplan: buffer %d has negative size %d", index, size);
    failed_ = true;
    return kTfLiteError;
  }
  if (offline_offset != -1 && offline_offset != OffsetOf(index)) {
    MicroPrintf("arenaplan: buffer %d is pinned at %d, the plan says %d", index,
                offline_offset, static_cast<int>(OffsetOf(index)));
    failed_ = true;
    return kTfLiteError;
  }
  PlannedBuffer& record = records_[index];
  record.size = size;
  record.first_time_used = first_time_used;
  record.last_time_used = last_time_used;
  record.pinned_offset = offline_offset;
  ++count_;
  return kTfLiteOk;
}

int32_t VerifyingPlanner::OffsetOf(int index) const {
  return plan_->buffer_plan_entries[index].offset;
}

int32_t VerifyingPlanner::GroupOf(int index) const {
  for (int p = 0; p < shared_pair_count_; ++p) {
    if (shared_pairs_[2 * p + 1] == index) return shared_pairs_[2 * p];
  }
  return index;
}

TfLiteStatus VerifyingPlanner::CheckSharedPairs() {
  for (int p = 0; p < shared_pair_count_; ++p) {
    const int32_t first = shared_pairs_[2 * p];
    const int32_t other = shared_pairs_[2 * p + 1];
    if (first < 0 || first >= other || other >= count_ ||
        GroupOf(first) != first || GroupOf(other) != first) {
      MicroPrintf("arenaplan: shared pair %d (%d, %d) is malformed", p,
                  static_cast<int>(first), static_cast<int>(other));
      return kTfLiteError;
    }
    if (OffsetOf(first) != OffsetOf(other)) {
      MicroPrintf("arenaplan: shared buffers %d and %d at offsets %d and %d",
                  static_cast<int>(first), static_cast<int>(other),
                  static_cast<int>(OffsetOf(first)),
                  static_cast<int>(OffsetOf(other)));
      return kTfLiteError;
    }
  }
  return kTfLiteOk;
}

TfLiteStatus VerifyingPlanner::CheckOverlaps() {
  for (int i = 0; i < count_; ++i) {
    const PlannedBuffer& a = records_[i];
    const int64_t a_begin = OffsetOf(i);
    const int64_t a_end = a_begin + a.size;
    if (a.pinned_offset == -1 &&
        (a_begin < 0 || a_begin % kBufferAlignment != 0)) {
      MicroPrintf("arenaplan: buffer %d at offset %d: not a multiple of 16", i,
                  static_cast<int>(a_begin));
      return kTfLiteError;
    }
    for (int j = i + 1; j < count_; ++j) {
      const PlannedBuffer& b = records_[j];
      const int64_t b_begin = OffsetOf(j);
      if (!LifetimesConflict(a, b) || a_begin >= b_begin + b.size ||
          b_begin >= a_end) {
        continue;
      }
      const bool both_pinned = a.pinned_offset != -1 && b.pinned_offset != -1;
      const bool shared = a_begin == b_begin && GroupOf(i) == GroupOf(j);
      if (!both_pinned && !shared) {
        MicroPrintf(
            "arenaplan: buffers %d [%d, %d) and %d [%d, %d) overlap while both "
            "are alive",
            i, static_cast<int>(a_begin), static_cast<int>(a_end), j,
            static_cast<int>(b_begin), static_cast<int>(b_begin + b.size));
        return kTfLiteError;
      }
    }
  }
  return kTfLiteOk;
}

TfLiteStatus VerifyingPlanner::Verify() {
  if (verified_) return kTfLiteOk;
  if (failed_) return kTfLiteError;
  failed_ = true;  // until every check has passed
  if (count_ != plan_->buffer_count) {
    MicroPrintf(
        "arenaplan: TFLM added %d buffers, the plan has %d: plan made for "
        "another model or kernel build",
        count_, static_cast<int>(plan_->buffer_count));
    return kTfLiteError;
  }
  if (CheckSharedPairs() != kTfLiteOk || CheckOverlaps() != kTfLiteOk) {
    return kTfLiteError;
  }
  failed_ = false;
  verified_ = true;
  return kTfLiteOk;
}

size_t VerifyingPlanner::GetMaximumMemorySize() {
  // TFLM asks for no offset when it plans no buffer: check here too, so a
  // plan for another model is reported even then.
  Verify();
  // The extent of the buffers TFLM added, checked or not: never less than
  // what the offsets handed out need.
  int64_t extent = 0;
  for (int i = 0; i < count_; ++i) {
    const int64_t end = static_cast<int64_t>(OffsetOf(i)) + records_[i].size;
    if (end > extent) extent = end;
  }
  return static_cast<size_t>(extent);
}

int VerifyingPlanner::GetBufferCount() { return count_; }

TfLiteStatus VerifyingPlanner::GetOffsetForBuffer(int buffer_index,
                                                  int* offset) {
  if (Verify() != kTfLiteOk) return kTfLiteError;
  if (buffer_index < 0 || buffer_index >= count_) {
    MicroPrintf("arenaplan: no buffer %d (%d buffers)", buffer_index, count_);
    return kTfLiteError;
  }
  *offset = OffsetOf(buffer_index);
  return kTfLiteOk;
}

}  // namespace arenaplan
