#include "solve/exact_search.h"

#include <algorithm>
#include <limits>

namespace arenaplan {
namespace {

constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max() / 4;
constexpr int64_t kTickNodes = 256;

}  // namespace

ExactSearch::ExactSearch(const Instance& instance, std::string keys)
    : in_(instance), n_(instance.count()), keys_(std::move(keys)) {
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
  crossing_.assign(sections, 0);
  section_begin_.resize(n_);
  section_end_.resize(n_);
  section_members_.resize(sections);
  for (int32_t k = 0; k < n_; ++k) {
    section_begin_[k] = static_cast<int32_t>(
        std::lower_bound(times.begin(), times.end(), in_.lower[k]) -
        times.begin());
    section_end_[k] = static_cast<int32_t>(
        std::lower_bound(times.begin(), times.end(), in_.upper[k]) -
        times.begin());
    slot_base_.push_back(static_cast<int32_t>(slots_.size()));
    for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
      slots_.push_back(static_cast<int32_t>(section_members_[s].size()));
      section_members_[s].push_back(k);
    }
  }
  unplaced_members_.resize(sections);
  // Identical buffers are interchangeable: each goes only after its twin
  // of the next lower index (which also ranks lower: their keys are equal),
  // which cuts the mirrored subtrees.
  twin_before_.assign(n_, -1);
  for (int32_t k = 1; k < n_; ++k) {
    for (int32_t j = k - 1; j >= 0; --j) {
      if (in_.size[j] == in_.size[k] && in_.lower[j] == in_.lower[k] &&
          in_.upper[j] == in_.upper[k] &&
          in_.alignment[j] == in_.alignment[k]) {
        twin_before_[k] = j;
        break;
      }
    }
  }
  section_stamp_.assign(sections, 0);
  rank_.assign(n_, 0);
  min_offset_.assign(n_, 0);
  offset_.assign(n_, -1);
  placed_.assign(n_, 0);
  candidates_.resize(n_ + 1);
}

bool ExactSearch::Run(int64_t capacity, const SearchLimits& limits) {
  limits_ = &limits;
  stopped_ = false;
  found_ = false;
  run_nodes_ = 0;
  best_offsets_.clear();
  best_height_ = 0;
  capacity_ = capacity;
  if (in_.pinned_top > capacity_) return true;
  std::fill(floor_.begin(), floor_.end(), 0);
  std::fill(remaining_.begin(), remaining_.end(), 0);
  std::fill(crossing_.begin(), crossing_.end(), 0);
  for (int32_t k = 0; k < n_; ++k) {
    for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
      remaining_[s] += in_.size[k];
      if (s + 1 < section_end_[k]) ++crossing_[s];
    }
    min_offset_[k] = LowestClearOffset(in_, k, 0);
    offset_[k] = -1;
    placed_[k] = 0;
  }
  for (size_t s = 0; s < section_members_.size(); ++s) {
    unplaced_members_[s] = static_cast<int32_t>(section_members_[s].size());
  }
  for (int32_t k = 0; k < n_; ++k) {
    if (min_offset_[k] + in_.size[k] > capacity_) return true;
  }
  trail_.clear();
  placed_stack_.clear();
  rank_trail_.clear();
  const Status status = SearchParts(0, static_cast<int32_t>(floor_.size()));
  if (status == Status::kFound) {
    found_ = true;
    best_offsets_ = offset_;
    best_height_ = in_.pinned_top;
    for (int32_t k = 0; k < n_; ++k) {
      best_height_ = std::max(best_height_, offset_[k] + in_.size[k]);
    }
  }
  return status != Status::kStopped;
}

bool ExactSearch::ShouldStop() {
  if (stopped_) return true;
  ++nodes_;
  ++run_nodes_;
  if ((limits_->node_limit > 0 && run_nodes_ > limits_->node_limit) ||
      (limits_->cancel && limits_->cancel->load(std::memory_order_relaxed)) ||
      PastDeadline()) {
    stopped_ = true;
  } else if (run_nodes_ % kTickNodes == 0 && limits_->tick) {
    limits_->tick(capacity_);
  }
  return stopped_;
}

// Nodes of big problems can take long, so the clock is read at every node
// and every few placements tried within one.
bool ExactSearch::PastDeadline() const {
  return limits_->has_deadline &&
         std::chrono::steady_clock::now() >= limits_->deadline;
}

