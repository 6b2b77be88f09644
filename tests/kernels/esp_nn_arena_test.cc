// The esp_nn ArenaRule: one-op models for each formula, and the 64-bit host
// ground truth (../shared/corpus/tflm-traces-esp-nn, persistent bytes only)
// reproduced by replaying real TFLM's host64 reference-kernel tail
// (tflm-arena/host64-reference) with the esp_nn rule's Init/Prepare
// allocations in place of the reference kernels' for the ops it overrides.
#include "kernels/esp_nn/esp_nn_arena.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "arena_log.h"
#include "arena_rule_support.h"
#include "kernels/arena_call_builder.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan {
namespace {

namespace tt = tflite_type;
using testing::FreedTensors;
using testing::OneOpModel;
using testing::PersistentBytes;
using testing::TempTensors;
using V64 = std::vector<int64_t>;
using V32 = std::vector<int32_t>;

constexpr int32_t kConv = 3, kDepthwise = 4, kSoftmax = 25;

KernelArenaUse Rule(const OneOpModel& m, Abi abi) {
  const auto use = EspNnOwnArena(m.View(), abi, nullptr);
  EXPECT_TRUE(use.has_value());
  return use.value_or(KernelArenaUse{});
}

TEST(EspNnArena, ConvNodeDataAndArraysForEveryType) {
  for (int8_t type : {tt::kFloat32, tt::kInt8}) {
    OneOpModel m;
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
  OneOpModel m;
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
    OneOpModel m;
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

// `model`'s persistent column in a SUMMARY.csv, by model name.
std::map<std::string, int64_t> SummaryColumn(const std::string& path,
                                             const std::string& column) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::istringstream h(line);
  for (std::string cell; std::getline(h, cell, ',');) header.push_back(cell);
  std::map<std::string, int64_t> out;
  while (std::getline(in, line)) {
    std::istringstream r(line);
    std::vector<std::string> cells;
    for (std::string cell; std::getline(r, cell, ',');) cells.push_back(cell);
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) {
      if (header[i] == column) out[cells[0]] = std::stoll(cells[i]);
    }
  }
  return out;
}

// The tail real TFLM builds for `log`'s persistent rows, each aligned down
// from the arena end, with the esp_nn rule's persistent calls in place of
// the logged Init/Prepare rows of the ops it overrides.
int64_t ReplayTailWithEspNn(const std::string& model_path,
                            const std::string& log_path) {
  const std::vector<uint8_t> bytes = ReadFileBytes(model_path);
  const Model model = ReadModel(bytes.data(), bytes.size(), model_path);
  const auto shapes = PreparedShapes(model, model_path);
  const auto log = testing::ReadArenaLog(log_path);
  std::vector<std::pair<int64_t, int64_t>> allocations;  // size, alignment
  std::map<std::tuple<int32_t, int32_t, std::string>, bool> replaced;
  for (const testing::ArenaLogRow& r : log) {
    if (r.kind != "persistent") continue;
    const bool kernel = r.phase == "init" || r.phase == "prepare";
    if (!kernel || r.op < 0 ||
        !EspNnOverridesArena(
            model.subgraphs[r.subgraph].operators[r.op].kernel_code)) {
      allocations.push_back({r.size, r.alignment});
      continue;
    }
    auto& done = replaced[{r.subgraph, r.op, r.phase}];
    if (done) continue;
    done = true;
    const OpView view{&model, &shapes[r.subgraph], r.subgraph, r.op};
    const auto use = EspNnOwnArena(view, Abi::kHost64, nullptr);
    if (!use) return -1;
    for (int64_t b :
         PersistentBytes(r.phase == "init" ? use->init : use->prepare)) {
      allocations.push_back({b, 16});
    }
  }
  int64_t tail = 0;
  for (const auto& [size, alignment] : allocations) {
    // The tail grows down from the arena's end, which is 16-aligned in
    // these logs (a 64-aligned start and 2^24 bytes): aligning the distance
    // from the end is aligning the address.
    tail = (tail + size + alignment - 1) / alignment * alignment;
  }
  return tail;
}

TEST(EspNnArenaCorpus, Host64PersistentOfTheAnsiBuild) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string shared = testing::SharedDir() + "/corpus";
  const auto want = SummaryColumn(
      shared + "/tflm-traces-esp-nn/esp-nn-ansi/SUMMARY.csv", "persistent");
  size_t checked = 0;
  for (const auto& [name, persistent] : want) {
    const std::string log =
        shared + "/tflm-arena/host64-reference/" + name + ".alloc.csv";
    if (!testing::FileExists(log)) continue;
    SCOPED_TRACE(name);
    const size_t sep = name.find("__");
    const std::string model = shared + "/models/" + name.substr(0, sep) + "/" +
                              name.substr(sep + 2) + ".tflite";
    EXPECT_EQ(ReplayTailWithEspNn(model, log), persistent);
    ++checked;
  }
  EXPECT_EQ(checked, 28u);
}

}  // namespace
}  // namespace arenaplan
