// The C++ header route to TFLM: a BufferPlan (TFLM's memory_plan_struct.h)
// in read-only memory, for arenaplan's runtime/verifying_planner.h or TFLM's
// NonPersistentMemoryPlannerShim (facts doc section 1).
#pragma once

#include <string>

#include "plan/model_plan.h"

namespace arenaplan {

struct HeaderSource {
  std::string model_name;  // file name of the model, or "example"
  std::string model_sha256;
  std::string recording_name;  // file name of the recording, "" = none
  // What the scratch part is exact for (DescribeScratchSource); "" = say
  // only where the scratch buffers came from.
  std::string kernels = "";
};

// A C++ identifier from a model path: the file name without directory and
// extension, other characters replaced by '_', prefixed when it would start
// with a digit or be a keyword ("person_detect.tflite" -> "person_detect").
std::string IdentifierFromPath(const std::string& path);

// Throws arenaplan::Error(kUsage) unless `name` is a C++ identifier that is
// not a keyword.
void RequireIdentifier(const std::string& name);

// Throws arenaplan::Error when the buffer list may lack scratch buffers: a
// BufferPlan must list every AddBuffer call of the user's kernel build.
void RequireCompleteBufferList(const BufferList& list,
                               const std::string& label);

// The header text: namespace `name` with buffer_plan(), kBufferCount,
// kHeadBytes, kSharedPairCount and shared_pairs(). The plan must have
// passed RequireValidPlan (PlanModel does it).
std::string BufferPlanHeader(const ModelPlan& plan, const std::string& name,
                             const HeaderSource& source);

}  // namespace arenaplan
