// Generated headers and the runtime compile warning-free as C++11 for the
// host and, with arm-none-eabi-g++, for Cortex-M4 (-Os, freestanding, no
// exceptions, no RTTI), as is and with ARENAPLAN_FULL_CHECK, with the plan
// in read-only memory. (cortex_m4_test.cc runs them.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "arm_support.h"
#include "emit/cpp_header.h"
#include "model/example_model.h"
#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan {
namespace {

const std::string kSource = ARENAPLAN_SOURCE_DIR;

// A hand-made plan of `count` buffers (the header only reads the list's
// kinds, the offsets, the heights and the shared groups).
ModelPlan PlanOf(size_t count) {
  ModelPlan plan;
  plan.label = "hand";
  for (size_t i = 0; i < count; ++i) {
    plan.list.buffers.push_back(ModelBuffer{});
    plan.problem.buffers.push_back(Buffer{16, 0, 1, 16, std::nullopt});
    plan.solve.plan.offsets.push_back(static_cast<int64_t>(16 * i));
  }
  plan.solve.height = static_cast<int64_t>(16 * count);
  return plan;
}

ModelPlan ExamplePlan() {
  const std::vector<uint8_t> bytes = ExampleModel();
  Model model = ReadModel(bytes.data(), bytes.size(), "example");
  BufferList list = DeriveBufferList(model, "example");
  SolveOptions options;
  options.time_limit_seconds = 2;
  return PlanModel(std::move(model), std::move(list), "example", options);
}

// Writes headers for plans of 0, 1 and 2 buffers and the example, and a
// source using all of them with the checking planner.
std::string WriteSources(const std::string& dir) {
  const HeaderSource source{"hand.tflite", "0", ""};
  testing::WriteText(dir + "/empty.h",
                     BufferPlanHeader(PlanOf(0), "empty_plan", source));
  testing::WriteText(dir + "/one.h",
                     BufferPlanHeader(PlanOf(1), "one_plan", source));
  testing::WriteText(dir + "/two.h",
                     BufferPlanHeader(PlanOf(2), "two_plan", source));
  testing::WriteText(dir + "/example.h",
                     BufferPlanHeader(ExamplePlan(), "example", source));
  testing::WriteText(dir + "/use.cc", R"(#include "empty.h"
#include "example.h"
#include "one.h"
#include "two.h"
#include "verifying_planner.h"

ARENAPLAN_DEFINE_PLANNER(planner, example);

int UsePlans() {
  int offset = 0;
  tflite::MicroMemoryPlanner* tflm_view = &planner;
  tflm_view->GetOffsetForBuffer(0, &offset);
  arenaplan::VerifyingPlanner one(one_plan::buffer_plan(),
                                  one_plan::kStreamDigest);
  return offset + empty_plan::buffer_plan()->buffer_count +
         one.GetBufferCount() + two_plan::buffer_plan()->buffer_count +
         static_cast<int>(example::kHeadBytes) +
         static_cast<int>(empty_plan::kStreamDigest & 1) +
         (two_plan::shared_pairs() == nullptr ? 1 : 0);
}
)");
  return dir + "/use.cc";
}

std::string Flags(const std::string& dir) {
  return " -std=c++11 -Wall -Wextra -Werror -pedantic -I" + dir +
         testing::RuntimeIncludes() + "-c ";
}

// Compiles the use and every runtime source, as is and with
// ARENAPLAN_FULL_CHECK (objects `NAME.o` and `NAME.full.o`).
void CompileAll(const std::string& compiler, const std::string& dir) {
  const std::string use = WriteSources(dir);
  for (const std::string& file :
       {use, kSource + "/runtime/verifying_planner.cc",
        kSource + "/runtime/full_check_planner.cc",
        kSource + "/runtime/recording_planner.cc"}) {
    for (const std::string variant : {"", ".full"}) {
      const std::string object =
          dir + "/" + file.substr(file.find_last_of('/') + 1) + variant + ".o";
      const std::string defines =
          variant.empty() ? "" : " -DARENAPLAN_FULL_CHECK";
      const std::string log = dir + "/compile.log";
      EXPECT_EQ(
          testing::RunShell(
              compiler + defines + Flags(dir) + file + " -o " + object, log),
          0)
          << compiler << defines << " " << file << ":\n"
          << testing::ReadText(log);
    }
  }
}

TEST(CrossCompile, HostCxx11) {
  CompileAll("g++", testing::TempDir("host_cxx11"));
}

TEST(CrossCompile, CortexM4) {
  if (!testing::HaveProgram("arm-none-eabi-g++")) {
    GTEST_SKIP() << "arm-none-eabi-g++ not installed: skipping the Cortex-M4 "
                    "compile (apt install gcc-arm-none-eabi)";
  }
  const std::string dir = testing::TempDir("cortex_m4");
  CompileAll(
      "arm-none-eabi-g++ -Os -mcpu=cortex-m4 -mthumb -ffreestanding "
      "-fno-exceptions -fno-rtti",
      dir);
  // The example's plan storage sits in a read-only section.
  const std::string log = dir + "/sections.txt";
  ASSERT_EQ(
      testing::RunShell("arm-none-eabi-objdump -h " + dir + "/use.cc.o", log),
      0);
  std::ifstream in(log);
  bool storage_read_only = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find("example") != std::string::npos &&
        line.find("kStorage") != std::string::npos) {
      storage_read_only = line.find(".rodata") != std::string::npos;
    }
  }
  EXPECT_TRUE(storage_read_only) << testing::ReadText(log);
}

TEST(CrossCompile, SizeBenchPrintsEveryPlanner) {
  // bench/runtime_size.sh keeps working (its numbers are the bench's, in
  // bench/RESULTS.md; this only checks that it links and prints them).
  if (!testing::HaveProgram("arm-none-eabi-g++")) {
    GTEST_SKIP() << "arm-none-eabi-g++ not installed: skipping the size bench";
  }
  const std::string log = testing::TempDir("size_bench") + "/table.md";
  ASSERT_EQ(testing::RunShell(kSource + "/bench/runtime_size.sh", log), 0)
      << testing::ReadText(log);
  const std::string table = testing::ReadText(log);
  for (const char* planner :
       {"| arenaplan VerifyingPlanner (digest check) | ",
        "| arenaplan FullCheckPlanner (ARENAPLAN_FULL_CHECK) | ",
        "| arenaplan RecordingPlanner (+ the planner it wraps) | ",
        "| TFLM GreedyMemoryPlanner (quoted, issue 12) | 1"}) {
    const size_t at = table.find(planner);
    ASSERT_NE(at, std::string::npos) << planner << "\n" << table;
    const char next = table[at + std::string(planner).size()];
    EXPECT_TRUE(next >= '1' && next <= '9') << table;
  }
  EXPECT_NE(table.find("24 B, whatever the model"), std::string::npos) << table;
}

}  // namespace
}  // namespace arenaplan
