#include "solve/exact_search.h"

#include <algorithm>
#include <limits>

namespace arenaplan {
namespace {

constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max() / 4;
constexpr int64_t kTickNodes = 1024;

}  // namespace

ExactSearch::ExactSearch(const Instance& instance,
                         const std::vector<int32_t>& preorder)
    : in_(instance), n_(instance.count()), by_rank_(preorder) {
  std::vector<int64_t> times;
  for (int32_t k = 0; k < n_; ++k) {
    times.push_back(in_.lower[k]);
    times.push_back(in_.upper[k]);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  const size_t sections = times.empty() ? 0 : times.size() - 1;
  floor_.assign(sections, 0);
  remaining_.assign(sections, 0);
  section_begin_.resize(n_);
  section_end_.resize(n_);
  for (int32_t k = 0; k < n_; ++k) {
    section_begin_[k] = static_cast<int32_t>(
        std::lower_bound(times.begin(), times.end(), in_.lower[k]) -
        times.begin());
    section_end_[k] = static_cast<int32_t>(
        std::lower_bound(times.begin(), times.end(), in_.upper[k]) -
        times.begin());
  }
  section_members_.resize(sections);
  for (int32_t k = 0; k < n_; ++k) {
    for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
      section_members_[s].push_back(k);
    }
  }
  section_stamp_.assign(sections, 0);
  min_offset_.assign(n_, 0);
  offset_.assign(n_, -1);
  placed_.assign(n_, 0);
  candidates_.resize(n_ + 1);
}

bool ExactSearch::Run(int64_t capacity, int64_t lower_bound, bool first_only,
                      const SearchLimits& limits) {
  limits_ = &limits;
  stopped_ = false;
  done_ = false;
  found_ = false;
  first_only_ = first_only;
  run_nodes_ = 0;
  lower_bound_ = lower_bound;
  best_height_ = capacity + 1;
  best_offsets_.clear();
  capacity_ = capacity;
  if (in_.pinned_top > capacity_) return true;
  // Fresh state: nothing placed.
  std::fill(floor_.begin(), floor_.end(), 0);
  std::fill(remaining_.begin(), remaining_.end(), 0);
  for (int32_t k = 0; k < n_; ++k) {
    for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
      remaining_[s] += in_.size[k];
    }
    min_offset_[k] = LowestClearOffset(in_, k, 0);
    placed_[k] = 0;
  }
  unplaced_ = n_;
  trail_.clear();
  Search(-1, -1);
  return !stopped_;
}

bool ExactSearch::ShouldStop() {
  if (stopped_ || done_) return true;
  ++nodes_;
  ++run_nodes_;
  if (limits_->node_limit > 0 && run_nodes_ > limits_->node_limit) {
    stopped_ = true;
  } else if (run_nodes_ % kTickNodes == 0) {
    if ((limits_->cancel && limits_->cancel->load()) ||
        (limits_->has_deadline &&
         std::chrono::steady_clock::now() >= limits_->deadline)) {
      stopped_ = true;
    } else if (limits_->tick) {
      limits_->tick(best_height_);
    }
  }
  return stopped_;
}

void ExactSearch::RecordSolution() {
  int64_t height = in_.pinned_top;
  for (int32_t k = 0; k < n_; ++k) {
    height = std::max(height, offset_[k] + in_.size[k]);
  }
  if (height >= best_height_) return;
  best_height_ = height;
  best_offsets_ = offset_;
  found_ = true;
  capacity_ = height - in_.granularity;
  // Nothing lower can exist: the search is finished, not cut short.
  if (best_height_ <= lower_bound_ || in_.pinned_top > capacity_) done_ = true;
  if (first_only_) done_ = true;
}

