// In-place sharing: which op outputs may take the bytes of an input that
// dies at that op (docs/inplace.md lists the audited kernels and why).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"
#include "problem/problem.h"

namespace arenaplan {

enum class InplaceMode {
  kOff,   // TFLM's buffer list exactly, no sharing
  kSafe,  // RESHAPE and DYNAMIC_UPDATE_SLICE, whose kernels skip the copy
  kElementwise,  // safe, plus the audited element-wise kernels
};

// "off", "safe", "elementwise".
const char* InplaceModeName(InplaceMode mode);
// Throws arenaplan::Error(kUsage) for any other text.
InplaceMode ParseInplaceMode(const std::string& text);

// Op `op` of `subgraph` writes its output into the bytes of its input.
struct SharedPair {
  int32_t subgraph = 0;
  int32_t op = 0;
  int32_t input_position = 0;  // which of the op's inputs is shared
  int32_t input_buffer = 0;    // indices into the BufferList / Problem
  int32_t output_buffer = 0;
};

// The pairs allowed in `mode`, in execution order. A pair needs: an audited
// op (not control flow); the input's TFLM lifetime ends at the op's (unique)
// time step and the output's starts there; the input is no subgraph input
// or output and appears once among the op's inputs; neither tensor is a
// variable, pinned by metadata or marked in `preserved` (indexed by buffer);
// equal element types and byte lengths (element-wise ops: equal shapes).
std::vector<SharedPair> FindSharedPairs(const Model& model,
                                        const BufferList& list,
                                        InplaceMode mode,
                                        const std::vector<bool>& preserved);

// Chains of pairs become one group each (A -> B -> C: {A, B, C}); members
// ascending, groups ordered by their first member.
std::vector<SharedGroup> GroupsFromPairs(const std::vector<SharedPair>& pairs,
                                         size_t buffer_count);

}  // namespace arenaplan
