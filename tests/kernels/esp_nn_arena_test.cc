// The esp_nn ArenaRule: one-op models for each formula, and the 64-bit host
// ground truth (../shared/corpus/tflm-traces-esp-nn, persistent bytes only)
// reproduced by replaying real TFLM's host64 reference-kernel tail
// (tflm-arena/host64-reference) with the esp_nn rule's Init/Prepare
// allocations in place of the reference kernels' for the ops it overrides.
#include "kernels/esp_nn/esp_nn_arena.h"

#include <gtest/gtest.h>

#include "arena_log.h"
#include "arena_rule_support.h"
#include "kernels/op_facts.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan {
namespace {

namespace tt = tflite_type;
using namespace testing;  // NOLINT(build/namespaces)

constexpr int32_t kConv = 3, kDepthwise = 4, kSoftmax = 25;

KernelArenaUse Rule(const ArenaOneOpModel& m, Abi abi) {
  const auto use = EspNnOwnArena(m.View(), abi);
  EXPECT_TRUE(use.has_value());
  return use.value_or(KernelArenaUse{});
}

TEST(EspNnArena, ConvNodeDataAndArraysForEveryType) {
  for (int8_t type : {tt::kFloat32, tt::kInt8}) {
    ArenaOneOpModel m;
    const int q = type == tt::kInt8 ? 1 : 0;
    const int32_t in = m.Tensor({1, 6, 6, 3}, type, q);
    const int32_t filter = m.Tensor({5, 3, 3, 3}, type, 5 * q, true);
    const int32_t out = m.Tensor({1, 4, 4, 5}, type, q);
    m.Op(kConv, {in, filter}, {out});
    const KernelArenaUse host = Rule(m, Abi::kHost64);
    EXPECT_EQ(PersistentBytes(host.init), V64({80}));
    EXPECT_EQ(PersistentBytes(host.prepare), V64({20, 20}));
    EXPECT_EQ(TempTensors(host.prepare), V32({2, 0, 1, 0, 1, 2}));
    EXPECT_EQ(FreedTensors(host.prepare), V32({2, 0, 1, 2, 0, 1}));
    EXPECT_EQ(PersistentBytes(Rule(m, Abi::kCortexM).init), V64({60}));
  }
}

TEST(EspNnArena, DepthwiseFreesInputFilterOutput) {
  ArenaOneOpModel m;
  const int32_t in = m.Tensor({1, 6, 6, 8}, tt::kFloat32);
  const int32_t filter = m.Tensor({1, 3, 3, 8}, tt::kFloat32, 0, true);
  const int32_t bias = m.Tensor({8}, tt::kFloat32, 0, true);
  const int32_t out = m.Tensor({1, 4, 4, 8}, tt::kFloat32);
  m.Op(kDepthwise, {in, filter, bias}, {out});
  const KernelArenaUse use = Rule(m, Abi::kHost64);
  EXPECT_EQ(PersistentBytes(use.init), V64({80}));
  EXPECT_EQ(PersistentBytes(use.prepare), V64({32, 32}));
  EXPECT_EQ(FreedTensors(use.prepare), V32({0, 1, 2, 3, 0, 1, 3}));
}

TEST(EspNnArena, SoftmaxNodeData) {
  for (int8_t type : {tt::kInt8, tt::kInt16}) {
    ArenaOneOpModel m;
    const int32_t in = m.Tensor({1, 12}, type, 1);
    const int32_t out = m.Tensor({1, 12}, type, 1);
    m.Op(kSoftmax, {in}, {out});
    EXPECT_EQ(PersistentBytes(Rule(m, Abi::kHost64).init), V64({88}));
    EXPECT_EQ(PersistentBytes(Rule(m, Abi::kCortexM).init), V64({64}));
    EXPECT_EQ(PersistentBytes(Rule(m, Abi::kHost64).prepare),
              type == tt::kInt16 ? V64({1026, 1026}) : V64{});
  }
  EXPECT_TRUE(EspNnOverridesArena(kSoftmax));
  EXPECT_FALSE(EspNnOverridesArena(9));  // FULLY_CONNECTED: upstream's
}

TEST(EspNnArenaCorpus, Host64PersistentOfEveryBuild) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string shared = testing::SharedDir() + "/corpus";
  size_t checked = 0;
  for (const char* build : {"esp-nn-ansi", "esp-nn", "esp-nn-s3"}) {
    const std::string summary =
        shared + "/tflm-traces-esp-nn/" + build + "/SUMMARY.csv";
    for (const testing::TailCheck& t :
         testing::Host64Tails(shared, summary, "persistent",
                              EspNnOverridesArena, [](const OpView& op) {
                                return EspNnOwnArena(op, Abi::kHost64);
                              })) {
      EXPECT_EQ(t.got, t.want) << build << " " << t.model;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3 * 28u);
}

}  // namespace
}  // namespace arenaplan
