#include "verifying_planner.h"

#include "tensorflow/lite/micro/micro_log.h"

namespace arenaplan {

// What the planner keeps, whatever the model (24 bytes on 32-bit targets).
static_assert(sizeof(VerifyingPlanner) <= 32, "RAM budget of the planner");

TfLiteStatus VerifyingPlanner::Init(unsigned char*, int) {
  digest_ = kDigestSeed;
  head_ = 0;
  count_ = 0;
  return kTfLiteOk;
}

bool VerifyingPlanner::Matches() {
  if (count_ == plan_->buffer_count && digest_ == expected_) return true;
  MicroPrintf(
      "arenaplan: plan is for other model/kernels (%d calls, %d planned)",
      count_, static_cast<int>(plan_->buffer_count));
  return false;
}

TfLiteStatus VerifyingPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used) {
  // A direct call, no virtual dispatch: a subclass overrides both.
  return VerifyingPlanner::AddBuffer(size, first_time_used, last_time_used, -1);
}

TfLiteStatus VerifyingPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used,
                                         int offline_offset) {
  const int index = count_++;
  if (index >= plan_->buffer_count) {
    Matches();  // prints: more calls than planned buffers
    return kTfLiteError;
  }
  const int32_t offset = plan_->buffer_plan_entries[index].offset;
  digest_ = DigestBuffer(digest_, size, first_time_used, last_time_used,
                         offline_offset, offset);
  const uint32_t end =
      static_cast<uint32_t>(offset) + static_cast<uint32_t>(size);
  if (end > head_) head_ = end;
  return kTfLiteOk;
}

size_t VerifyingPlanner::GetMaximumMemorySize() {
  return Matches() ? head_ : static_cast<size_t>(-1);
}

int VerifyingPlanner::GetBufferCount() { return count_; }

TfLiteStatus VerifyingPlanner::GetOffsetForBuffer(int buffer_index,
                                                  int* offset) {
  if (!Matches() ||
      static_cast<unsigned>(buffer_index) >= static_cast<unsigned>(count_)) {
    return kTfLiteError;
  }
  *offset = plan_->buffer_plan_entries[buffer_index].offset;
  return kTfLiteOk;
}

bool VerifyingPlanner::preserves_all_tensors() const { return false; }

}  // namespace arenaplan
