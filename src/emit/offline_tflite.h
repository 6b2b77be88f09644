// The metadata route to TFLM: the input .tflite plus OfflineMemoryAllocation
// metadata pinning every planned tensor (facts doc section 5). Works with
// stock TFLM; scratch buffers are still planned on the device, around the
// pinned tensors.
//
// No byte of the input is lost and the model's constant data is not copied:
// the input's bytes are kept (moved up as one block when a front region is
// needed) and at most four 4-byte words of it are rewritten. flatbuffers
// offsets only point forward, which decides the layout
// (docs/offline_tflite.md):
// - the metadata words need a Buffer no tensor or other metadata uses. In
//   order of preference: the buffer of the model's own OfflineMemoryAllocation
//   entry, a spare empty buffer (index >= 1, used by nothing), or a new entry
//   at the end of Model.buffers. For the new entry the vector either grows in
//   place (when the input's next object is a Buffer table, that one table is
//   moved after the end with its data, usually a few bytes), or a new vector
//   is written in the front region, pointing forward to the input's Buffer
//   tables (4 bytes per buffer), whichever file is smaller;
// - a new Metadata list (the kept entries plus OfflineMemoryAllocation) and a
//   new root table go in the front region, in front of the input's bytes, so
//   that they can point forward into them. The new root table reads every
//   other field from the old root table's own slots, so fields arenaplan does
//   not know survive as they are.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plan/model_plan.h"

namespace arenaplan {

// How the metadata words reach Model.buffers.
enum class OfflineBufferRoute {
  kOwnEntry,     // the model's OfflineMemoryAllocation buffer, re-pointed
  kSpareBuffer,  // an unused buffer, re-pointed
  kGrownVector,  // Model.buffers grown in place (next Buffer table moved)
  kNewVector,    // a new Model.buffers vector in the front region
};

// "own entry", "spare buffer", "grown vector", "new vector".
const char* OfflineBufferRouteName(OfflineBufferRoute route);

struct OfflineTflite {
  std::vector<uint8_t> bytes;
  OfflineBufferRoute route = OfflineBufferRoute::kOwnEntry;
  uint32_t metadata_buffer = 0;  // Model.buffers index of the words
  size_t metadata_bytes = 0;     // the words: 4 * (3 + tensors)
  // The input's bytes from position 8 on are at position + shift in the
  // output (0: no front region).
  size_t shift = 0;
  // [begin, end) input ranges that were rewritten (4-byte offsets, a vector
  // length, the first word of a moved Buffer table).
  std::vector<std::pair<size_t, size_t>> patched;
  size_t copied_bytes = 0;  // data of the moved Buffer table (kGrownVector)
};

// One offset per tensor of all subgraphs concatenated: the planned offset of
// every tensor the plan places, -1 for the rest (constants, variables,
// zero-byte tensors). Throws arenaplan::Error(kInfeasible) when a placed
// tensor ends beyond 2^31 - 1 (the metadata's int32 words).
std::vector<int32_t> OfflineOffsets(const ModelPlan& plan);

// `input` must have passed ReadModel. Throws arenaplan::Error(kInvalidInput)
// with one line when the metadata cannot be added without loss: a front
// region is needed but the model stores data at absolute file positions
// (Buffer.offset or Operator.large_custom_options_offset > 1), the old root
// table lies beyond 64 KiB of the new one, or the result exceeds
// flatbuffers' 2 GiB.
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
