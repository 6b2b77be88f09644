// The cmsis_nn ArenaRule on one-op models: each formula's edges (types,
// per-channel counts, MVE kernel sums, LSTM variants, ABIs, call order).
#include "kernels/cmsis_nn/cmsis_nn_arena.h"

#include <gtest/gtest.h>

#include "arena_rule_support.h"
#include "kernels/op_facts.h"

namespace arenaplan {
namespace {

namespace tt = tflite_type;
using namespace testing;  // NOLINT(build/namespaces)

constexpr int32_t kAdd = 0, kAveragePool = 1, kConv = 3, kDepthwise = 4,
                  kFullyConnected = 9, kMaxPool = 17, kSoftmax = 25, kSvdf = 27,
                  kLstm = 44, kTransposeConv = 67, kBatchMatmul = 126;

const KernelOptions kDsp{KernelLibrary::kCmsisNnDsp};
const KernelOptions kMve{KernelLibrary::kCmsisNnMve};

KernelArenaUse Rule(const ArenaOneOpModel& m, Abi abi = Abi::kCortexM,
                    const KernelOptions& options = kDsp) {
  const auto use = CmsisNnOwnArena(m.View(), options, abi);
  EXPECT_TRUE(use.has_value());
  return use.value_or(KernelArenaUse{});
}

// A CONV_2D with `type` activations and 8 output channels.
ArenaOneOpModel Conv(int8_t type, int filter_channels) {
  ArenaOneOpModel m;
  const bool q = type != tt::kFloat32;
  const int8_t weights = q ? tt::kInt8 : tt::kFloat32;
  const int32_t in = m.Tensor({1, 10, 10, 4}, type, q ? 1 : 0);
  const int32_t filter =
      m.Tensor({8, 3, 3, 4}, weights, q ? filter_channels : 0, true);
  const int32_t bias = m.Tensor({8}, q ? tt::kInt32 : tt::kFloat32,
                                q ? filter_channels : 0, true);
  const int32_t out = m.Tensor({1, 8, 8, 8}, type, q ? 1 : 0);
  m.Op(kConv, {in, filter, bias}, {out});
  return m;
}

TEST(CmsisNnArena, ConvKeepsPerChannelArraysOnlyForInt8AndInt16) {
  for (int8_t type : {tt::kInt8, tt::kInt16}) {
    const KernelArenaUse use = Rule(Conv(type, 8));
    EXPECT_EQ(PersistentBytes(use.init), V64({60}));
    // filter dims[0] = 8 channels, whatever the number of scales.
    EXPECT_EQ(PersistentBytes(use.prepare), V64({32, 32}));
    EXPECT_EQ(PersistentBytes(Rule(Conv(type, 1)).prepare), V64({32, 32}));
  }
  const KernelArenaUse f = Rule(Conv(tt::kFloat32, 0));
  EXPECT_EQ(PersistentBytes(f.prepare), V64{});
  EXPECT_EQ(PersistentBytes(Rule(Conv(tt::kInt8, 8), Abi::kHost64).init),
            V64({80}));
}

TEST(CmsisNnArena, ConvTemporariesInKernelOrder) {
  const KernelArenaUse use = Rule(Conv(tt::kInt8, 8));
  // Prepare: input, filter, output; CalculateOpDataConv: input, filter,
  // bias, output (bias as an output of index 2 in Prepare: none).
  EXPECT_EQ(TempTensors(use.prepare), V32({0, 1, 3, 0, 1, 2, 3}));
  EXPECT_EQ(FreedTensors(use.prepare), V32({3, 0, 1, 2, 3, 0, 1}));
  // Each free names the call that allocated it: the inner output first.
  ASSERT_EQ(use.prepare.size(), 3u + 2u + 8u + 3u);
  EXPECT_EQ(use.prepare[3].kind, ArenaCall::Kind::kPersistent);
  EXPECT_EQ(use.prepare[9].kind, ArenaCall::Kind::kFreeTempTensor);
  EXPECT_EQ(use.prepare[9].handle, 8);
  EXPECT_EQ(use.prepare[13].handle, 2);  // the outer output
  EXPECT_EQ(ScratchBytes(use.prepare), V64{});
}

TEST(CmsisNnArena, ConvWithoutBias) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({1, 4, 4, 2}, tt::kInt8, 1);
  const int32_t filter = m.Tensor({3, 1, 1, 2}, tt::kInt8, 3, true);
  const int32_t out = m.Tensor({1, 4, 4, 3}, tt::kInt8, 1);
  m.Op(kConv, {in, filter, -1}, {out});
  const KernelArenaUse use = Rule(m);
  EXPECT_EQ(TempTensors(use.prepare), V32({0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(PersistentBytes(use.prepare), V64({12, 12}));
}

TEST(CmsisNnArena, DepthwiseCountsFilterDimension3) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({1, 8, 8, 4}, tt::kInt8, 1);
  const int32_t filter = m.Tensor({1, 3, 3, 16}, tt::kInt8, 16, true);
  const int32_t bias = m.Tensor({16}, tt::kInt32, 16, true);
  const int32_t out = m.Tensor({1, 6, 6, 16}, tt::kInt8, 1);
  m.Op(kDepthwise, {in, filter, bias}, {out});
  const KernelArenaUse use = Rule(m);
  EXPECT_EQ(PersistentBytes(use.init), V64({60}));
  EXPECT_EQ(PersistentBytes(use.prepare), V64({64, 64}));
  EXPECT_EQ(TempTensors(use.prepare), V32({0, 1, 3, 0, 1, 2, 3}));
  // CalculateOpDataDepthwiseConv frees input, filter, bias, output.
  EXPECT_EQ(FreedTensors(use.prepare), V32({0, 1, 2, 3, 3, 0, 1}));

  ArenaOneOpModel f;
  const int32_t fi = f.Tensor({1, 8, 8, 4}, tt::kFloat32);
  const int32_t ff = f.Tensor({1, 3, 3, 4}, tt::kFloat32, 0, true);
  const int32_t fo = f.Tensor({1, 6, 6, 4}, tt::kFloat32);
  f.Op(kDepthwise, {fi, ff}, {fo});
  EXPECT_EQ(PersistentBytes(Rule(f).prepare), V64{});
}

// A FULLY_CONNECTED [batch.., 12] x [10, 12] -> [.., 10].
ArenaOneOpModel FullyConnected(int filter_scales, bool constant_filter,
                               std::vector<int32_t> out_shape = {2, 10},
                               std::vector<int32_t> in_shape = {2, 12}) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor(in_shape, tt::kInt8, 1);
  const int32_t filter =
      m.Tensor({10, 12}, tt::kInt8, filter_scales, constant_filter);
  const int32_t bias = m.Tensor({10}, tt::kInt32, filter_scales, true);
  const int32_t out = m.Tensor(out_shape, tt::kInt8, 1);
  m.Op(kFullyConnected, {in, filter, bias}, {out});
  return m;
}

TEST(CmsisNnArena, FullyConnectedPerChannelArrays) {
  EXPECT_EQ(PersistentBytes(Rule(FullyConnected(1, true)).prepare), V64{});
  const KernelArenaUse use = Rule(FullyConnected(10, true));
  EXPECT_EQ(PersistentBytes(use.init), V64({72}));
  EXPECT_EQ(PersistentBytes(use.prepare), V64({40, 40}));
  EXPECT_EQ(TempTensors(use.prepare), V32({0, 1, 2, 3}));
  EXPECT_EQ(FreedTensors(use.prepare), V32({3, 0, 1, 2}));
  EXPECT_EQ(PersistentBytes(Rule(FullyConnected(1, true), Abi::kHost64).init),
            V64({96}));
}

TEST(CmsisNnArena, FullyConnectedRefusesPerChannelInt16) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({2, 12}, tt::kInt16, 1);
  const int32_t filter = m.Tensor({10, 12}, tt::kInt8, 10, true);
  const int32_t out = m.Tensor({2, 10}, tt::kInt16, 1);
  m.Op(kFullyConnected, {in, filter, -1}, {out});
  EXPECT_FALSE(CmsisNnOwnArena(m.View(), kDsp, Abi::kCortexM));
}

TEST(CmsisNnArena, FullyConnectedKernelSumsOnlyOnMve) {
  // MVE, constant filter, not a 1x1 convolution: output depth int32 sums.
  EXPECT_EQ(PersistentBytes(
                Rule(FullyConnected(1, true), Abi::kCortexM, kMve).prepare),
            V64({40}));
  EXPECT_EQ(PersistentBytes(
                Rule(FullyConnected(10, true), Abi::kCortexM, kMve).prepare),
            V64({40, 40, 40}));
  // A filter that is not constant: scratch instead (no persistent).
  EXPECT_EQ(PersistentBytes(
                Rule(FullyConnected(1, false), Abi::kCortexM, kMve).prepare),
            V64{});
  // Rank-3 output with accum_depth % 4 == 0: the 1x1 convolution path.
  EXPECT_EQ(
      PersistentBytes(Rule(FullyConnected(1, true, {1, 2, 10}, {1, 2, 12}),
                           Abi::kCortexM, kMve)
                          .prepare),
      V64{});
  KernelOptions size = kMve;
  size.optimization = KernelOptimization::kSize;
  EXPECT_EQ(PersistentBytes(
                Rule(FullyConnected(1, true), Abi::kCortexM, size).prepare),
            V64{});
  const KernelOptions plain{KernelLibrary::kCmsisNn};
  EXPECT_EQ(PersistentBytes(
                Rule(FullyConnected(1, true), Abi::kCortexM, plain).prepare),
            V64{});
}

ArenaOneOpModel Softmax(int8_t in_type, int8_t out_type) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({1, 10}, in_type, 1);
  const int32_t out = m.Tensor({1, 10}, out_type, 1);
  m.Op(kSoftmax, {in}, {out});
  return m;
}

