#include "recording_planner.h"

#include "tensorflow/lite/micro/micro_log.h"

namespace arenaplan {

void RecordingPlanner::Print(int size, int first_time_used, int last_time_used,
                             int offline_offset) {
  if (count_ == 0) MicroPrintf("id,lower,upper,size,offline_offset");
  MicroPrintf("%d,%d,%d,%d,%d", count_, first_time_used, last_time_used + 1,
              size, offline_offset);
  ++count_;
}

TfLiteStatus RecordingPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used) {
  Print(size, first_time_used, last_time_used, -1);
  return planner_->AddBuffer(size, first_time_used, last_time_used);
}

TfLiteStatus RecordingPlanner::AddBuffer(int size, int first_time_used,
                                         int last_time_used,
                                         int offline_offset) {
  Print(size, first_time_used, last_time_used, offline_offset);
  return planner_->AddBuffer(size, first_time_used, last_time_used,
                             offline_offset);
}

size_t RecordingPlanner::GetMaximumMemorySize() {
  return planner_->GetMaximumMemorySize();
}

int RecordingPlanner::GetBufferCount() { return planner_->GetBufferCount(); }

TfLiteStatus RecordingPlanner::GetOffsetForBuffer(int buffer_index,
                                                  int* offset) {
  return planner_->GetOffsetForBuffer(buffer_index, offset);
}

TfLiteStatus RecordingPlanner::Init(unsigned char* scratch_buffer,
                                    int scratch_buffer_size) {
  return planner_->Init(scratch_buffer, scratch_buffer_size);
}

bool RecordingPlanner::preserves_all_tensors() const {
  return planner_->preserves_all_tensors();
}

void RecordingPlanner::PrintMemoryPlan() { planner_->PrintMemoryPlan(); }

}  // namespace arenaplan
