#include "plan/inplace.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "model/builtin_ops.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

// Element-wise kernels audited in docs/inplace.md (TFLM reference kernels
// and the CMSIS-NN variants TFLM calls for them).
constexpr int32_t kLogistic = 14;
constexpr int32_t kRelu6 = 21;
constexpr int32_t kTanh = 28;
constexpr int32_t kSub = 41;
constexpr int32_t kLeakyRelu = 98;
constexpr int32_t kHardSwish = 117;

struct Candidates {
  std::vector<int32_t> positions;  // inputs that may be shared, in order
  bool same_shape = false;  // the shared input must have the output's shape
};

Candidates CandidateInputs(int32_t kernel_code, InplaceMode mode) {
  if (mode == InplaceMode::kOff) return {};
  switch (kernel_code) {
    case op::kReshape:
    case op::kDynamicUpdateSlice:
      return {{0}, false};
    default:
      break;
  }
  if (mode != InplaceMode::kElementwise) return {};
  switch (kernel_code) {
    case op::kAdd:
    case kSub:
    case op::kMul:
      return {{0, 1}, true};
    case op::kRelu:
    case kRelu6:
    case kLogistic:
    case kTanh:
    case kLeakyRelu:
    case kHardSwish:
      return {{0}, true};
    default:
      return {};
  }
}

bool IsControlFlow(int32_t code) {
  return code == op::kIf || code == op::kWhile || code == op::kCallOnce ||
         code == op::kStablehloComposite;
}

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

const char* InplaceModeName(InplaceMode mode) {
  switch (mode) {
    case InplaceMode::kOff:
      return "off";
    case InplaceMode::kSafe:
      return "safe";
    case InplaceMode::kElementwise:
      return "elementwise";
  }
  return "off";
}

InplaceMode ParseInplaceMode(const std::string& text) {
  for (InplaceMode mode :
       {InplaceMode::kOff, InplaceMode::kSafe, InplaceMode::kElementwise}) {
    if (text == InplaceModeName(mode)) return mode;
  }
  throw Error("--inplace: unknown mode '" + text +
                  "' (expected off, safe or elementwise)",
              ExitCode::kUsage);
}

std::vector<SharedPair> FindSharedPairs(const Model& model,
                                        const BufferList& list,
                                        InplaceMode mode,
                                        const std::vector<bool>& preserved) {
  std::vector<SharedPair> pairs;
  if (mode == InplaceMode::kOff) return pairs;
  const auto shapes = PreparedShapes(model, "model");

  // Tensor -> buffer, for planned tensors.
  std::vector<std::vector<int32_t>> buffer_of;
  for (const ModelSubgraph& sg : model.subgraphs) {
    buffer_of.emplace_back(sg.tensors.size(), -1);
  }
  for (size_t i = 0; i < list.buffers.size(); ++i) {
    const ModelBuffer& b = list.buffers[i];
    if (b.kind == BufferKind::kTensor) {
      buffer_of[b.subgraph][b.index] = static_cast<int32_t>(i);
    }
  }
  // The one time step at which each op runs; -1 when its subgraph is never
  // visited or visited more than once (lifetimes then span several visits).
  std::map<std::pair<int32_t, int32_t>, int32_t> step_of_op;
  for (size_t t = 0; t < list.steps.size(); ++t) {
    const TimeStep& step = list.steps[t];
    if (step.op < 0) continue;
    auto [it, inserted] = step_of_op.emplace(
        std::make_pair(step.subgraph, step.op), static_cast<int32_t>(t));
    if (!inserted) it->second = -1;
  }

  const auto shareable = [&](int32_t buffer) {
    const ModelBuffer& b = list.buffers[buffer];
    const ModelTensor& t = model.subgraphs[b.subgraph].tensors[b.index];
    return !t.is_variable && !b.pinned_offset &&
           !(static_cast<size_t>(buffer) < preserved.size() &&
             preserved[buffer]);
  };
  const auto bytes = [&](int32_t s, int32_t t) {
    return ElementCount(shapes[s][t]) *
           TensorTypeSize(model.subgraphs[s].tensors[t].type);
  };

  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    std::set<int32_t> boundary(sg.inputs.begin(), sg.inputs.end());
    boundary.insert(sg.outputs.begin(), sg.outputs.end());
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      const ModelOperator& op = sg.operators[i];
      if (IsControlFlow(op.builtin_code) || IsControlFlow(op.kernel_code)) {
        continue;
      }
      const Candidates candidates = CandidateInputs(op.kernel_code, mode);
      if (candidates.positions.empty() || op.outputs.empty()) continue;
      const auto step_it = step_of_op.find({s, i});
      if (step_it == step_of_op.end() || step_it->second < 0) continue;
      const int32_t step = step_it->second;
      const int32_t out = op.outputs[0];
      const int32_t out_buffer = buffer_of[s][out];
      if (out_buffer < 0 || !shareable(out_buffer) ||
          list.buffers[out_buffer].first != step) {
        continue;
      }
      for (int32_t position : candidates.positions) {
        if (position >= static_cast<int32_t>(op.inputs.size())) break;
        const int32_t in = op.inputs[position];
        if (in < 0 || in == out || boundary.count(in)) continue;
        if (std::count(op.inputs.begin(), op.inputs.end(), in) != 1) continue;
        const int32_t in_buffer = buffer_of[s][in];
        if (in_buffer < 0 || !shareable(in_buffer)) continue;
        const ModelBuffer& b = list.buffers[in_buffer];
        if (b.first < 0 || b.last != step) continue;
        if (sg.tensors[in].type != sg.tensors[out].type) continue;
        if (bytes(s, in) != bytes(s, out)) continue;
        if (candidates.same_shape && shapes[s][in] != shapes[s][out]) continue;
        pairs.push_back({s, i, position, in_buffer, out_buffer});
        break;  // one shared input per op
      }
    }
  }
  return pairs;
}

std::vector<SharedGroup> GroupsFromPairs(const std::vector<SharedPair>& pairs,
                                         size_t buffer_count) {
  UnionFind sets(buffer_count);
  std::vector<bool> in_pair(buffer_count, false);
  for (const SharedPair& p : pairs) {
    sets.Join(p.input_buffer, p.output_buffer);
    in_pair[p.input_buffer] = in_pair[p.output_buffer] = true;
  }
  std::vector<SharedGroup> groups;
  std::map<size_t, size_t> group_of_root;
  for (size_t i = 0; i < buffer_count; ++i) {
    if (!in_pair[i]) continue;
    auto [it, inserted] = group_of_root.emplace(sets.Find(i), groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].members.push_back(static_cast<int32_t>(i));
  }
  return groups;
}

}  // namespace arenaplan
