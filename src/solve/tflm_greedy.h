// A bit-exact replica of TFLM's GreedyMemoryPlanner (facts doc section 6):
// the baseline every arenaplan plan is compared with and never worse than.
#pragma once

#include "problem/problem.h"

namespace arenaplan {

// Places the buffers exactly as TFLM's GreedyMemoryPlanner would, given them
// in AddBuffer order: pinned buffers at their fixed offsets, the rest by size
// (largest first, ties highest index first) into the first gap between
// time-conflicting placed buffers. Ignores shared groups and alignment (TFLM
// knows neither); pass CollapseGroups(p).collapsed to plan groups.
Plan TflmGreedyPlan(const Problem& problem);

}  // namespace arenaplan
