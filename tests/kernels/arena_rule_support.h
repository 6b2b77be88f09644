// One-op models for the kernel ArenaRule unit tests: tensors with a shape, a
// type, optional per-tensor or per-channel quantization and constant data;
// shapes as Prepare sees them are the stored shapes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/kernel_arena.h"
#include "model/model.h"

namespace arenaplan::testing {

class ArenaOneOpModel {
 public:
  // Adds a tensor; `channels` > 0 gives it that many scales and zero points
  // (a per-tensor quantization is 1); returns its index.
  int32_t Tensor(std::vector<int32_t> shape, int8_t type, int channels = 0,
                 bool constant = false) {
    ModelTensor t;
    t.name = "t" + std::to_string(sg().tensors.size());
    t.shape = shape;
    t.type = type;
    t.has_data = constant;
    if (channels > 0) {
      t.quantization.present = true;
      t.quantization.scale.assign(channels, 0.5f);
      t.quantization.zero_point.assign(channels, 0);
    }
    sg().tensors.push_back(t);
    shapes_.push_back(std::move(shape));
    return static_cast<int32_t>(sg().tensors.size()) - 1;
  }
  // Sets the one operator (-1 in `inputs`: an absent optional input).
  ModelOperator& Op(int32_t code, std::vector<int32_t> inputs,
                    std::vector<int32_t> outputs) {
    ModelOperator op;
    op.builtin_code = code;
    op.kernel_code = code;
    op.inputs = std::move(inputs);
    op.outputs = std::move(outputs);
    sg().operators.assign(1, op);
    return sg().operators[0];
  }
  OpView View() const { return OpView{&model_, &shapes_, 0, 0}; }

 private:
  ModelSubgraph& sg() {
    if (model_.subgraphs.empty()) model_.subgraphs.emplace_back();
    return model_.subgraphs[0];
  }
  Model model_;
  std::vector<std::vector<int32_t>> shapes_;
};

// What the call lists below give, for EXPECT_EQ against a literal.
using V64 = std::vector<int64_t>;
using V32 = std::vector<int32_t>;

// The calls of one kind, e.g. every persistent size in order.
inline std::vector<int64_t> PersistentBytes(
    const std::vector<ArenaCall>& calls) {
  std::vector<int64_t> out;
  for (const ArenaCall& c : calls) {
    if (c.kind == ArenaCall::Kind::kPersistent) out.push_back(c.bytes);
  }
  return out;
}
inline std::vector<int32_t> TempTensors(const std::vector<ArenaCall>& calls) {
  std::vector<int32_t> out;
  for (const ArenaCall& c : calls) {
    if (c.kind == ArenaCall::Kind::kTempTensor) out.push_back(c.tensor);
  }
  return out;
}
inline std::vector<int32_t> FreedTensors(const std::vector<ArenaCall>& calls) {
  std::vector<int32_t> out;
  for (const ArenaCall& c : calls) {
    if (c.kind == ArenaCall::Kind::kFreeTempTensor) out.push_back(c.tensor);
  }
  return out;
}
inline std::vector<int64_t> ScratchBytes(const std::vector<ArenaCall>& calls) {
  std::vector<int64_t> out;
  for (const ArenaCall& c : calls) {
    if (c.kind == ArenaCall::Kind::kScratchRequest) out.push_back(c.bytes);
  }
  return out;
}

}  // namespace arenaplan::testing