TEST(CmsisNnArena, SoftmaxInt16Luts) {
  const KernelArenaUse i16 = Rule(Softmax(tt::kInt16, tt::kInt16));
  EXPECT_EQ(PersistentBytes(i16.init), V64({64}));
  EXPECT_EQ(PersistentBytes(i16.prepare), V64({1026, 1026}));
  EXPECT_EQ(PersistentBytes(Rule(Softmax(tt::kInt8, tt::kInt16)).prepare),
            V64{});
  EXPECT_EQ(
      PersistentBytes(Rule(Softmax(tt::kInt8, tt::kInt8), Abi::kHost64).init),
      V64({88}));
}

TEST(CmsisNnArena, PoolingTemporaries) {
  for (int32_t code : {kMaxPool, kAveragePool}) {
    ArenaOneOpModel m;
    const int32_t in = m.Tensor({1, 4, 4, 8}, tt::kInt8, 1);
    const int32_t out = m.Tensor({1, 2, 2, 8}, tt::kInt8, 1);
    m.Op(code, {in}, {out});
    const KernelArenaUse use = Rule(m, Abi::kHost64);
    EXPECT_EQ(PersistentBytes(use.init), V64({36}));
    EXPECT_EQ(PersistentBytes(use.prepare), V64{});
    if (code == kMaxPool) {
      EXPECT_EQ(TempTensors(use.prepare), V32({0, 1}));
      EXPECT_EQ(FreedTensors(use.prepare), V32({0, 1}));
    } else {  // AveragePrepare fetches both again, frees output first
      EXPECT_EQ(TempTensors(use.prepare), V32({0, 1, 0, 1}));
      EXPECT_EQ(FreedTensors(use.prepare), V32({0, 1, 1, 0}));
    }
  }
}

