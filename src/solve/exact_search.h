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
#include <string>
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
  // `keys` ranks the buffers that could go at the same offset, most
  // important key first, larger values first, the index breaking the last
  // ties: T = the most bytes still to place in one of the buffer's time
  // sections, W = sections spanned, L = lifetime length, A = size x length,
  // Z = size. Every independent part is ranked anew when it splits off, so
  // T follows what is left to place there.
  ExactSearch(const Instance& instance, std::string keys);

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
    int32_t buffer;
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
  // Ranks the unplaced buffers of sections [first, last); the ranks they
  // had before are kept on rank_trail_ for RestoreRanks.
  void RankPart(int32_t first, int32_t last);
  void RestoreRanks(size_t mark);
  double Key(char letter, int32_t k) const;
  void RaiseFloors();
  bool Place(int32_t k, int64_t offset);  // false when the bound prunes
  void UndoTo(size_t placed_mark, size_t trail_mark);
  bool ShouldStop();
  bool PastDeadline() const;

  const Instance& in_;
  int32_t n_ = 0;
  std::string keys_;
  std::vector<int32_t> rank_;  // buffer -> rank within its current part
  std::vector<std::pair<int32_t, int32_t>> rank_trail_;  // (buffer, rank)
  std::vector<int32_t> part_buffers_;
  std::vector<double> key_values_;    // keys_.size() per buffer
  std::vector<int32_t> twin_before_;  // identical buffer of lower index, or -1
  std::vector<int32_t> section_begin_, section_end_;
  // Buffers spanning each section, the unplaced ones first; slots_ (from
  // slot_base_[k], one per section of k) says where k stands in each list.
  std::vector<std::vector<int32_t>> section_members_;
  std::vector<int32_t> unplaced_members_;
  std::vector<int32_t> slots_, slot_base_;
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
