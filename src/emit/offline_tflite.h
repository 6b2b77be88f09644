// The metadata route to TFLM: the input .tflite plus OfflineMemoryAllocation
// metadata pinning every planned tensor (facts doc section 5). Works with
// stock TFLM; scratch buffers are still planned on the device, around the
// pinned tensors.
//
// The writer is append-only: the input's bytes stay where they are, new
// tables and vectors go after the end, and only a few 4-byte offsets of the
// input are re-pointed (listed in `patched`), so nothing arenaplan's reduced
// schema does not know can be lost. flatbuffers offsets only point forward,
// which decides how the new metadata is reached:
// - the buffer for the metadata words: a buffer nothing else uses (an old
//   OfflineMemoryAllocation buffer or an unreferenced one) gets a new Buffer
//   table by re-pointing its slot in Model.buffers; when there is none, a new
//   buffers vector is appended with copies of every Buffer table and its
//   data (the file grows by the model's constant data; `copied_bytes`);
// - the metadata list: Model.metadata is re-pointed to a new vector (kept
//   entries copied); a model without that field gets a new vtable for its
//   root table, which either reaches a slot appended at the end (files under
//   64 KiB) or starts the root table inside its old vtable, which the root
//   table no longer uses (flatbuffers builders write it between the file
//   identifier and the root table).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plan/model_plan.h"

namespace arenaplan {

struct OfflineTflite {
  std::vector<uint8_t> bytes;
  // [begin, end) byte ranges of the input that were re-pointed.
  std::vector<std::pair<size_t, size_t>> patched;
  size_t copied_bytes = 0;  // input buffer data copied into the new part
};

// One offset per tensor of all subgraphs concatenated: the planned offset of
// every tensor the plan places, -1 for the rest (constants, variables,
// zero-byte tensors).
std::vector<int32_t> OfflineOffsets(const ModelPlan& plan);

// `input` must have passed ReadModel. Throws arenaplan::Error when the
// result would exceed flatbuffers' 2 GiB or the input's layout leaves no
// append-only way (named in the message).
OfflineTflite AddOfflinePlan(const std::vector<uint8_t>& input,
                             const std::vector<int32_t>& offsets,
                             int32_t subgraph_count, const std::string& label);

// Reads `tflite` back (flatbuffers Verifier, ReadModel, DeriveBufferList)
// and checks that its tensor buffers are `plan`'s, each pinned at its
// planned offset. Throws arenaplan::Error(kInternal) otherwise. Returns the
// head TFLM's greedy planner reaches placing the scratch buffers (from the
// recording, when the plan has one) around the pinned tensors.
int64_t CheckOfflineTflite(const std::vector<uint8_t>& tflite,
                           const ModelPlan& plan);

}  // namespace arenaplan
