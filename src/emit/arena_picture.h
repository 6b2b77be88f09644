// The arena over time as a picture: x = time step (named by the op that
// runs at it), y = offset, one rectangle per buffer labelled with its
// tensor, coloured by kind, with the lower bound and TFLM greedy's height
// drawn for comparison. SVG alone, or a self-contained HTML page that adds
// hover details and a buffer table.
#pragma once

#include <string>

#include "plan/model_plan.h"

namespace arenaplan {

std::string ArenaSvg(const ModelPlan& plan);
std::string ArenaHtml(const ModelPlan& plan);

}  // namespace arenaplan
