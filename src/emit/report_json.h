// The JSON report of a model plan.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/model_plan.h"

namespace arenaplan {

nlohmann::ordered_json ModelReportJson(const ModelPlan& plan);

}  // namespace arenaplan
