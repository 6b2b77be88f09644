// The calls between subgraphs (IF, WHILE, CALL_ONCE) must form no cycle:
// TFLM's lifetime pass (AllocationInfoBuilder::MarkAllocationLifetimes in
// micro/micro_allocation_info.cc) follows every call, so a cycle makes
// AllocateTensors fail.
#pragma once

#include <string>

#include "model/model.h"

namespace arenaplan {

// Throws arenaplan::Error "<label>: subgraph S op I (IF): control-flow
// cycle: subgraph 1 → 2 → 1 (...)" naming the op that closes the first
// cycle found (depth-first from subgraph 0, then the others in order) and
// every subgraph on it.
void CheckCallCycles(const Model& model, const std::string& label);

}  // namespace arenaplan