bool ExactSearch::Place(int32_t k, int64_t offset) {
  const int64_t top = offset + in_.size[k];
  offset_[k] = offset;
  placed_[k] = 1;
  placed_stack_.push_back(k);
  new_cuts_.clear();
  for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
    trail_.push_back({~s, floor_[s]});
    floor_[s] = top;
    remaining_[s] -= in_.size[k];
    // k moves behind the unplaced members of s.
    std::vector<int32_t>& members = section_members_[s];
    const int32_t from = slots_[slot_base_[k] + s - section_begin_[k]];
    const int32_t to = --unplaced_members_[s];
    const int32_t other = members[to];
    std::swap(members[from], members[to]);
    slots_[slot_base_[other] + s - section_begin_[other]] = from;
    slots_[slot_base_[k] + s - section_begin_[k]] = to;
    if (s + 1 < section_end_[k] && --crossing_[s] == 0) new_cuts_.push_back(s);
  }
  const size_t first_raise = trail_.size();
  hatless_ = true;
  for (const int32_t* c = in_.ConflictsBegin(k); c != in_.ConflictsEnd(k);
       ++c) {
    if (placed_[*c] || min_offset_[*c] >= top) continue;
    hatless_ = false;
    trail_.push_back({*c, min_offset_[*c]});
    min_offset_[*c] = LowestClearOffset(in_, *c, top);
    if (min_offset_[*c] + in_.size[*c] > capacity_) return false;
  }
  // Sections whose floor may rise: those of k, and those where a raised
  // buffer was at the floor.
  ++stamp_;
  touched_sections_.clear();
  for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
    section_stamp_[s] = stamp_;
    touched_sections_.push_back(s);
  }
  for (size_t t = first_raise; t < trail_.size(); ++t) {
    const int32_t c = trail_[t].index;
    const int64_t old = trail_[t].value;
    for (int32_t s = section_begin_[c]; s < section_end_[c]; ++s) {
      if (floor_[s] != old || section_stamp_[s] == stamp_) continue;
      section_stamp_[s] = stamp_;
      touched_sections_.push_back(s);
    }
  }
  RaiseFloors();
  for (int32_t s : touched_sections_) {
    if (floor_[s] + remaining_[s] > capacity_) return false;
  }
  return true;
}

// No unplaced buffer of a section can go below the lowest of their minimum
// offsets, so that is a floor too.
void ExactSearch::RaiseFloors() {
  for (int32_t s : touched_sections_) {
    int64_t lowest = kInfinity;
    const std::vector<int32_t>& members = section_members_[s];
    for (int32_t i = 0; i < unplaced_members_[s]; ++i) {
      const int32_t k = members[i];
      lowest = std::min(lowest, min_offset_[k]);
      if (lowest <= floor_[s]) break;  // the floor stays
    }
    if (lowest != kInfinity && lowest > floor_[s]) {
      trail_.push_back({~s, floor_[s]});
      floor_[s] = lowest;
    }
  }
}

void ExactSearch::UndoTo(size_t placed_mark, size_t trail_mark) {
  while (trail_.size() > trail_mark) {
    const Change& change = trail_.back();
    if (change.index < 0) {
      floor_[~change.index] = change.value;
    } else {
      min_offset_[change.index] = change.value;
    }
    trail_.pop_back();
  }
  while (placed_stack_.size() > placed_mark) {
    const int32_t k = placed_stack_.back();
    placed_stack_.pop_back();
    for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
      remaining_[s] += in_.size[k];
      if (s + 1 < section_end_[k]) ++crossing_[s];
      ++unplaced_members_[s];  // undone last in, first out: k is next
    }
    placed_[k] = 0;
    offset_[k] = -1;
  }
}

// Sections [first, last) split wherever no unplaced buffer crosses; each
// part is placed on its own, the tightest first so that a part that cannot
// fit is found early.
ExactSearch::Status ExactSearch::SearchParts(int32_t first, int32_t last) {
  struct Part {
    int32_t first, last;
    int64_t tightness;
  };
  std::vector<Part> parts;
  int32_t begin = first;
  int64_t tightness = 0;
  for (int32_t s = first; s < last; ++s) {
    tightness = std::max(tightness, floor_[s] + remaining_[s]);
    if (s + 1 == last || crossing_[s] == 0) {
      if (tightness > 0) parts.push_back({begin, s + 1, tightness});
      begin = s + 1;
      tightness = 0;
    }
  }
  std::stable_sort(
      parts.begin(), parts.end(),
      [](const Part& a, const Part& b) { return a.tightness > b.tightness; });
  for (const Part& part : parts) {
    const size_t rank_mark = rank_trail_.size();
    RankPart(part.first, part.last);
    const Status status = Search(-1, -1, part.first, part.last);
    RestoreRanks(rank_mark);
    if (status != Status::kFound) return status;
  }
  return Status::kFound;
}

double ExactSearch::Key(char letter, int32_t k) const {
  switch (letter) {
    case 'T': {
      int64_t most = 0;
      for (int32_t s = section_begin_[k]; s < section_end_[k]; ++s) {
        most = std::max(most, remaining_[s]);
      }
      return static_cast<double>(most);
    }
    case 'W':
      return section_end_[k] - section_begin_[k];
    case 'L':
      return static_cast<double>(in_.upper[k] - in_.lower[k]);
    case 'Z':
      return static_cast<double>(in_.size[k]);
    default:
      return static_cast<double>(in_.size[k]) *
             static_cast<double>(in_.upper[k] - in_.lower[k]);
  }
}

