// TFLM's non-persistent buffer list for a model: the exact sequence of
// AddBuffer calls MicroAllocator makes at AllocateTensors() (facts doc
// sections 2 and 3): which tensors, in which order, with which sizes and
// lifetimes, followed by the kernels' scratch buffers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace arenaplan {

enum class BufferKind { kTensor, kScratch };

// "tensor" or "scratch", as the CSV listing and the JSON report name it.
inline const char* BufferKindName(BufferKind kind) {
  return kind == BufferKind::kTensor ? "tensor" : "scratch";
}

struct ModelBuffer {
  BufferKind kind = BufferKind::kTensor;
  int32_t subgraph = -1;  // -1 for scratch
  int32_t index = 0;      // tensor index, or scratch request number
  std::string name;
  // TFLM's closed lifetime [first_time_used, last_time_used]; -1 = never.
  int32_t first = -1;
  int32_t last = -1;
  int64_t size = 0;  // bytes passed to AddBuffer (rounded up to 16)
  std::optional<int32_t> pinned_offset;  // from OfflineMemoryAllocation
};

// One step of TFLM's allocation-scope counter: the op that runs at it.
struct TimeStep {
  int32_t subgraph = 0;
  int32_t op = -1;  // -1: the subgraph's entry (its inputs are created)
};

// The lifetime TFLM gives an op's scratch buffers
// (AllocationInfoBuilder::MarkAllocationLifetimes): first = the step at which
// the op's outputs are created on its first visit, last = the step after its
// called subgraphs on its last visit. (-1, -1): the op is never run.
struct OpLifetime {
  int32_t first = -1;
  int32_t last = -1;
};

// An op whose kernel requests scratch memory in Prepare under some kernel
// library (kernels/derive_scratch.h ScratchRequestingOps fills these).
struct ScratchRequestingOp {
  int32_t subgraph = 0;
  int32_t op = 0;
  std::string op_name;
  std::string reason;  // what the buffers are for, or why bytes is unknown
  // Total bytes of its scratch buffers as TFLM passes them (each rounded up
  // to 16); nullopt: the library's rule for this op is unknown.
  std::optional<int64_t> bytes;
  int32_t requests = 0;  // RequestScratchBufferInArena calls
};

struct BufferList {
  std::vector<ModelBuffer> buffers;  // AddBuffer order: tensors, then scratch
  size_t tensor_count = 0;
  bool scratch_recorded = false;  // the scratch part came from a recording
  // Ops whose scratch buffers the list lacks (tensor-only list, no
  // recording): set by the caller from ScratchRequestingOps; DeriveBufferList
  // leaves it empty (kernel knowledge lives in src/kernels/).
  std::vector<ScratchRequestingOp> scratch_ops;
  std::vector<TimeStep> steps;  // indexed by time step (lifetime value)
  // [subgraph][op]: the lifetime of that op's scratch buffers.
  std::vector<std::vector<OpLifetime>> op_lifetimes;
};

// Derives the tensor part of TFLM's buffer list. Throws arenaplan::Error
// ("<label>: ...") where TFLM's AllocateTensors would fail.
BufferList DeriveBufferList(const Model& model, const std::string& label);

// The shape a tensor has after its producer's Prepare (RESHAPE resolves -1
// and the legacy [0] scalar); `shapes` holds all tensors of one subgraph.
int64_t ElementCount(const std::vector<int32_t>& shape);

// "1x96x96x8" style, "scalar" for [].
std::string ShapeString(const std::vector<int32_t>& shape);

// Dims of every tensor of every subgraph after all kernels' Prepare.
std::vector<std::vector<std::vector<int32_t>>> PreparedShapes(
    const Model& model, const std::string& label);

}  // namespace arenaplan
