// The JSON report of a model plan.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kernels/scratch_source.h"
#include "plan/model_plan.h"

namespace arenaplan {

// Where the plan came from and what else was computed, for the report.
struct ReportContext {
  std::string model_path;  // as given, or "" for the built-in example
  std::string model_sha256;
  std::string recording_path;     // "" = none
  std::optional<double> seconds;  // wall time of the whole command
  // Head TFLM reaches with the offline-plan .tflite (scratch planned
  // online around the pinned tensors), when one was written.
  std::optional<int64_t> offline_tflite_head_bytes;
  // What the scratch part of the list is exact for (--kernels/--recorded);
  // absent: not stated (the kernels fields are null).
  std::optional<ScratchSource> scratch;
};

nlohmann::ordered_json ModelReportJson(const ModelPlan& plan,
                                       const ReportContext& context = {});

}  // namespace arenaplan
