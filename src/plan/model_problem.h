// Turns TFLM's buffer list into the planning problem: one buffer per
// AddBuffer call, in the same order, 16-byte aligned, pinned buffers fixed.
#pragma once

#include "model/buffer_list.h"
#include "problem/problem.h"

namespace arenaplan {

constexpr int64_t kTflmBufferAlignment = 16;

Problem ProblemFromBufferList(const BufferList& list);

}  // namespace arenaplan
