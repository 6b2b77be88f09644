// The arena over time as a picture: x = time step (named by the op that
// runs at it), y = offset, one rectangle per buffer labelled with its
// tensor, coloured by kind, with the lower bound and TFLM greedy's height
// drawn for comparison, and the device arena beside it. SVG alone, or a
// self-contained HTML page that adds hover details and a buffer table.
#pragma once

#include <string>

#include "arena/arena_size.h"
#include "plan/model_plan.h"

namespace arenaplan {

// `arena` (optional): the device arena drawn beside the plan, to scale:
// the tail and the planning peak next to the head.
std::string ArenaSvg(const ModelPlan& plan,
                     const ArenaRequirement* arena = nullptr);
std::string ArenaHtml(const ModelPlan& plan,
                      const ArenaRequirement* arena = nullptr);

}  // namespace arenaplan
