// The replay of AllocateTensors behind SimulateAllocateTensors (internal to
// src/arena/): one object per replay, its phases split over
// allocate_tensors.cc (allocator objects, model allocation, memory planning,
// input/output tensors) and replay_kernels.cc (kernels' Init and Prepare).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "arena/abi_layout.h"
#include "arena/allocate_tensors.h"
#include "model/buffer_list.h"

namespace arenaplan::arena_internal {

// BuiltinOperator_VAR_HANDLE.
constexpr int32_t kVarHandle = 142;
// kMaxScratchBuffersPerOp (micro_allocator.cc).
constexpr int64_t kMaxScratchBuffersPerOp = 12;
// MicroArenaBufferAlignment().
constexpr int64_t kArenaAlignment = 16;
// GreedyMemoryPlanner::per_buffer_size(): requirements, two sort arrays,
// a list entry and an offset per buffer.
constexpr int64_t kGreedyBytesPerBuffer = 40;

inline std::string Where(const Model& model, int32_t s, int32_t i) {
  return "subgraph " + std::to_string(s) + " op " + std::to_string(i) + " (" +
         OperatorName(model.subgraphs[s].operators[i]) + ")";
}

// TFLM's name of an op in its logs: the custom name, or the builtin's.
inline std::string TflmOpName(const ModelOperator& op) {
  std::string name = OperatorName(op);
  const std::string prefix = "CUSTOM:";
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

// The quantization records InitializeTfLiteTensorFromFlatbuffer allocates:
// only when the tensor has both scales and zero points.
inline bool HasAffineQuantization(const ModelTensor& t) {
  return !t.quantization.scale.empty() && !t.quantization.zero_point.empty();
}

class Replay {
 public:
  Replay(const Model& model, const BufferList& list, const ArenaSetup& setup,
         const std::string& label)
      : model_(model),
        list_(list),
        setup_(setup),
        layout_(LayoutOf(setup.abi)),
        own_(setup.uses ? std::nullopt
                        : std::optional(KernelUsesOf(model, setup.kernels,
                                                     setup.abi, label))),
        pre_(setup.uses ? *setup.uses : *own_),
        shapes_(pre_.shapes),
        uses_(pre_.uses),
        arena_(setup.arena_size, setup.record_events) {}

  AllocateTensorsResult Run();

 private:
  struct TempTensor {
    int64_t tensor = -1, quantization = -1, zero_point = -1;
  };

  void Setup();
  void StartModelAllocation();
  void ParseOps();
  void InitAndPrepare(bool prepare);
  void KernelCalls(int32_t s, int32_t i, const std::vector<ArenaCall>& calls,
                   bool prepare);
  TempTensor AllocateTempTensor(int32_t s, int32_t tensor);
  void FreeTempTensor(const TempTensor& t);
  void ResourceBuffer(int32_t s, int32_t i, const ArenaCall& call);
  void FinishModelAllocation();
  void IoTensor(int32_t tensor);
  void Context(const char* phase, int32_t s = -1, int32_t i = -1);
  void MapScratchToOps();
  void Unmodelled(int32_t s, int32_t i, const std::string& why);

  const Model& model_;
  const BufferList& list_;
  const ArenaSetup& setup_;
  const AbiLayout& layout_;
  std::optional<KernelUses> own_;
  const KernelUses& pre_;
  const std::vector<std::vector<std::vector<int32_t>>>& shapes_;
  const std::vector<std::vector<std::optional<KernelArenaUse>>>& uses_;
  ArenaAllocator arena_;
  AllocateTensorsResult result_;
  // [subgraph][op]: OperatorName, and TFLM's own name of the op.
  std::vector<std::vector<std::string>> names_, tflm_names_;
  std::vector<std::vector<int64_t>> scratch_of_op_;
  int64_t scratch_count_ = 0;
  // MicroResourceVariables in creation order: (container, shared_name),
  // whether its buffer is allocated.
  struct Resource {
    std::string container, shared_name;
    bool allocated = false;
  };
  std::vector<Resource> resources_;
  // [subgraph][tensor]: the resource id VAR_HANDLE's Prepare wrote.
  std::map<std::pair<int32_t, int32_t>, size_t> resource_of_tensor_;
};

}  // namespace arenaplan::arena_internal