TEST(CmsisNnArena, AddOwnOpData) {
  ArenaOneOpModel m;
  const int32_t a = m.Tensor({1, 8}, tt::kInt8, 1);
  const int32_t b = m.Tensor({1, 8}, tt::kInt8, 1);
  const int32_t out = m.Tensor({1, 8}, tt::kInt8, 1);
  m.Op(kAdd, {a, b}, {out});
  const KernelArenaUse use = Rule(m);
  EXPECT_EQ(PersistentBytes(use.init), V64({60}));
  EXPECT_EQ(TempTensors(use.prepare), V32({0, 1, 2}));
  EXPECT_EQ(FreedTensors(use.prepare), V32({0, 1, 2}));
}

ArenaOneOpModel Svdf(bool bias) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({1, 16}, tt::kInt8, 1);
  const int32_t wf = m.Tensor({12, 16}, tt::kInt8, 1, true);  // 12 filters
  const int32_t wt = m.Tensor({12, 5}, tt::kInt16, 1, true);
  const int32_t b = bias ? m.Tensor({4}, tt::kInt32, 1, true) : -1;
  const int32_t state = m.Tensor({1, 60}, tt::kInt16, 1);
  const int32_t out = m.Tensor({1, 4}, tt::kInt8, 1);
  m.Op(kSvdf, {in, wf, wt, b, state}, {out}).options.rank = 3;
  return m;
}

