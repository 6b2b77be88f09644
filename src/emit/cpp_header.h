// The C++ header route to TFLM: a BufferPlan (TFLM's memory_plan_struct.h)
// in read-only memory and the digest of the AddBuffer stream it was verified
// for, for arenaplan's runtime/verifying_planner.h (or TFLM's
// NonPersistentMemoryPlannerShim, facts doc section 1, which checks nothing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

// The digest of runtime/plan_digest.h over TFLM's AddBuffer stream `list`
// (sizes, lifetimes, pins; AddBuffer order) with the planned `offsets`
// (one per buffer): what runtime/verifying_planner.cc recomputes on the
// device. Throws arenaplan::Error(kInternal) when the counts differ.
uint32_t StreamDigest(const BufferList& list,
                      const std::vector<int64_t>& offsets);

// The header text: namespace `name` with buffer_plan(), kBufferCount,
// kHeadBytes, kStreamDigest, kSharedPairCount and shared_pairs(). The plan
// must have passed RequireValidPlan (PlanModel does it).
std::string BufferPlanHeader(const ModelPlan& plan, const std::string& name,
                             const HeaderSource& source);

}  // namespace arenaplan
