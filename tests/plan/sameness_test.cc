// Proof of sameness: random graphs planned in every in-place mode, run
// inside one arena at the planned offsets, give the same output bytes as a
// run in which every tensor has memory of its own. Negative controls show
// that a wrong sharing is caught (a different output, or the verifier).
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "model/builtin_ops.h"
#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "plan_test_util.h"

namespace arenaplan::testing {
namespace {

constexpr int32_t kConcatenation = 2;
constexpr int32_t kSub = 41;
const int8_t kF32 = tensor_type::kFloat32;

std::vector<uint8_t> FloatBytes(const std::vector<float>& values) {
  std::vector<uint8_t> bytes(values.size() * 4);
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

class RandomGraph {
 public:
  explicit RandomGraph(uint32_t seed) : rng_(seed) {}

  ModelSpec Make() {
    const int32_t rows = Pick(2) + 1, width = 4 * (Pick(2) + 1);
    for (int k = 0; k < 1 + Pick(2); ++k) {
      const int32_t t = Tensor({rows, width});
      graph_.inputs.push_back(t);
      live_.push_back(t);
    }
    const int ops = 4 + Pick(8);
    for (int k = 0; k < ops; ++k) AddRandomOp();
    // The last result and, sometimes, an earlier one are graph outputs.
    graph_.outputs.push_back(live_.back());
    if (Pick(2) && live_.size() > 2) {
      const int32_t extra = live_[Pick(static_cast<int>(live_.size()) - 1)];
      if (extra != live_.back() && !IsInput(extra)) {
        graph_.outputs.push_back(extra);
      }
    }
    ModelSpec spec;
    spec.subgraphs.push_back(graph_);
    return spec;
  }

  std::vector<std::vector<float>> Inputs() {
    std::vector<std::vector<float>> values;
    for (int32_t t : graph_.inputs) values.push_back(Values(Count(t)));
    return values;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::vector<float> Values(int64_t n) {
    std::uniform_int_distribution<int> v(-8, 8);
    std::vector<float> out(n);
    for (float& x : out) x = static_cast<float>(v(rng_)) / 4;
    return out;
  }
  const std::vector<int32_t>& Shape(int32_t t) {
    return graph_.tensors[t].shape;
  }
  int64_t Count(int32_t t) {
    int64_t n = 1;
    for (int32_t d : Shape(t)) n *= d;
    return n;
  }
  bool IsInput(int32_t t) {
    return std::count(graph_.inputs.begin(), graph_.inputs.end(), t) > 0;
  }
  int32_t Tensor(std::vector<int32_t> shape, std::vector<uint8_t> data = {}) {
    graph_.tensors.push_back(T("t" + std::to_string(graph_.tensors.size()),
                               std::move(shape), kF32, std::move(data)));
    return static_cast<int32_t>(graph_.tensors.size() - 1);
  }
  int32_t Constant(std::vector<int32_t> shape) {
    int64_t n = 1;
    for (int32_t d : shape) n *= d;
    return Tensor(std::move(shape), FloatBytes(Values(n)));
  }
  // Recent tensors more often (chains), older ones too (later readers).
  int32_t Operand() {
    const int n = static_cast<int>(live_.size());
    return Pick(3) ? live_[n - 1 - Pick(std::min(n, 2))] : live_[Pick(n)];
  }
  void Emit(int32_t code, std::vector<int32_t> inputs,
            std::vector<int32_t> out_shape) {
    const int32_t out = Tensor(std::move(out_shape));
    graph_.ops.push_back(MakeOp(code, std::move(inputs), {out}));
    live_.push_back(out);
  }

  void AddRandomOp() {
    const int32_t a = Operand();
    const std::vector<int32_t> shape = Shape(a);
    switch (Pick(6)) {
      case 0:
        return Emit(op::kRelu, {a}, shape);
      case 1:
      case 2: {
        // Same-shape partner, or a broadcast one, in either position.
        int32_t b = -1;
        for (int32_t t : live_) {
          if (t != a && Shape(t) == shape && Pick(2)) b = t;
        }
        if (b < 0) {
          b = Pick(2) ? Constant({shape.back()}) : Constant(shape);
        }
        std::vector<int32_t> inputs = {a, b};
        if (Pick(2)) std::swap(inputs[0], inputs[1]);
        const int32_t codes[] = {op::kAdd, kSub, op::kMul};
        return Emit(codes[Pick(3)], inputs, shape);
      }
      case 3:
        return Emit(op::kReshape, {a},
                    shape.size() == 2
                        ? std::vector<int32_t>{shape[0] * shape[1]}
                        : std::vector<int32_t>{1, shape[0]});
      case 4:
        if (shape.size() == 2) {
          int32_t b = a;
          for (int32_t t : live_) {
            if (Shape(t) == shape && Pick(2)) b = t;
          }
          return Emit(kConcatenation, {a, b}, {shape[0], 2 * shape[1]});
        }
        return Emit(op::kRelu, {a}, shape);
      default: {
        const int32_t depth = static_cast<int32_t>(Count(a));
        const int32_t units = Pick(2) ? depth : 4;
        const int32_t weights = Constant({units, depth});
        return Emit(op::kFullyConnected, {a, weights}, {1, units});
      }
    }
  }

  std::mt19937 rng_;
  SubgraphSpec graph_;
  std::vector<int32_t> live_;
};

TEST(Sameness, PlannedRunsMatchSeparateMemoryInEveryMode) {
  size_t pairs[3] = {0, 0, 0};
  for (uint32_t seed = 1; seed <= 150; ++seed) {
    RandomGraph random(seed);
    const ModelSpec spec = random.Make();
    const auto inputs = random.Inputs();
    const SubgraphSpec& graph = spec.subgraphs[0];
    const auto expected = RunGraph(graph, inputs, SeparatePlacement(graph));
    int64_t off_arena = 0;
    for (InplaceMode mode :
         {InplaceMode::kOff, InplaceMode::kSafe, InplaceMode::kElementwise}) {
      const ModelPlan plan = PlanSpec(spec, mode);
      ASSERT_TRUE(VerifyPlan(plan.problem, plan.solve.plan).ok);
      if (mode == InplaceMode::kOff) off_arena = plan.solve.height;
      EXPECT_LE(plan.solve.height, off_arena) << "seed " << seed;
      pairs[static_cast<int>(mode)] += plan.shared_pairs.size();
      const Placement placement = PlacementFromPlan(
          graph, plan.list, plan.solve.plan, plan.solve.height);
      EXPECT_EQ(RunGraph(graph, inputs, placement), expected)
          << "seed " << seed << ", mode " << InplaceModeName(mode);
    }
  }
  // The graphs must actually exercise sharing.
  EXPECT_EQ(pairs[0], 0u);
  EXPECT_GT(pairs[1], 20u);
  EXPECT_GT(pairs[2], pairs[1] + 50);
}

// x -> RELU -> a; ADD(a, y) -> b; MUL(a, b) -> c: a is still read after the
// ADD, so b must not take a's bytes.
ModelSpec StillReadLater() {
  SubgraphSpec g;
  for (const char* name : {"x", "y", "a", "b", "c"}) {
    g.tensors.push_back(T(name, {1, 8}));
  }
  g.inputs = {0, 1};
  g.outputs = {4};
  g.ops = {MakeOp(op::kRelu, {0}, {2}), MakeOp(op::kAdd, {2, 1}, {3}),
           MakeOp(op::kMul, {2, 3}, {4})};
  ModelSpec spec;
  spec.subgraphs.push_back(g);
  return spec;
}

// RELU(x [8]) -> v; ADD(v, m [2x8]) -> out: v is the broadcast input.
ModelSpec BroadcastInput() {
  SubgraphSpec g;
  g.tensors = {T("x", {8}, kF32), T("m", {2, 8}, kF32), T("v", {8}, kF32),
               T("out", {2, 8}, kF32)};
  g.inputs = {0, 1};
  g.outputs = {3};
  g.ops = {MakeOp(op::kRelu, {0}, {2}), MakeOp(op::kAdd, {2, 1}, {3})};
  ModelSpec spec;
  spec.subgraphs.push_back(g);
  return spec;
}

// RELU(x) -> a; FULLY_CONNECTED(a, w) -> out, 4 units from 4 inputs.
ModelSpec FullyConnected() {
  SubgraphSpec g;
  g.tensors = {T("x", {1, 4}, kF32), T("a", {1, 4}, kF32),
               T("w", {4, 4}, kF32,
                 FloatBytes({1, 2, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 2, 1, 1, 1})),
               T("out", {1, 4}, kF32)};
  g.inputs = {0};
  g.outputs = {3};
  g.ops = {MakeOp(op::kRelu, {0}, {1}),
           MakeOp(op::kFullyConnected, {1, 2}, {3})};
  ModelSpec spec;
  spec.subgraphs.push_back(g);
  return spec;
}

// Plans `spec` with tensors `a` and `b` forced into one group and checks that
// the verifier accepts the declared sharing yet the run goes wrong.
void ExpectWrongSharingChangesOutput(
    const ModelSpec& spec, int32_t a, int32_t b,
    const std::vector<std::vector<float>>& in) {
  const SubgraphSpec& graph = spec.subgraphs[0];
  BuiltModel built = Build(spec);
  const int32_t a_buffer = BufferOf(built.list, a);
  const int32_t b_buffer = BufferOf(built.list, b);
  for (InplaceMode mode : {InplaceMode::kSafe, InplaceMode::kElementwise}) {
    for (const SharedPair& p :
         FindSharedPairs(built.model, built.list, mode, {})) {
      EXPECT_FALSE(p.input_buffer == a_buffer && p.output_buffer == b_buffer);
    }
  }
  Problem problem = ProblemFromBufferList(built.list);
  problem.groups = {{{a_buffer, b_buffer}}};
  const SolveResult wrong = Solve(problem, {});
  ASSERT_TRUE(VerifyPlan(problem, wrong.plan).ok);
  const auto expected = RunGraph(graph, in, SeparatePlacement(graph));
  const auto got =
      RunGraph(graph, in,
               PlacementFromPlan(graph, built.list, wrong.plan, wrong.height));
  EXPECT_NE(got, expected);
}

TEST(Sameness, SharingAnInputReadLaterGivesAWrongOutput) {
  ExpectWrongSharingChangesOutput(
      StillReadLater(), 2, 3,
      {{1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 1, 1, 1, 1, 1, 1}});
}

TEST(Sameness, SharingTheBroadcastInputGivesAWrongOutput) {
  ExpectWrongSharingChangesOutput(
      BroadcastInput(), 2, 3,
      {{1, 2, 3, 4, 5, 6, 7, 8}, std::vector<float>(16, 1.0f)});
}

TEST(Sameness, SharingAFullyConnectedInputGivesAWrongOutput) {
  ExpectWrongSharingChangesOutput(FullyConnected(), 1, 3, {{1, 2, 3, 4}});
}

TEST(Sameness, UndeclaredOverlapIsRejectedByTheVerifier) {
  BuiltModel built = Build(StillReadLater());
  const Problem problem = ProblemFromBufferList(built.list);
  Plan plan = Solve(problem, {}).plan;
  ASSERT_TRUE(VerifyPlan(problem, plan).ok);
  plan.offsets[BufferOf(built.list, 3)] = plan.offsets[BufferOf(built.list, 2)];
  const VerifyResult result = VerifyPlan(problem, plan);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find("overlaps"), std::string::npos)
      << result.message;
}

}  // namespace
}  // namespace arenaplan::testing
