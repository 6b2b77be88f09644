#include "model/buffer_list.h"

#include <limits>

#include "model/builtin_ops.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

constexpr int64_t kArenaAlignment = 16;  // MicroArenaBufferAlignment()
// Bounds that keep hostile control flow (a subgraph calling another twice,
// nested 60 deep, or calling one with huge tensor lists many times) from
// running for ever; real models are far below them. Work counts op steps
// plus the tensor references the pass visits.
constexpr int kMaxCallDepth = 256;
constexpr int64_t kMaxTimeSteps = 1 << 24;
constexpr int64_t kMaxWork = int64_t{1} << 26;

std::string OpWhere(const Model& model, int32_t s, int32_t i) {
  return "subgraph " + std::to_string(s) + " op " + std::to_string(i) + " (" +
         OperatorName(model.subgraphs[s].operators[i]) + ")";
}

std::string TensorWhere(const ModelSubgraph& sg, int32_t s, int32_t t) {
  const std::string& name = sg.tensors[t].name;
  return "subgraph " + std::to_string(s) + " tensor " + std::to_string(t) +
         (name.empty() ? "" : " (" + name + ")");
}

// TFLM's AllocationInfoBuilder::MarkAllocationLifetimes, over all subgraphs.
class LifetimePass {
 public:
  LifetimePass(const Model& model, const std::string& label)
      : model_(model), label_(label) {
    for (const ModelSubgraph& sg : model.subgraphs) {
      first_.emplace_back(sg.tensors.size(), -1);
      last_.emplace_back(sg.tensors.size(), -1);
      op_lifetimes_.emplace_back(sg.operators.size());
    }
  }

  void Run() {
    steps_.push_back({0, -1});
    Visit(0, 0);
  }

  std::vector<std::vector<int32_t>> first_, last_;
  std::vector<std::vector<OpLifetime>> op_lifetimes_;
  std::vector<TimeStep> steps_;

 private:
  void Created(int32_t s, int32_t t) {
    if (first_[s][t] == -1) first_[s][t] = scope_;
  }
  void Used(int32_t s, int32_t t) { last_[s][t] = scope_; }

  void NextStep(int32_t s, int32_t op) {
    if (++scope_ >= kMaxTimeSteps) {
      throw Error(label_ + ": control flow visits more than " +
                  std::to_string(kMaxTimeSteps) + " op steps");
    }
    steps_.push_back({s, op});
  }

  void Spend(size_t tensor_references) {
    work_ += 1 + static_cast<int64_t>(tensor_references);
    if (work_ > kMaxWork) {
      throw Error(label_ + ": control flow makes the lifetime pass visit " +
                  "more than " + std::to_string(kMaxWork) +
                  " tensor references");
    }
  }

  void Visit(int32_t s, int depth) {
    if (depth > kMaxCallDepth) {
      throw Error(label_ + ": control flow nested deeper than " +
                  std::to_string(kMaxCallDepth) + " subgraphs");
    }
    const ModelSubgraph& sg = model_.subgraphs[s];
    Spend(sg.inputs.size() + sg.outputs.size());
    for (int32_t t : sg.inputs) {
      Created(s, t);
      Used(s, t);
    }
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      const ModelOperator& op = sg.operators[i];
      NextStep(s, i);
      Spend(op.inputs.size() + 2 * op.outputs.size());
      for (int32_t t : op.outputs) Created(s, t);
      const int32_t start = scope_;
      for (int32_t callee : op.called_subgraphs) {
        NextStep(callee, -1);
        Visit(callee, depth + 1);
      }
      for (int32_t t : op.inputs) {
        if (t >= 0) Used(s, t);
      }
      for (int32_t t : op.outputs) Used(s, t);
      // The op's scratch lifetime: [start of its first visit, end of last].
      OpLifetime& span = op_lifetimes_[s][i];
      if (span.first == -1) span.first = start;
      span.last = scope_;
    }
    for (int32_t t : sg.outputs) {
      Created(s, t);
      Used(s, t);
    }
  }

  const Model& model_;
  const std::string& label_;
  int32_t scope_ = 0;
  int64_t work_ = 0;
};

}  // namespace

int64_t ElementCount(const std::vector<int32_t>& shape) {
  int64_t count = 1;
  for (int32_t dim : shape) count *= dim;
  return count;
}

std::string ShapeString(const std::vector<int32_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string out;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += "x";
    out += std::to_string(shape[i]);
  }
  return out;
}

