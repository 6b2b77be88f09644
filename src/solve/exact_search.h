// Depth-first search over canonical placements under a capacity (after
// MiniMalloc's ideas, written anew): buffers are placed in non-decreasing
// offset order, each at the lowest clear offset above the conflicting
// buffers placed before it (or on top of a pinned obstacle). Every placement
// that cannot be pushed lower is reached this way, so exhausting the tree
// proves that nothing fits under the capacity. Pruning: per time section,
// the floor plus the size still to place there must fit; a buffer never
// goes at or above a height where another unplaced buffer would fit
// entirely below it. When no unplaced buffer spans some time boundary, the
// two sides are independent and are searched one after the other, never
// revisiting a side already placed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "solve/instance.h"

namespace arenaplan {

struct SearchLimits {
  int64_t node_limit = 0;  // 0 = none
  bool has_deadline = false;
  std::chrono::steady_clock::time_point deadline;
  const std::atomic<bool>* cancel = nullptr;
  // Called about every `tick_nodes` nodes with the best height so far.
  std::function<void(int64_t best_height)> tick;
};

class ExactSearch {
 public:
  // `preorder` lists every free buffer once: the tie-break between buffers
  // that could go at the same offset.
  ExactSearch(const Instance& instance, const std::vector<int32_t>& preorder);

  // Searches for a placement of height <= `capacity`. True when the search
  // finished (not cut by a limit): then either found() or none exists.
  bool Run(int64_t capacity, const SearchLimits& limits);

  // Of the last Run.
  bool found() const { return found_; }
  int64_t best_height() const { return best_height_; }
  const std::vector<int64_t>& best_offsets() const { return best_offsets_; }
  int64_t nodes() const { return nodes_; }

 private:
  struct Candidate {
    int64_t offset;
    int32_t rank;
  };
  struct Change {
    int32_t index;  // buffer (min offset) or ~section (floor)
    int64_t value;
  };

  enum class Status { kFound, kExhausted, kStopped };
  // Places the unplaced buffers within sections [first, last).
  Status Search(int64_t last_offset, int32_t last_rank, int32_t first,
                int32_t last);
  Status SearchParts(int32_t first, int32_t last);
  void RaiseFloors();
  bool Place(int32_t k, int64_t offset);  // false when the bound prunes
  void UndoTo(size_t placed_mark, size_t trail_mark);
  bool ShouldStop();
  bool PastDeadline() const;

  const Instance& in_;
  int32_t n_ = 0;
  std::vector<int32_t> by_rank_;      // rank -> buffer
  std::vector<int32_t> twin_before_;  // identical buffer of lower rank, or -1
  std::vector<int32_t> section_begin_, section_end_;
  std::vector<std::vector<int32_t>> section_members_;
  std::vector<int32_t> touched_sections_;
  std::vector<int64_t> section_stamp_;
  int64_t stamp_ = 0;
  std::vector<int64_t> floor_, remaining_;
  // Unplaced buffers crossing the boundary after each section; a zero
  // splits the problem.
  std::vector<int32_t> crossing_;
  std::vector<int32_t> new_cuts_;
  std::vector<int32_t> placed_stack_;
  std::vector<int64_t> min_offset_, offset_;
  std::vector<char> placed_;
  std::vector<Change> trail_;
  std::vector<std::vector<Candidate>> candidates_;  // one list per depth
  int64_t capacity_ = 0;  // placements must end at or below this
  int64_t best_height_ = 0;
  std::vector<int64_t> best_offsets_;
  int64_t nodes_ = 0;
  int64_t run_nodes_ = 0;
  bool found_ = false;
  bool hatless_ = false;  // the last Place raised no unplaced buffer
  bool stopped_ = false;  // cut by a limit
  const SearchLimits* limits_ = nullptr;
};

}  // namespace arenaplan
