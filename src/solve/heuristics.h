// Constructive placements: fast, no proof. The solver keeps the best of a
// small portfolio of orders and starts the exact search from it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "solve/instance.h"

namespace arenaplan {

// Places free buffers one by one in `order`, each at the lowest aligned
// offset clear of its obstacles and of the conflicting buffers placed
// before it. Returns one offset per free buffer.
std::vector<int64_t> FirstFitPlacement(const Instance& instance,
                                       const std::vector<int32_t>& order);

// Highest end over the free buffers placed at `offsets` and the pinned ones.
int64_t InstanceHeight(const Instance& instance,
                       const std::vector<int64_t>& offsets);

// For each free buffer, the largest total size of free buffers live at one
// time step within its lifetime ("conflict pressure").
std::vector<int64_t> PressureOfBuffers(const Instance& instance);

struct HeuristicPlacement {
  std::vector<int64_t> offsets;  // per free buffer
  int64_t height = 0;
  std::string name;
};

// The placements of the portfolio (by size, by lifetime, by area, by
// conflict pressure, by start time), in a fixed order. The first always
// runs; each further one only while `time_left` says another placement as
// long as the last one fits (seconds -> bool), so huge problems keep to the
// time limit.
std::vector<HeuristicPlacement> HeuristicPortfolio(
    const Instance& instance,
    const std::function<bool(double)>& time_left = nullptr);

}  // namespace arenaplan