void ExactSearch::RankPart(int32_t first, int32_t last) {
  part_buffers_.clear();
  for (int32_t k = 0; k < n_; ++k) {
    if (!placed_[k] && section_begin_[k] >= first && section_end_[k] <= last) {
      part_buffers_.push_back(k);
    }
  }
  const size_t width = keys_.size();
  key_values_.resize(static_cast<size_t>(n_) * width);
  for (int32_t k : part_buffers_) {
    for (size_t i = 0; i < width; ++i)
      key_values_[k * width + i] = Key(keys_[i], k);
  }
  std::sort(part_buffers_.begin(), part_buffers_.end(),
            [&](int32_t a, int32_t b) {
              for (size_t i = 0; i < width; ++i) {
                const double ka = key_values_[a * width + i];
                const double kb = key_values_[b * width + i];
                if (ka != kb) return ka > kb;
              }
              return a < b;
            });
  for (size_t r = 0; r < part_buffers_.size(); ++r) {
    const int32_t k = part_buffers_[r];
    rank_trail_.push_back({k, rank_[k]});
    rank_[k] = static_cast<int32_t>(r);
  }
}

void ExactSearch::RestoreRanks(size_t mark) {
  while (rank_trail_.size() > mark) {
    rank_[rank_trail_.back().first] = rank_trail_.back().second;
    rank_trail_.pop_back();
  }
}

ExactSearch::Status ExactSearch::Search(int64_t last_offset, int32_t last_rank,
                                        int32_t first, int32_t last) {
  if (ShouldStop()) return Status::kStopped;
  // A buffer placed at or above `min_height` would leave room below it for
  // a whole unplaced buffer: such placements can be pushed lower.
  int64_t min_height = kInfinity;
  int32_t unplaced = 0;
  for (int32_t k = 0; k < n_; ++k) {
    if (placed_[k] || section_begin_[k] < first || section_end_[k] > last) {
      continue;
    }
    ++unplaced;
    min_height = std::min(min_height, min_offset_[k] + in_.size[k]);
  }
  if (unplaced == 0) return Status::kFound;
  std::vector<Candidate>& candidates = candidates_[placed_stack_.size()];
  candidates.clear();
  auto consider = [&](int64_t offset, int32_t rank, int32_t k) {
    if (offset < last_offset || (offset == last_offset && rank <= last_rank)) {
      return;
    }
    if (offset >= min_height) return;
    candidates.push_back({offset, rank, k});
  };
  for (int32_t k = 0; k < n_; ++k) {
    const int32_t rank = rank_[k];
    if (placed_[k] || section_begin_[k] < first || section_end_[k] > last) {
      continue;
    }
    if (twin_before_[k] >= 0 && !placed_[twin_before_[k]]) continue;
    consider(min_offset_[k], rank, k);
    // Resting on a pinned buffer above the lowest clear offset.
    for (const Obstacle& o : in_.obstacles[k]) {
      const int64_t on_top = AlignUp(o.end, in_.alignment[k]);
      if (on_top > min_offset_[k] &&
          LowestClearOffset(in_, k, on_top) == on_top) {
        consider(on_top, rank, k);
      }
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.offset != b.offset ? a.offset < b.offset
                                          : a.rank < b.rank;
            });
  int64_t checked_offset = -1;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate candidate = candidates[i];
    const int32_t k = candidate.buffer;
    if (candidate.offset != checked_offset) {
      // Everything left in the part goes at or above this offset, whichever
      // buffer takes it; if that overflows a section, so do all higher
      // offsets.
      checked_offset = candidate.offset;
      for (int32_t s = first; s < last; ++s) {
        if (std::max(floor_[s], checked_offset) + remaining_[s] > capacity_) {
          return Status::kExhausted;
        }
      }
    }
    if (candidate.offset + in_.size[k] > capacity_) continue;
    if (i % 64 == 63 && PastDeadline()) {
      stopped_ = true;
      return Status::kStopped;
    }
    const size_t placed_mark = placed_stack_.size();
    const size_t trail_mark = trail_.size();
    Status status = Status::kExhausted;
    const bool placed = Place(k, candidate.offset);
    const bool hatless = hatless_;
    if (placed) {
      status = new_cuts_.empty()
                   ? Search(candidate.offset, candidate.rank, first, last)
                   : SearchParts(first, last);
    }
    if (status == Status::kFound) return status;
    UndoTo(placed_mark, trail_mark);
    if (status == Status::kStopped) return status;
    // k raised no unplaced buffer, so the rest did not depend on it (and k
    // could always drop back here): if the rest cannot be placed with k
    // here, it cannot with k placed later either.
    if (placed && hatless) return Status::kExhausted;
  }
  return Status::kExhausted;
}

}  // namespace arenaplan
