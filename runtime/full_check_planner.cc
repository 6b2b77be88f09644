#include "full_check_planner.h"

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

TfLiteStatus FullCheckPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used) {
  return AddBuffer(size, first_time_used, last_time_used, -1);
}

TfLiteStatus FullCheckPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used,
                                         int offline_offset) {
  const int index = count_;
  if (index < capacity_) {
    PlannedBuffer& record = records_[index];
    record.size = size;
    record.first_time_used = first_time_used;
    record.last_time_used = last_time_used;
    record.pinned_offset = offline_offset;
  } else if (index < plan_->buffer_count) {
    if (status_ != kFailed) {
      MicroPrintf("arenaplan: record space for %d buffers, the plan has %d",
                  capacity_, static_cast<int>(plan_->buffer_count));
    }
    status_ = kFailed;
    ++count_;
    return kTfLiteError;
  }
  return VerifyingPlanner::AddBuffer(size, first_time_used, last_time_used,
                                     offline_offset);
}

TfLiteStatus FullCheckPlanner::Init(unsigned char* scratch_buffer,
                                    int scratch_buffer_size) {
  status_ = kUnchecked;
  return VerifyingPlanner::Init(scratch_buffer, scratch_buffer_size);
}

int32_t FullCheckPlanner::OffsetOf(int index) const {
  return plan_->buffer_plan_entries[index].offset;
}

int32_t FullCheckPlanner::GroupOf(int index) const {
  for (int p = 0; p < shared_pair_count_; ++p) {
    if (shared_pairs_[2 * p + 1] == index) return shared_pairs_[2 * p];
  }
  return index;
}

TfLiteStatus FullCheckPlanner::CheckBuffers() {
  for (int i = 0; i < count_; ++i) {
    const PlannedBuffer& b = records_[i];
    const int32_t offset = OffsetOf(i);
    if (b.size < 0) {
      MicroPrintf("arenaplan: buffer %d has negative size %d", i,
                  static_cast<int>(b.size));
      return kTfLiteError;
    }
    if (b.pinned_offset != -1 && b.pinned_offset != offset) {
      MicroPrintf("arenaplan: buffer %d is pinned at %d, the plan says %d", i,
                  static_cast<int>(b.pinned_offset), static_cast<int>(offset));
      return kTfLiteError;
    }
    if (b.pinned_offset == -1 &&
        (offset < 0 || offset % kBufferAlignment != 0)) {
      MicroPrintf("arenaplan: buffer %d at offset %d: not a multiple of 16", i,
                  static_cast<int>(offset));
      return kTfLiteError;
    }
  }
  return kTfLiteOk;
}

TfLiteStatus FullCheckPlanner::CheckSharedPairs() {
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

TfLiteStatus FullCheckPlanner::CheckOverlaps() {
  for (int i = 0; i < count_; ++i) {
    const PlannedBuffer& a = records_[i];
    const int64_t a_begin = OffsetOf(i);
    const int64_t a_end = a_begin + a.size;
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

TfLiteStatus FullCheckPlanner::Verify() {
  if (status_ != kUnchecked) {
    return status_ == kChecked ? kTfLiteOk : kTfLiteError;
  }
  status_ = kFailed;  // until every check has passed
  // The count first (VerifyingPlanner's line), then the layout with
  // specific messages, then the digest.
  if (count_ != plan_->buffer_count) {
    Matches();
    return kTfLiteError;
  }
  if (CheckBuffers() != kTfLiteOk || CheckSharedPairs() != kTfLiteOk ||
      CheckOverlaps() != kTfLiteOk || !Matches()) {
    return kTfLiteError;
  }
  status_ = kChecked;
  return kTfLiteOk;
}

size_t FullCheckPlanner::GetMaximumMemorySize() {
  if (Verify() != kTfLiteOk) return static_cast<size_t>(-1);
  return VerifyingPlanner::GetMaximumMemorySize();
}

TfLiteStatus FullCheckPlanner::GetOffsetForBuffer(int buffer_index,
                                                  int* offset) {
  if (Verify() != kTfLiteOk) return kTfLiteError;
  return VerifyingPlanner::GetOffsetForBuffer(buffer_index, offset);
}

}  // namespace arenaplan