std::vector<std::vector<std::vector<int32_t>>> PreparedShapes(
    const Model& model, const std::string& label) {
  std::vector<std::vector<std::vector<int32_t>>> shapes;
  for (const ModelSubgraph& sg : model.subgraphs) {
    shapes.emplace_back();
    for (const ModelTensor& t : sg.tensors) shapes.back().push_back(t.shape);
  }
  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    auto& dims = shapes[s];
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      const ModelOperator& op = sg.operators[i];
      const std::string where = label + ": " + OpWhere(model, s, i);
      if (op.kernel_code == op::kReshape && !op.outputs.empty()) {
        if (op.inputs.empty() || op.inputs[0] < 0) {
          throw Error(where + ": has no input tensor");
        }
        auto& out = dims[op.outputs[0]];
        if (op.inputs.size() == 1 && out.size() == 1 && out[0] == 0) {
          out.clear();  // legacy scalar
        }
        const int64_t in_elements = ElementCount(dims[op.inputs[0]]);
        int64_t known = 1;
        int stretch = -1;
        for (size_t d = 0; d < out.size(); ++d) {
          if (out[d] == -1) {
            if (stretch != -1) throw Error(where + ": two -1 dimensions");
            stretch = static_cast<int>(d);
          } else {
            known *= out[d];
          }
        }
        if (stretch != -1) {
          if (known <= 0 || in_elements % known != 0) {
            throw Error(where + ": cannot resolve the -1 dimension of " +
                        ShapeString(out) + " from " +
                        std::to_string(in_elements) + " input elements");
          }
          out[stretch] = static_cast<int32_t>(in_elements / known);
          known *= out[stretch];
        }
        if (known != in_elements) {
          throw Error(where + ": output " + ShapeString(out) + " holds " +
                      std::to_string(known) + " elements, input " +
                      std::to_string(in_elements));
        }
      }
      for (int32_t t : op.outputs) {
        const auto& out = dims[t];
        const bool legacy_empty = out.size() == 1 && out[0] == 0;
        for (int32_t dim : out) {
          if (dim <= 0 && !legacy_empty) {
            throw Error(where + ": output " + TensorWhere(sg, s, t) +
                        " has shape " + ShapeString(out) +
                        " (TFLM: dynamic tensors are not supported)");
          }
        }
      }
    }
    for (int32_t t = 0; t < static_cast<int32_t>(dims.size()); ++t) {
      for (int32_t dim : dims[t]) {
        if (dim < 0) {
          throw Error(label + ": " + TensorWhere(sg, s, t) +
                      ": unresolved dimension in shape " +
                      ShapeString(dims[t]));
        }
      }
    }
  }
  return shapes;
}

BufferList DeriveBufferList(const Model& model, const std::string& label) {
  const auto shapes = PreparedShapes(model, label);
  LifetimePass pass(model, label);
  pass.Run();

  BufferList list;
  list.steps = std::move(pass.steps_);
  list.op_lifetimes = std::move(pass.op_lifetimes_);
  size_t global_index = 0;
  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    // VAR_HANDLE points its output at persistent memory in Prepare.
    std::vector<bool> outside_arena(sg.tensors.size(), false);
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      const ModelOperator& op = sg.operators[i];
      if (op.kernel_code == op::kVarHandle) {
        for (int32_t t : op.outputs) outside_arena[t] = true;
      }
      for (int32_t t : op.intermediates) {
        const int64_t bytes =
            ElementCount(shapes[s][t]) * TensorTypeSize(sg.tensors[t].type);
        if (bytes != 0) {
          throw Error(label + ": " + OpWhere(model, s, i) + ": intermediate " +
                      TensorWhere(sg, s, t) + " has " + std::to_string(bytes) +
                      " bytes (TFLM requires 0)");
        }
      }
    }
    for (int32_t t = 0; t < static_cast<int32_t>(sg.tensors.size());
         ++t, ++global_index) {
      const ModelTensor& tensor = sg.tensors[t];
      const int64_t bytes =
          ElementCount(shapes[s][t]) * TensorTypeSize(tensor.type);
      const bool has_data = tensor.has_data || outside_arena[t];
      const int32_t offline =
          model.offline_offsets ? (*model.offline_offsets)[global_index] : -1;
      const bool online = !has_data && !tensor.is_variable && bytes != 0;
      const bool pinned_variable = tensor.is_variable && offline != -1;
      if (!online && !pinned_variable) continue;
      const int64_t size =
          (bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
      if (size > std::numeric_limits<int32_t>::max()) {
        throw Error(label + ": " + TensorWhere(sg, s, t) + ": " +
                    std::to_string(bytes) +
                    " bytes, more than TFLM's planner can address");
      }
      ModelBuffer b;
      b.kind = BufferKind::kTensor;
      b.subgraph = s;
      b.index = t;
      b.name = tensor.name;
      b.first = pass.first_[s][t];
      b.last = pass.last_[s][t];
      b.size = size;
      if (offline != -1) {
        if (offline < 0) {
          throw Error(label + ": " + TensorWhere(sg, s, t) +
                      ": OfflineMemoryAllocation offset " +
                      std::to_string(offline) + " is negative");
        }
        b.pinned_offset = offline;
      }
      list.buffers.push_back(std::move(b));
    }
  }
  list.tensor_count = list.buffers.size();
  return list;
}

}  // namespace arenaplan
