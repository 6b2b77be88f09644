// A model of TFLM's SingleArenaBufferAllocator
// (arena_allocator/single_arena_buffer_allocator.cc) over an arena whose
// start and end are 16-byte aligned: the resizable head grows up from the
// start, temporaries sit above it, the persistent tail grows down from the
// end. Every call is recorded as one row in the format of the ground
// truth's allocation logs (../shared/corpus/tflm-arena/README.md), and
// every call also yields the smallest arena for which it succeeds, so the
// smallest working arena is the largest of those, rounded up to 16.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arenaplan {

// Where a tail allocation is counted (the ground truth's tail_* columns).
enum class TailCategory {
  kAllocatorObjects,
  kResourceVariables,
  kEvalTensors,
  kNodeAndRegistrations,
  kOpBuiltinData,
  kKernelInit,
  kKernelPrepare,
  kScratchBufferHandles,
  kVariableTensors,
  kIoTensors,
  kOther,
};
constexpr size_t kTailCategoryCount = 11;
// "allocator_objects", ... as the ground truth's SUMMARY.csv names them.
const char* TailCategoryName(TailCategory category);

// One call into the allocator, as a row of the ground truth's
// <model>.alloc.csv (same column meanings; `offset` of a tail row is
// arena_size - tail, so it depends on the arena size the model ran in).
struct ArenaEvent {
  std::string phase;
  int32_t subgraph = -1;
  int32_t op = -1;
  std::string op_name;
  int32_t tensor = -1;
  std::string kind;  // persistent, temp, temp_free, temp_reset, head_resize
  std::string what;
  std::string category;  // persistent rows only
  int64_t size = 0;
  int64_t alignment = 0;
  int64_t consumed = 0;
  int64_t offset = -1;
  int64_t head_bytes = 0;
  int64_t temp_end_bytes = 0;
  int64_t tail_bytes = 0;
  int64_t in_use_bytes = 0;
  // Not in the ground truth: the smallest arena for which this call
  // succeeds (bytes, before rounding to 16).
  int64_t need = 0;
};

// The row context the caller sets before a call.
struct EventContext {
  const char* phase = "";
  int32_t subgraph = -1;
  int32_t op = -1;
  std::string_view op_name;  // must outlive the calls made under it
};

// The largest allocation and arena the model states: TFLM's planner
// computes offsets and sizes in int, and a 32-bit build's size_t
// arithmetic wraps beyond 4 GiB, so a number above this would not be a
// statement about TFLM.
constexpr int64_t kMaxArenaBytes = 0x7fffffff;

class ArenaAllocator {
 public:
  // `arena_size` only sets the `offset` of tail rows and the size TFLM hands
  // the memory planner (all free memory); it never limits anything here.
  // `record`: keep every row (events()); otherwise only the peak row.
  // Every call throws arenaplan::Error naming the context's op when its size
  // is negative or the arena would pass kMaxArenaBytes (a hostile model:
  // such a number cannot be stated, and int64 cannot overflow here).
  ArenaAllocator(int64_t arena_size, bool record)
      : arena_size_(arena_size), record_(record) {}

  EventContext context;

  // AllocatePersistentBuffer(size, alignment): aligned down from the tail.
  // TFLM fails it only when it would cross the head (not the temporaries).
  void Persistent(int64_t size, int64_t alignment, const char* what,
                  TailCategory category, int32_t tensor = -1);
  // AllocateTemp(size, alignment); returns the offset (a handle for Free).
  int64_t Temp(int64_t size, int64_t alignment, const char* what);
  // DeallocateTemp(offset): only counted by TFLM; a row for the log.
  void FreeTemp(int64_t offset, const char* what);
  // ResetTempAllocations(): temporaries end at the head again.
  void ResetTemp();
  // ResizeBuffer / AllocateResizableBuffer / ReserveNonPersistentOverlayMemory
  // of the head buffer at the arena start (aligned up to `alignment`).
  void ResizeHead(int64_t size, int64_t alignment, const char* what);
  // CommitStaticMemoryPlan's planner arena: AllocateTemp of all free memory
  // (GetAvailableMemory(16)), of which the planner uses `planner_need`
  // bytes (GreedyMemoryPlanner: 40 per buffer; a planner without tables:
  // 0). Returns its offset.
  int64_t PlannerScratch(int64_t planner_need);

  int64_t head() const { return head_; }
  int64_t temp_end() const { return temp_; }
  int64_t tail() const { return tail_; }
  // The largest `need` so far: the smallest arena (before rounding up to
  // 16) in which every call so far succeeds.
  int64_t need() const { return need_; }
  // The largest in_use_bytes so far (the ground truth's planning peak).
  int64_t peak() const { return peak_; }
  size_t peak_event() const { return peak_event_; }
  // The row where peak() is reached.
  const ArenaEvent& peak_row() const { return peak_row_; }
  const std::array<int64_t, kTailCategoryCount>& tail_by_category() const {
    return by_category_;
  }
  const std::vector<ArenaEvent>& events() const { return events_; }

 private:
  ArenaEvent& Row(const char* kind, const char* what);
  void CheckCall(int64_t size, int64_t alignment, const char* what);
  std::string Where() const;
  void Finish(ArenaEvent& e, int64_t need);

  int64_t arena_size_;
  bool record_;
  size_t count_ = 0;       // rows so far
  ArenaEvent last_;        // the row being made when not recording
  const char* kind_ = "";  // of the row being made
  const char* what_ = "";
  const char* category_ = "";
  ArenaEvent peak_row_;
  int64_t head_ = 0;           // bytes from the start
  int64_t temp_ = 0;           // end of the temporaries, bytes from the start
  int64_t tail_ = 0;           // bytes from the end
  int64_t planner_extra_ = 0;  // planner arena bytes beyond its need
  int64_t need_ = 0;
  int64_t peak_ = 0;
  size_t peak_event_ = 0;
  std::array<int64_t, kTailCategoryCount> by_category_{};
  std::vector<ArenaEvent> events_;
};

// Rounds `n` up to a multiple of `alignment` (a power of two).
inline int64_t AlignUp(int64_t n, int64_t alignment) {
  return (n + alignment - 1) / alignment * alignment;
}

}  // namespace arenaplan
