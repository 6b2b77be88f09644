// Branch and bound over canonical placements (after MiniMalloc's ideas,
// written anew): buffers are placed in non-decreasing offset order, each at
// the lowest clear offset above the conflicting buffers placed before it (or
// on top of a pinned obstacle). Every placement that cannot be pushed lower
// is reached this way, so exhausting the tree proves the best height found
// minimal. Pruning: per time section, the floor plus the size still to
// place there must fit under the target; a buffer never goes at or above a
// height where another unplaced buffer would fit entirely below it.
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

  // Searches for placements of height <= `capacity`: the first one found
  // when `first_only`, else ever lower ones down to `lower_bound`. True when
  // the search finished (not cut by a limit): then no placement is lower
  // than best_height() (or than capacity + 1 when none was found).
  bool Run(int64_t capacity, int64_t lower_bound, bool first_only,
           const SearchLimits& limits);

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

  void Search(int64_t last_offset, int32_t last_rank);
  void RaiseFloors();
  bool Place(int32_t k, int64_t offset);  // false when the bound prunes
  void Undo(int32_t k, size_t trail_mark);
  void RecordSolution();
  bool ShouldStop();

  const Instance& in_;
  int32_t n_ = 0;
  std::vector<int32_t> by_rank_;  // rank -> buffer
  std::vector<int32_t> section_begin_, section_end_;
  std::vector<std::vector<int32_t>> section_members_;
  std::vector<int32_t> touched_sections_;
  std::vector<int64_t> section_stamp_;
  int64_t stamp_ = 0;
  std::vector<int64_t> floor_, remaining_;
  std::vector<int64_t> min_offset_, offset_;
  std::vector<char> placed_;
  std::vector<Change> trail_;
  std::vector<std::vector<Candidate>> candidates_;  // one list per depth
  int32_t unplaced_ = 0;
  int64_t capacity_ = 0;  // placements must end at or below this
  int64_t lower_bound_ = 0;
  int64_t best_height_ = 0;
  std::vector<int64_t> best_offsets_;
  int64_t nodes_ = 0;
  int64_t run_nodes_ = 0;
  bool first_only_ = false;
  bool found_ = false;
  bool stopped_ = false;  // cut by a limit
  bool done_ = false;     // reached a height nothing can beat
  const SearchLimits* limits_ = nullptr;
};

}  // namespace arenaplan
