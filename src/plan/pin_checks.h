// Checks on the buffers a model pins with OfflineMemoryAllocation metadata,
// which TFLM's GreedyMemoryPlanner takes as given (AddBuffer with an
// offline offset, micro/memory_planner/greedy_memory_planner.cc): it neither
// aligns them nor checks them against each other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan {

// Vela's scratch and fast-scratch tensors ("<prefix>_scratch",
// "<prefix>_scratch_fast"): the NPU's work area, pinned on top of each other
// and of the tensors Vela placed inside it.
bool IsVelaScratch(const ModelBuffer& buffer);

// One line when pinned buffers overlap in memory while both are alive
// (pairs with a Vela scratch tensor, and pairs alive together only while
// Vela's NPU op runs, excepted): the count and the first pair.
// Empty when there is none. Stops looking after a bounded number of pair
// checks and says so.
std::vector<std::string> PinOverlapWarnings(const Model& model,
                                            const BufferList& list);

// The first pinned buffer whose offset is not a multiple of 16, or -1.
int32_t FirstUnalignedPin(const BufferList& list);

}  // namespace arenaplan
