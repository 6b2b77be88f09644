// Plans shared by the emit tests: the built-in example and small models.
#pragma once

#include <string>
#include <vector>

#include "kernels/derive_scratch.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"

namespace arenaplan::testing {

inline ModelPlan PlanBytes(const std::vector<uint8_t>& bytes,
                           const std::string& label) {
  Model model = ReadModel(bytes.data(), bytes.size(), label);
  BufferList list = DeriveBufferList(model, label);
  list.scratch_ops = ScratchRequestingOps(model, KernelOptions{}, label);
  SolveOptions options;
  options.time_limit_seconds = 2;
  return PlanModel(std::move(model), std::move(list), label, options);
}

// input -> MEAN -> output: TFLM's reference MEAN requests scratch, so the
// buffer list is incomplete without a recording.
inline std::vector<uint8_t> MeanModel() {
  SubgraphSpec g;
  g.name = "mean";
  g.tensors.push_back(
      {"input", {1, 4, 4, 8}, tensor_type::kInt8, false, {}, {}});
  g.tensors.push_back(
      {"axis", {2}, tensor_type::kInt32, false, {1, 0, 0, 0, 2, 0, 0, 0}, {}});
  g.tensors.push_back(
      {"output", {1, 1, 1, 8}, tensor_type::kInt8, false, {}, {}});
  g.inputs = {0};
  g.outputs = {2};
  g.ops.push_back(MakeOp(op::kMean, {0, 1}, {2}));
  ModelSpec spec;
  spec.subgraphs.push_back(g);
  return BuildModel(spec);
}

// Where golden files live and how to regenerate them.
inline std::string GoldenPath(const std::string& name) {
  return std::string(ARENAPLAN_SOURCE_DIR) + "/tests/emit/golden/" + name;
}

}  // namespace arenaplan::testing