bool ExactSearch::Place(int32_t k, int64_t offset) {
  const int64_t top = offset + in_.size[k];
  offset_[k] = offset;
  placed_[k] = 1;
  --unplaced_;
  for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
    trail_.push_back({~s, floor_[s]});
    floor_[s] = top;
    remaining_[s] -= in_.size[k];
  }
  bool feasible = true;
  ++stamp_;
  touched_sections_.clear();
  for (const int32_t* c = in_.ConflictsBegin(k); c != in_.ConflictsEnd(k);
       ++c) {
    if (placed_[*c] || min_offset_[*c] >= top) continue;
    trail_.push_back({*c, min_offset_[*c]});
    min_offset_[*c] = LowestClearOffset(in_, *c, top);
    if (min_offset_[*c] + in_.size[*c] > capacity_) feasible = false;
    for (int32_t s = section_begin_[*c]; s < section_end_[*c]; ++s) {
      if (section_stamp_[s] == stamp_) continue;
      section_stamp_[s] = stamp_;
      touched_sections_.push_back(s);
    }
  }
  if (!feasible) return false;
  RaiseFloors();
  // Everything still to place sits at or above `offset` (placement order)
  // and above each section's floor.
  for (size_t s = 0; s < floor_.size(); ++s) {
    if (std::max(floor_[s], offset) + remaining_[s] > capacity_) return false;
  }
  return true;
}

// No unplaced buffer of a section can go below the lowest of their minimum
// offsets, so that is a floor too.
void ExactSearch::RaiseFloors() {
  for (int32_t s : touched_sections_) {
    int64_t lowest = kInfinity;
    for (int32_t k : section_members_[s]) {
      if (!placed_[k]) lowest = std::min(lowest, min_offset_[k]);
    }
    if (lowest != kInfinity && lowest > floor_[s]) {
      trail_.push_back({~s, floor_[s]});
      floor_[s] = lowest;
    }
  }
}

void ExactSearch::Undo(int32_t k, size_t trail_mark) {
  while (trail_.size() > trail_mark) {
    const Change& change = trail_.back();
    if (change.index < 0) {
      floor_[~change.index] = change.value;
    } else {
      min_offset_[change.index] = change.value;
    }
    trail_.pop_back();
  }
  for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
    remaining_[s] += in_.size[k];
  }
  placed_[k] = 0;
  offset_[k] = -1;
  ++unplaced_;
}

void ExactSearch::Search(int64_t last_offset, int32_t last_rank) {
  if (ShouldStop()) return;
  if (unplaced_ == 0) {
    RecordSolution();
    return;
  }
  // A buffer placed at or above `min_height` would leave room below it for
  // a whole unplaced buffer: such placements can be pushed lower.
  int64_t min_height = kInfinity;
  for (int32_t k = 0; k < n_; ++k) {
    if (!placed_[k]) {
      min_height = std::min(min_height, min_offset_[k] + in_.size[k]);
    }
  }
  std::vector<Candidate>& candidates = candidates_[unplaced_];
  candidates.clear();
  auto consider = [&](int64_t offset, int32_t rank) {
    if (offset < last_offset || (offset == last_offset && rank <= last_rank)) {
      return;
    }
    if (offset >= min_height) return;
    candidates.push_back({offset, rank});
  };
  for (int32_t rank = 0; rank < n_; ++rank) {
    const int32_t k = by_rank_[rank];
    if (placed_[k]) continue;
    consider(min_offset_[k], rank);
    // Resting on a pinned buffer above the lowest clear offset.
    for (const Obstacle& o : in_.obstacles[k]) {
      const int64_t on_top = AlignUp(o.end, in_.alignment[k]);
      if (on_top > min_offset_[k] &&
          LowestClearOffset(in_, k, on_top) == on_top) {
        consider(on_top, rank);
      }
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.offset != b.offset ? a.offset < b.offset
                                          : a.rank < b.rank;
            });
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate candidate = candidates[i];
    const int32_t k = by_rank_[candidate.rank];
    if (candidate.offset + in_.size[k] > capacity_) continue;
    const size_t mark = trail_.size();
    if (Place(k, candidate.offset)) Search(candidate.offset, candidate.rank);
    Undo(k, mark);
    if (stopped_ || done_) return;
  }
}

}  // namespace arenaplan
