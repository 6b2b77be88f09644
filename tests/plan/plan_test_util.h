// Shared by the plan tests: from a ModelSpec to a plan, and from a plan to
// the evaluator's placement.
#pragma once

#include <string>

#include "evaluator.h"
#include "model/buffer_list.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"

namespace arenaplan::testing {

// A tensor; with `data`, a constant.
inline TensorSpec T(std::string name, std::vector<int32_t> shape,
                    int8_t type = tensor_type::kFloat32,
                    std::vector<uint8_t> data = {}) {
  TensorSpec t;
  t.name = std::move(name);
  t.shape = std::move(shape);
  t.type = type;
  t.data = std::move(data);
  return t;
}

struct BuiltModel {
  Model model;
  BufferList list;
};

inline BuiltModel Build(const ModelSpec& spec) {
  const std::vector<uint8_t> bytes = BuildModel(spec);
  BuiltModel built;
  built.model = ReadModel(bytes.data(), bytes.size(), "test");
  built.list = DeriveBufferList(built.model, "test");
  return built;
}

inline ModelPlan PlanSpec(const ModelSpec& spec, PlanOptions options) {
  BuiltModel built = Build(spec);
  options.solve.time_limit_seconds = 1.0;
  return PlanModel(std::move(built.model), std::move(built.list), "test",
                   options);
}

inline ModelPlan PlanSpec(const ModelSpec& spec, InplaceMode mode) {
  PlanOptions options;
  options.inplace = mode;
  return PlanSpec(spec, options);
}

// Subgraph 0's planned tensors at their offsets; everything else apart.
inline Placement PlacementFromPlan(const SubgraphSpec& graph,
                                   const BufferList& list, const Plan& plan,
                                   int64_t height) {
  Placement placement = SeparatePlacement(graph);
  placement.arena_bytes = height;
  for (size_t i = 0; i < list.buffers.size(); ++i) {
    const ModelBuffer& b = list.buffers[i];
    if (b.kind == BufferKind::kTensor && b.subgraph == 0) {
      placement.offsets[b.index] = plan.offsets[i];
    }
  }
  return placement;
}

// Buffer index of tensor `t` of subgraph 0, or -1.
inline int32_t BufferOf(const BufferList& list, int32_t t) {
  for (size_t i = 0; i < list.buffers.size(); ++i) {
    if (list.buffers[i].kind == BufferKind::kTensor &&
        list.buffers[i].subgraph == 0 && list.buffers[i].index == t) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

}  // namespace arenaplan::testing
