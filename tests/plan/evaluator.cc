#include "evaluator.h"

#include <cstring>
#include <stdexcept>

#include "model/builtin_ops.h"

namespace arenaplan::testing {
namespace {

constexpr int32_t kConcatenation = 2;
constexpr int32_t kSub = 41;

int64_t Elements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

// Float storage of every tensor: slices of the arena or memory of its own.
class Memory {
 public:
  Memory(const SubgraphSpec& graph, const Placement& placement)
      : graph_(graph), placement_(placement), arena_(placement.arena_bytes) {
    own_.resize(graph.tensors.size());
    for (size_t t = 0; t < graph.tensors.size(); ++t) {
      const TensorSpec& spec = graph.tensors[t];
      if (placement.offsets[t] >= 0 && spec.data.empty()) continue;
      own_[t] = spec.data.empty()
                    ? std::vector<uint8_t>(Elements(spec.shape) * 4, 0)
                    : spec.data;
    }
  }
  float Load(int32_t t, int64_t i) const {
    float v;
    std::memcpy(&v, Base(t) + 4 * i, 4);
    return v;
  }
  void Store(int32_t t, int64_t i, float v) {
    std::memcpy(const_cast<uint8_t*>(Base(t)) + 4 * i, &v, 4);
  }
  const uint8_t* Base(int32_t t) const {
    const int64_t offset = placement_.offsets[t];
    if (offset >= 0 && graph_.tensors[t].data.empty()) {
      if (offset + Elements(graph_.tensors[t].shape) * 4 >
          static_cast<int64_t>(arena_.size())) {
        throw std::runtime_error("tensor beyond the arena");
      }
      return arena_.data() + offset;
    }
    return own_[t].data();
  }

 private:
  const SubgraphSpec& graph_;
  const Placement& placement_;
  std::vector<uint8_t> arena_;
  std::vector<std::vector<uint8_t>> own_;
};

// Index into `in` (broadcast numpy-style against `out`) of output element i.
int64_t BroadcastIndex(const std::vector<int32_t>& in,
                       const std::vector<int32_t>& out, int64_t i) {
  int64_t index = 0, stride = 1;
  for (int d = static_cast<int>(out.size()) - 1; d >= 0; --d) {
    const int64_t coord = i % out[d];
    i /= out[d];
    const int in_d = d - static_cast<int>(out.size() - in.size());
    if (in_d < 0) continue;
    const int32_t extent = in[in_d];
    if (extent != 1) index += coord * stride;
    stride *= extent;
  }
  return index;
}

void RunOp(const SubgraphSpec& g, const OpSpec& op, Memory& m) {
  const int32_t out = op.outputs[0];
  const auto& out_shape = g.tensors[out].shape;
  const int64_t n = Elements(out_shape);
  switch (op.code) {
    case op::kAdd:
    case kSub:
    case op::kMul: {
      const int32_t a = op.inputs[0], b = op.inputs[1];
      for (int64_t i = 0; i < n; ++i) {
        const float x =
            m.Load(a, BroadcastIndex(g.tensors[a].shape, out_shape, i));
        const float y =
            m.Load(b, BroadcastIndex(g.tensors[b].shape, out_shape, i));
        m.Store(out, i,
                op.code == op::kAdd ? x + y
                : op.code == kSub   ? x - y
                                    : x * y);
      }
      return;
    }
    case op::kRelu:
      for (int64_t i = 0; i < n; ++i) {
        const float x = m.Load(op.inputs[0], i);
        m.Store(out, i, x < 0 ? 0.0f : x);
      }
      return;
    case op::kReshape:
      // TFLM's kernel skips the copy when input and output coincide.
      if (m.Base(op.inputs[0]) == m.Base(out)) return;
      for (int64_t i = 0; i < n; ++i) m.Store(out, i, m.Load(op.inputs[0], i));
      return;
    case kConcatenation: {
      // Last axis: for each outer index, each input's slice in turn.
      const int64_t outer = n / out_shape.back();
      int64_t written = 0;
      for (int64_t o = 0; o < outer; ++o) {
        for (int32_t in : op.inputs) {
          const int64_t width = g.tensors[in].shape.back();
          for (int64_t k = 0; k < width; ++k) {
            m.Store(out, written++, m.Load(in, o * width + k));
          }
        }
      }
      return;
    }
    case op::kFullyConnected: {
      // out[j] = sum_k in[k] * w[j][k]: every output reads every input.
      const int32_t in = op.inputs[0], w = op.inputs[1];
      const int64_t depth = Elements(g.tensors[in].shape);
      for (int64_t j = 0; j < n; ++j) {
        float sum = 0;
        for (int64_t k = 0; k < depth; ++k) {
          sum += m.Load(in, k) * m.Load(w, j * depth + k);
        }
        m.Store(out, j, sum);
      }
      return;
    }
    default:
      throw std::runtime_error("evaluator: unsupported op " +
                               std::to_string(op.code));
  }
}

}  // namespace

Placement SeparatePlacement(const SubgraphSpec& graph) {
  Placement p;
  p.offsets.assign(graph.tensors.size(), -1);
  return p;
}

std::vector<std::vector<uint8_t>> RunGraph(
    const SubgraphSpec& graph, const std::vector<std::vector<float>>& inputs,
    const Placement& placement) {
  Memory memory(graph, placement);
  for (size_t k = 0; k < graph.inputs.size(); ++k) {
    for (size_t i = 0; i < inputs[k].size(); ++i) {
      memory.Store(graph.inputs[k], static_cast<int64_t>(i), inputs[k][i]);
    }
  }
  for (const OpSpec& op : graph.ops) RunOp(graph, op, memory);
  std::vector<std::vector<uint8_t>> outputs;
  for (int32_t t : graph.outputs) {
    const uint8_t* base = memory.Base(t);
    outputs.emplace_back(base, base + Elements(graph.tensors[t].shape) * 4);
  }
  return outputs;
}

}  // namespace arenaplan::testing
