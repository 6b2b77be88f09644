#include "solve/heuristics.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <numeric>

namespace arenaplan {

std::vector<int64_t> FirstFitPlacement(const Instance& instance,
                                       const std::vector<int32_t>& order) {
  const int32_t n = instance.count();
  std::vector<int64_t> offsets(n, -1);
  std::vector<Obstacle> taken;
  for (int32_t k : order) {
    taken.assign(instance.obstacles[k].begin(), instance.obstacles[k].end());
    for (const int32_t* c = instance.ConflictsBegin(k);
         c != instance.ConflictsEnd(k); ++c) {
      if (offsets[*c] >= 0) {
        taken.push_back({offsets[*c], offsets[*c] + instance.size[*c]});
      }
    }
    std::sort(taken.begin(), taken.end(),
              [](const Obstacle& a, const Obstacle& b) {
                return a.offset < b.offset;
              });
    // One pass suffices: an interval skipped earlier ends at or below the
    // current candidate, which only moves up.
    int64_t offset = 0;
    for (const Obstacle& t : taken) {
      if (t.offset >= offset + instance.size[k]) break;
      if (t.end > offset) offset = AlignUp(t.end, instance.alignment[k]);
    }
    offsets[k] = offset;
  }
  return offsets;
}

int64_t InstanceHeight(const Instance& instance,
                       const std::vector<int64_t>& offsets) {
  int64_t height = instance.pinned_top;
  for (int32_t k = 0; k < instance.count(); ++k) {
    height = std::max(height, offsets[k] + instance.size[k]);
  }
  return height;
}

std::vector<int64_t> PressureOfBuffers(const Instance& instance) {
  const int32_t n = instance.count();
  std::vector<int64_t> times;
  times.reserve(2 * n);
  for (int32_t k = 0; k < n; ++k) {
    times.push_back(instance.lower[k]);
    times.push_back(instance.upper[k]);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  auto index = [&](int64_t t) {
    return std::lower_bound(times.begin(), times.end(), t) - times.begin();
  };
  std::vector<int64_t> live(times.size() + 1, 0);
  for (int32_t k = 0; k < n; ++k) {
    live[index(instance.lower[k])] += instance.size[k];
    live[index(instance.upper[k])] -= instance.size[k];
  }
  for (size_t s = 1; s < live.size(); ++s) live[s] += live[s - 1];
  // Sparse table for range maxima over the time steps.
  std::vector<std::vector<int64_t>> table{live};
  for (size_t width = 1; 2 * width <= live.size(); width *= 2) {
    const std::vector<int64_t>& prev = table.back();
    std::vector<int64_t> next(live.size() - 2 * width + 1);
    for (size_t s = 0; s < next.size(); ++s) {
      next[s] = std::max(prev[s], prev[s + width]);
    }
    table.push_back(std::move(next));
  }
  std::vector<int64_t> pressure(n);
  for (int32_t k = 0; k < n; ++k) {
    const size_t from = index(instance.lower[k]);
    const size_t to = index(instance.upper[k]);  // exclusive
    size_t level = 0;
    while ((size_t{2} << level) <= to - from) ++level;
    pressure[k] =
        std::max(table[level][from], table[level][to - (size_t{1} << level)]);
  }
  return pressure;
}

std::vector<HeuristicPlacement> HeuristicPortfolio(
    const Instance& instance, const std::function<bool(double)>& time_left) {
  const int32_t n = instance.count();
  const std::vector<int64_t> pressure = PressureOfBuffers(instance);
  auto length = [&](int32_t k) {
    return instance.upper[k] - instance.lower[k];
  };
  using Key = std::function<bool(int32_t, int32_t)>;
  // Each comparator is a strict order with the index as the last tie-break,
  // so every order (and so every placement) is deterministic.
  const std::vector<std::pair<std::string, Key>> orders = {
      {"size",
       [&](int32_t a, int32_t b) {
         if (instance.size[a] != instance.size[b]) {
           return instance.size[a] > instance.size[b];
         }
         if (length(a) != length(b)) return length(a) > length(b);
         return a < b;
       }},
      {"lifetime",
       [&](int32_t a, int32_t b) {
         if (length(a) != length(b)) return length(a) > length(b);
         if (instance.size[a] != instance.size[b]) {
           return instance.size[a] > instance.size[b];
         }
         return a < b;
       }},
      {"area",
       [&](int32_t a, int32_t b) {
         const auto area_a = static_cast<double>(instance.size[a]) * length(a);
         const auto area_b = static_cast<double>(instance.size[b]) * length(b);
         if (area_a != area_b) return area_a > area_b;
         return a < b;
       }},
      {"pressure",
       [&](int32_t a, int32_t b) {
         if (pressure[a] != pressure[b]) return pressure[a] > pressure[b];
         if (instance.size[a] != instance.size[b]) {
           return instance.size[a] > instance.size[b];
         }
         if (length(a) != length(b)) return length(a) > length(b);
         return a < b;
       }},
      {"start",
       [&](int32_t a, int32_t b) {
         if (instance.lower[a] != instance.lower[b]) {
           return instance.lower[a] < instance.lower[b];
         }
         if (instance.size[a] != instance.size[b]) {
           return instance.size[a] > instance.size[b];
         }
         return a < b;
       }},
  };
  std::vector<HeuristicPlacement> result;
  std::vector<int32_t> order(n);
  for (const auto& [name, less] : orders) {
    const auto begin = std::chrono::steady_clock::now();
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), less);
    HeuristicPlacement placement;
    placement.offsets = FirstFitPlacement(instance, order);
    placement.height = InstanceHeight(instance, placement.offsets);
    placement.name = "first-fit by " + name;
    result.push_back(std::move(placement));
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
            .count();
    if (time_left && !time_left(took)) break;
  }
  return result;
}

}  // namespace arenaplan
