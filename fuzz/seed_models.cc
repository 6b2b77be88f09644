#include "seed_models.h"

#include "model/builtin_ops.h"
#include "model/example_model.h"

namespace arenaplan::fuzz {
namespace {

TensorSpec Tensor(std::string name, std::vector<int32_t> shape,
                  int8_t type = tensor_type::kInt8,
                  std::vector<uint8_t> data = {}) {
  TensorSpec t;
  t.name = std::move(name);
  t.shape = std::move(shape);
  t.type = type;
  t.data = std::move(data);
  return t;
}

// main: x -> op(main) -> y, calling `callee` subgraphs through `code`.
ModelSpec ControlFlow(int32_t code, std::vector<int32_t> callees) {
  SubgraphSpec main;
  main.tensors = {Tensor("x", {1, 8}), Tensor("y", {1, 8})};
  main.inputs = {0};
  main.outputs = {1};
  OpSpec call = MakeOp(code, {0}, {1});
  call.subgraphs = std::move(callees);
  main.ops = {call};
  SubgraphSpec body;
  body.tensors = {Tensor("a", {1, 8}), Tensor("b", {1, 8})};
  body.inputs = {0};
  body.outputs = {1};
  body.ops = {MakeOp(op::kRelu, {0}, {1})};
  ModelSpec spec;
  spec.subgraphs = {main, body, body};
  return spec;
}

ModelSpec ReshapeAndVariables() {
  SubgraphSpec g;
  g.tensors = {Tensor("in", {2, 3, 4}, tensor_type::kFloat32),
               Tensor("flat", {-1, 4}, tensor_type::kFloat32),
               Tensor("state", {1, 4}, tensor_type::kInt16),
               Tensor("w4", {4, 4}, tensor_type::kInt4, {1, 2, 3, 4}),
               Tensor("out", {6, 4}, tensor_type::kFloat32),
               Tensor("scalar", {0}, tensor_type::kInt32)};
  g.tensors[2].is_variable = true;
  g.inputs = {0};
  g.outputs = {4};
  g.ops = {MakeOp(op::kReshape, {0}, {1}),
           MakeOp(op::kFullyConnected, {1, 3, -1, 2}, {4})};
  OpSpec custom = MakeOp(op::kCustom, {4}, {5});
  custom.custom_code = "SignalRfft";
  custom.custom_options = {1, 2, 3};
  g.ops.push_back(custom);
  ModelSpec spec;
  spec.subgraphs = {g};
  return spec;
}

ModelSpec WithOfflineOffsets() {
  ModelSpec spec = ExampleModelSpec();
  const size_t n = spec.subgraphs[0].tensors.size();
  std::vector<int32_t> offsets(n, -1);
  offsets[0] = 0;      // the input image, pinned at the arena start
  offsets[n - 1] = 0;  // the probabilities, alive only after the image
  spec.offline_offsets = offsets;
  return spec;
}

}  // namespace

std::vector<std::pair<std::string, ModelSpec>> SeedModelSpecs() {
  return {
      {"example", ExampleModelSpec()},
      {"offline_offsets", WithOfflineOffsets()},
      {"if", ControlFlow(op::kIf, {1, 2})},
      {"while", ControlFlow(op::kWhile, {1, 2})},
      {"call_once", ControlFlow(op::kCallOnce, {1})},
      {"reshape_variables", ReshapeAndVariables()},
  };
}

std::vector<std::pair<std::string, ModelSpec>> AllSeedModelSpecs() {
  auto specs = SeedModelSpecs();
  for (auto& spec : SeedKernelModelSpecs()) specs.push_back(std::move(spec));
  return specs;
}

}  // namespace arenaplan::fuzz
