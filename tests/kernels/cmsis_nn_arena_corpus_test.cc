// The cmsis_nn ArenaRule against real TFLM: every kernel_init and
// kernel_prepare row and every temporary of each op in
// ../shared/corpus/tflm-arena/armv7em32-cmsis-nn-dsp/*.alloc.csv (Cortex-M4,
// TFLM 90b983c2 + CMSIS-NN 4ab83cc3 with DSP), in order, checked op by op
// without an allocator model.
#include <gtest/gtest.h>

#include <iostream>

#include "arena_log.h"
#include "kernels/cmsis_nn/cmsis_nn_arena.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan {
namespace {

struct Tally {
  size_t logs = 0, ops = 0, own_ops = 0, rows = 0, unmodelled_ops = 0,
         resource_ops = 0;
};

// Checks every op of one log; returns the tally.
void CheckLog(const std::string& log_path, Tally& tally) {
  const std::string file = log_path.substr(log_path.rfind('/') + 1);
  const size_t sep = file.find("__");
  ASSERT_NE(sep, std::string::npos) << file;
  const std::string model_path =
      testing::SharedDir() + "/corpus/models/" + file.substr(0, sep) + "/" +
      file.substr(sep + 2, file.size() - sep - 2 - 10) + ".tflite";
  const std::vector<uint8_t> bytes = ReadFileBytes(model_path);
  const Model model = ReadModel(bytes.data(), bytes.size(), model_path);
  const auto shapes = PreparedShapes(model, model_path);
  const auto log = testing::ReadArenaLog(log_path);
  const KernelOptions options{KernelLibrary::kCmsisNnDsp};
  ++tally.logs;
  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const auto& ops = model.subgraphs[s].operators;
    for (int32_t i = 0; i < static_cast<int32_t>(ops.size()); ++i) {
      SCOPED_TRACE(file + ": subgraph " + std::to_string(s) + " op " +
                   std::to_string(i) + " " + OperatorName(ops[i]));
      const OpView view{&model, &shapes[s], s, i};
      const bool own = CmsisNnOverridesArena(ops[i].kernel_code);
      const auto use = CmsisNnArena(view, options, Abi::kCortexM);
      ++tally.ops;
      if (!use) {
        // Only ops the reference rule answers for may be unknown here.
        EXPECT_FALSE(own) << "the cmsis_nn rule gave no answer";
        ++tally.unmodelled_ops;
        continue;
      }
      if (own) ++tally.own_ops;
      bool resource = false;
      for (const ArenaCall& call : use->prepare) {
        resource |= call.kind == ArenaCall::Kind::kResourceBuffer;
      }
      if (resource) {  // ASSIGN_VARIABLE: compared by tests/arena
        ++tally.resource_ops;
        continue;
      }
      const auto init = testing::KernelRowsOf(log, s, i, "init");
      const auto prepare = testing::KernelRowsOf(log, s, i, "prepare");
      const auto want_init =
          testing::ExpectedRows(use->init, view, Abi::kCortexM);
      const auto want_prepare =
          testing::ExpectedRows(use->prepare, view, Abi::kCortexM);
      EXPECT_EQ(want_init, init) << "rule:\n"
                                 << testing::Describe(want_init) << "log:\n"
                                 << testing::Describe(init);
      EXPECT_EQ(want_prepare, prepare)
          << "rule:\n"
          << testing::Describe(want_prepare) << "log:\n"
          << testing::Describe(prepare);
      tally.rows += init.size() + prepare.size();
    }
  }
}

TEST(CmsisNnArenaCorpus, EveryKernelRowOfTheCortexM4Logs) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string dir =
      testing::SharedDir() + "/corpus/tflm-arena/armv7em32-cmsis-nn-dsp";
  Tally tally;
  for (const std::string& path : testing::ListFiles(dir, ".alloc.csv")) {
    CheckLog(path, tally);
  }
  std::cout << "cmsis-nn-dsp logs: " << tally.logs << ", ops " << tally.ops
            << " (cmsis_nn's own " << tally.own_ops << "), kernel rows matched "
            << tally.rows << ", resource-assigning ops left to tests/arena "
            << tally.resource_ops << ", ops without a rule "
            << tally.unmodelled_ops << "\n";
  // Every op of these 33 models has a rule (cmsis_nn's or the reference's).
  EXPECT_EQ(tally.unmodelled_ops, 0u);
  EXPECT_EQ(tally.logs, 33u);
  // Not vacuous: the cmsis_nn kernels' own ops are most of the corpus.
  EXPECT_GE(tally.own_ops, 500u);
}

// The 64-bit host builds of ../tflm-traces-cmsis-nn (dsp and portable) give
// only their persistent bytes: replay real TFLM's host64 reference-kernel
// tail with the cmsis_nn rule's Init/Prepare allocations for its own ops and
// that build's scratch-handle count.
TEST(CmsisNnArenaCorpus, Host64PersistentOfTheTraceBuilds) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string shared = testing::SharedDir() + "/corpus";
  size_t checked = 0;
  for (const char* build : {"dsp", "portable"}) {
    const std::string summary =
        shared + "/tflm-traces-cmsis-nn/" + build + "/SUMMARY.csv";
    const KernelOptions options{std::string(build) == "dsp"
                                    ? KernelLibrary::kCmsisNnDsp
                                    : KernelLibrary::kCmsisNn};
    for (const testing::TailCheck& t : testing::Host64Tails(
             shared, summary, "persistent_host64", CmsisNnOverridesArena,
             [&](const OpView& op) {
               return CmsisNnOwnArena(op, options, Abi::kHost64);
             })) {
      EXPECT_EQ(t.got, t.want) << build << " " << t.model;
      ++checked;
    }
  }
  std::cout << "cmsis-nn host64 builds checked: " << checked << "\n";
  EXPECT_GE(checked, 2 * 14u);
}

}  // namespace
}  // namespace arenaplan