TEST(CmsisNnArena, SvdfKernelSumsOnlyOnMve) {
  const KernelArenaUse dsp = Rule(Svdf(true));
  EXPECT_EQ(PersistentBytes(dsp.init), V64({40}));
  EXPECT_EQ(PersistentBytes(dsp.prepare), V64{});
  EXPECT_EQ(TempTensors(dsp.prepare), V32({0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(FreedTensors(dsp.prepare), V32({0, 1, 2, 4, 5, 3}));
  EXPECT_EQ(PersistentBytes(Rule(Svdf(true), Abi::kCortexM, kMve).prepare),
            V64({48}));
  EXPECT_EQ(TempTensors(Rule(Svdf(false)).prepare), V32({0, 1, 2, 3, 4}));
  EXPECT_EQ(PersistentBytes(Rule(Svdf(true), Abi::kHost64).init), V64({48}));
  // OPTIMIZE_KERNELS_FOR=KERNELS_OPTIMIZED_FOR_SIZE: a larger OpData on
  // Cortex-M, and the MVE kernel sums become scratch.
  KernelOptions size = kMve;
  size.optimization = KernelOptimization::kSize;
  const KernelArenaUse small = Rule(Svdf(true), Abi::kCortexM, size);
  EXPECT_EQ(PersistentBytes(small.init), V64({44}));
  EXPECT_EQ(PersistentBytes(small.prepare), V64{});
}

// An UNIDIRECTIONAL_SEQUENCE_LSTM without peepholes, projection or layer
// norm: 24 inputs, 9 of them absent.
ArenaOneOpModel Lstm(int8_t activation, int8_t cell, int state = 128) {
  ArenaOneOpModel m;
  const bool q = activation != tt::kFloat32;
  const int8_t weights = q ? tt::kInt8 : tt::kFloat32;
  const int8_t bias = activation == tt::kInt16  ? tt::kInt64
                      : activation == tt::kInt8 ? tt::kInt32
                                                : tt::kFloat32;
  std::vector<int32_t> in(24, -1);
  in[0] = m.Tensor({1, 5, 20}, activation, q ? 1 : 0);
  for (int k = 1; k <= 4; ++k) {
    in[k] = m.Tensor({state, 20}, weights, q ? 1 : 0, true);
  }
  for (int k = 5; k <= 8; ++k) {
    in[k] = m.Tensor({state, state}, weights, q ? 1 : 0, true);
  }
  for (int k = 12; k <= 15; ++k) in[k] = m.Tensor({state}, bias, 0, true);
  in[18] = m.Tensor({1, state}, activation, q ? 1 : 0);
  in[19] = m.Tensor({1, state}, cell, q ? 1 : 0);
  const int32_t out = m.Tensor({1, 5, state}, activation, q ? 1 : 0);
  m.Op(kLstm, in, {out});
  return m;
}

TEST(CmsisNnArena, LstmEffectiveBiasesPerVariant) {
  const KernelArenaUse i8 = Rule(Lstm(tt::kInt8, tt::kInt16));
  EXPECT_EQ(PersistentBytes(i8.init), V64({912}));
  EXPECT_EQ(PersistentBytes(i8.prepare), V64(8, 128 * 4));
  // 15 present inputs and the output, freed in the same order.
  EXPECT_EQ(TempTensors(i8.prepare).size(), 16u);
  EXPECT_EQ(FreedTensors(i8.prepare), TempTensors(i8.prepare));
  EXPECT_EQ(PersistentBytes(Rule(Lstm(tt::kInt16, tt::kInt16, 20)).prepare),
            V64(8, 20 * 8));
  EXPECT_EQ(PersistentBytes(Rule(Lstm(tt::kFloat32, tt::kFloat32)).prepare),
            V64{});
  EXPECT_EQ(
      PersistentBytes(Rule(Lstm(tt::kInt8, tt::kInt16), Abi::kHost64).init),
      V64({1008}));
}

ArenaOneOpModel BatchMatmul(int8_t type, bool adj_x, bool adj_y) {
  ArenaOneOpModel m;
  const int q = type == tt::kFloat32 ? 0 : 1;
  const int32_t lhs = m.Tensor({2, 3, 4}, type, q);
  const int32_t rhs = m.Tensor({2, 4, 5}, type, q, true);
  const int32_t out = m.Tensor({2, 3, 5}, type, q);
  ModelOperator& op = m.Op(kBatchMatmul, {lhs, rhs}, {out});
  op.options.adj_x = adj_x;
  op.options.adj_y = adj_y;
  return m;
}

TEST(CmsisNnArena, BatchMatmulTransposedOperandsAndQuantization) {
  const KernelArenaUse f = Rule(BatchMatmul(tt::kFloat32, false, false));
  EXPECT_EQ(PersistentBytes(f.init), V64({36}));
  // rhs transposed: eval tensor, dims (rank 3), 40 floats; output dims copy.
  EXPECT_EQ(PersistentBytes(f.prepare), V64({12, 16, 160, 16}));
  EXPECT_EQ(PersistentBytes(Rule(BatchMatmul(tt::kInt8, true, true)).prepare),
            V64({12, 16, 24, 16, 28}));
  EXPECT_EQ(
      PersistentBytes(
          Rule(BatchMatmul(tt::kInt16, false, false), Abi::kHost64).prepare),
      V64({24, 16, 80, 16, 28}));
  EXPECT_EQ(PersistentBytes(
                Rule(BatchMatmul(tt::kInt8, false, true), Abi::kHost64).init),
            V64({56}));
}

TEST(CmsisNnArena, TransposeConv) {
  ArenaOneOpModel m;
  const int32_t shape = m.Tensor({4}, tt::kInt32, 0, true);
  const int32_t filter = m.Tensor({6, 3, 3, 4}, tt::kInt8, 6, true);
  const int32_t in = m.Tensor({1, 4, 4, 4}, tt::kInt8, 1);
  const int32_t bias = m.Tensor({6}, tt::kInt32, 6, true);
  const int32_t out = m.Tensor({1, 8, 8, 6}, tt::kInt8, 1);
  m.Op(kTransposeConv, {shape, filter, in, bias}, {out});
  const KernelArenaUse use = Rule(m);
  EXPECT_EQ(PersistentBytes(use.init), V64({76}));
  EXPECT_EQ(PersistentBytes(use.prepare), V64({24, 24}));
  EXPECT_EQ(TempTensors(use.prepare), V32({4, 2, 1, 2, 1, 3, 4}));
  EXPECT_EQ(FreedTensors(use.prepare), V32({2, 1, 4, 3, 4, 2, 1}));
  EXPECT_EQ(PersistentBytes(Rule(m, Abi::kHost64).init), V64({88}));
}

TEST(CmsisNnArena, OwnOpsAndRefusals) {
  EXPECT_TRUE(CmsisNnOverridesArena(kConv));
  EXPECT_TRUE(CmsisNnOverridesArena(kLstm));
  EXPECT_FALSE(CmsisNnOverridesArena(18));  // MUL: reference Init/Prepare
  EXPECT_FALSE(CmsisNnOverridesArena(34));  // PAD
  // A CONV_2D whose filter is absent: Prepare fails in TFLM, no answer.
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({1, 4, 4, 2}, tt::kInt8, 1);
  const int32_t out = m.Tensor({1, 4, 4, 3}, tt::kInt8, 1);
  m.Op(kConv, {in, -1}, {out});
  EXPECT_FALSE(CmsisNnOwnArena(m.View(), kDsp, Abi::kCortexM));
}

}  // namespace
}  // namespace arenaplan
