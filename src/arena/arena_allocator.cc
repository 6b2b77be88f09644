#include "arena/arena_allocator.h"

#include <algorithm>

#include "problem/error.h"

namespace arenaplan {

const char* TailCategoryName(TailCategory category) {
  switch (category) {
    case TailCategory::kAllocatorObjects:
      return "allocator_objects";
    case TailCategory::kResourceVariables:
      return "resource_variables";
    case TailCategory::kEvalTensors:
      return "eval_tensors";
    case TailCategory::kNodeAndRegistrations:
      return "node_and_registrations";
    case TailCategory::kOpBuiltinData:
      return "op_builtin_data";
    case TailCategory::kKernelInit:
      return "kernel_init";
    case TailCategory::kKernelPrepare:
      return "kernel_prepare";
    case TailCategory::kScratchBufferHandles:
      return "scratch_buffer_handles";
    case TailCategory::kVariableTensors:
      return "variable_tensors";
    case TailCategory::kIoTensors:
      return "io_tensors";
    case TailCategory::kOther:
      return "other";
  }
  return "other";
}

ArenaEvent& ArenaAllocator::Row(const char* kind, const char* what) {
  ++count_;
  kind_ = kind;
  what_ = what;
  category_ = "";
  if (!record_) {  // numbers only; the peak row gets its words in Finish
    last_ = ArenaEvent();
    last_.subgraph = context.subgraph;
    last_.op = context.op;
    return last_;
  }
  ArenaEvent e;
  e.phase = context.phase;
  e.subgraph = context.subgraph;
  e.op = context.op;
  e.op_name = std::string(context.op_name);
  e.kind = kind;
  e.what = what;
  events_.push_back(std::move(e));
  return events_.back();
}

// "prepare of subgraph 0 op 3 (CONV_2D)", "memory_planning".
std::string ArenaAllocator::Where() const {
  std::string where = context.phase;
  if (context.op >= 0) {
    where += " of subgraph " + std::to_string(context.subgraph) + " op " +
             std::to_string(context.op) + " (" + std::string(context.op_name) +
             ")";
  }
  return where;
}

// Before a call: its size and alignment as TFLM could take them. After it:
// the arena within kMaxArenaBytes. With every size and total at most 2^31,
// no sum below overflows.
void ArenaAllocator::CheckCall(int64_t size, int64_t alignment,
                               const char* what) {
  if (size >= 0 && size <= kMaxArenaBytes && alignment >= 1 &&
      alignment <= 4096) {
    return;
  }
  throw Error(Where() + ": " + std::string(what) + " of " +
              std::to_string(size) + " bytes (alignment " +
              std::to_string(alignment) +
              "): not an allocation TFLM can make (0 to " +
              std::to_string(kMaxArenaBytes) + " bytes)");
}

void ArenaAllocator::Finish(ArenaEvent& e, int64_t need) {
  if (need > kMaxArenaBytes || temp_ + tail_ > kMaxArenaBytes) {
    throw Error(Where() + ": " + what_ + " makes the arena need more than " +
                std::to_string(kMaxArenaBytes) +
                " bytes, beyond what TFLM's int offsets address");
  }
  e.head_bytes = head_;
  e.temp_end_bytes = temp_;
  e.tail_bytes = tail_;
  e.in_use_bytes = temp_ + tail_;
  e.need = need;
  need_ = std::max(need_, need);
  if (e.in_use_bytes > peak_) {
    peak_ = e.in_use_bytes;
    peak_event_ = count_ - 1;
    peak_row_ = e;
    peak_row_.phase = context.phase;
    peak_row_.op_name = std::string(context.op_name);
    peak_row_.kind = kind_;
    peak_row_.what = what_;
    peak_row_.category = category_;
  }
}

void ArenaAllocator::Persistent(int64_t size, int64_t alignment,
                                const char* what, TailCategory category,
                                int32_t tensor) {
  CheckCall(size, alignment, what);
  ArenaEvent& e = Row("persistent", what);
  const int64_t tail = AlignUp(tail_ + size, alignment);
  e.tensor = tensor;
  category_ = TailCategoryName(category);
  if (record_) e.category = category_;
  e.size = size;
  e.alignment = alignment;
  e.consumed = tail - tail_;
  e.offset = arena_size_ - tail;
  by_category_[static_cast<size_t>(category)] += tail - tail_;
  tail_ = tail;
  // aligned_result < head_ fails: the tail may reach into live temporaries.
  Finish(e, head_ + tail_);
}

int64_t ArenaAllocator::Temp(int64_t size, int64_t alignment,
                             const char* what) {
  CheckCall(size, alignment, what);
  ArenaEvent& e = Row("temp", what);
  const int64_t start = AlignUp(temp_, alignment);
  e.size = size;
  e.alignment = alignment;
  e.consumed = start + size - temp_;
  e.offset = start;
  temp_ = start + size;
  Finish(e, temp_ + tail_);
  return start;
}

void ArenaAllocator::FreeTemp(int64_t offset, const char* what) {
  ArenaEvent& e = Row("temp_free", what);
  e.offset = offset;
  Finish(e, 0);
}

void ArenaAllocator::ResetTemp() {
  ArenaEvent& e = Row("temp_reset", "temp_reset");
  e.consumed = head_ - (temp_ + planner_extra_);
  temp_ = head_;
  planner_extra_ = 0;
  Finish(e, 0);
}

void ArenaAllocator::ResizeHead(int64_t size, int64_t alignment,
                                const char* what) {
  CheckCall(size, alignment, what);
  ArenaEvent& e = Row("head_resize", what);
  e.size = size;
  e.alignment = alignment;
  e.consumed = size - head_;
  e.offset = 0;
  head_ = size;
  temp_ = head_;
  Finish(e, head_ + tail_);
}

int64_t ArenaAllocator::PlannerScratch(int64_t planner_need) {
  CheckCall(planner_need, 16, "planner_scratch");
  ArenaEvent& e = Row("temp", "planner_scratch");
  const int64_t start = AlignUp(temp_, 16);
  // GetAvailableMemory(16): the aligned-down tail minus the aligned-up temp.
  const int64_t free = arena_size_ - AlignUp(tail_, 16) - start;
  e.size = free;
  e.alignment = 16;
  e.consumed = start + planner_need - temp_;
  e.offset = start;
  temp_ = start + planner_need;
  planner_extra_ = free - planner_need;
  // The planner fits its tables in what lies between the aligned-up temp
  // end and the aligned-down tail. A planner that needs none fails nothing:
  // when the temporaries already reach past the tail, TFLM's size_t
  // arithmetic wraps and AllocateTemp still succeeds (the AllocationInfo
  // temporaries may then overlap variable tensors allocated after them,
  // which Reset() clears anyway).
  Finish(e, planner_need > 0 ? start + planner_need + AlignUp(tail_, 16) : 0);
  return start;
}

}  // namespace arenaplan
