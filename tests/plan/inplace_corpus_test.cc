// In-place sharing on real models (the corpus bounds) and through the CLI:
// the bound, the baseline and the report fields the plan command states.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "plan_test_util.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan::testing {
namespace {

struct CorpusCase {
  const char* model;
  InplaceMode mode;
  int64_t bound;
  int64_t baseline;
};

TEST(InplaceCorpus, BoundsOnRealModels) {
  ARENAPLAN_REQUIRE_SHARED();
  const CorpusCase cases[] = {
      {"tensorflow-examples/recommendation_rnn_i10o100", InplaceMode::kSafe,
       16624, 31648},
      {"tflite-support/yamnet_audio_classifier_with_metadata",
       InplaceMode::kSafe, 393984, 394752},
      {"arm-ml-zoo/ssd_mobilenet_v3_int8", InplaceMode::kElementwise, 716800,
       819200},
  };
  for (const CorpusCase& c : cases) {
    const std::string path =
        SharedDir() + "/corpus/models/" + c.model + ".tflite";
    std::ifstream file(path, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                     std::istreambuf_iterator<char>());
    Model model = ReadModel(bytes.data(), bytes.size(), path);
    BufferList list = DeriveBufferList(model, path);
    PlanOptions options;
    options.inplace = c.mode;
    const ModelPlan plan =
        PlanModel(std::move(model), std::move(list), path, options);
    EXPECT_EQ(plan.baseline_lower_bound, c.baseline) << c.model;
    EXPECT_EQ(plan.solve.lower_bound, c.bound) << c.model;
    EXPECT_TRUE(VerifyPlan(plan.problem, plan.solve.plan).ok) << c.model;
    EXPECT_LE(plan.solve.height, plan.tflm_greedy_height) << c.model;
  }
}

TEST(InplaceCorpus, RecommendationRnnDefaultArenaReachesTheBound) {
  ARENAPLAN_REQUIRE_SHARED();
  const CommandResult r =
      RunCli({"plan", SharedDir() + "/corpus/models/tensorflow-examples/"
                                    "recommendation_rnn_i10o100.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("arena:        16624 bytes"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("in-place:     safe, 2 shared pair(s)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("peak:         16624 bytes"), std::string::npos);
}

TEST(InplaceCli, UnknownModeAndPreserveNameFailWithOneLine) {
  const CommandResult mode = RunCli({"plan", "--example", "--inplace", "all"});
  EXPECT_EQ(mode.exit_code, static_cast<int>(ExitCode::kUsage));
  EXPECT_NE(mode.err.find("unknown mode 'all'"), std::string::npos) << mode.err;
  const CommandResult name =
      RunCli({"plan", "--example", "--preserve", "stem/conv,nope"});
  EXPECT_EQ(name.exit_code, static_cast<int>(ExitCode::kUsage));
  EXPECT_NE(name.err.find("'nope'"), std::string::npos) << name.err;
  EXPECT_EQ(std::count(name.err.begin(), name.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace arenaplan::testing

namespace arenaplan::testing {
namespace {

TEST(InplaceCli, ReportCarriesModeBoundsPairsAndPeak) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string report = TempDir("inplace_report") + "/r.json";
  const CommandResult r =
      RunCli({"plan",
              SharedDir() + "/corpus/models/tensorflow-examples/"
                            "recommendation_rnn_i10o100.tflite",
              "--report", report});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(ReadText(report));
  EXPECT_EQ(json["inplace_mode"], "safe");
  EXPECT_EQ(json["baseline_lower_bound_bytes"], 31648);
  EXPECT_EQ(json["lower_bound_bytes"], 16624);
  EXPECT_EQ(json["elementwise_lower_bound_bytes"], 16624);
  ASSERT_EQ(json["shared_pairs"].size(), 2u);
  EXPECT_EQ(json["shared_pairs"][0]["op_name"], "RESHAPE");
  EXPECT_EQ(json["peak"]["bytes"], 16624);
  EXPECT_EQ(json["peak"]["steps"][0]["op_name"], "TOPK_V2");
  EXPECT_EQ(json["peak"]["steps"][0]["alive"][0]["names"], "tfl.reshape2");
  // Both tensors of a shared pair sit at one offset.
  for (const auto& pair : json["shared_pairs"]) {
    EXPECT_EQ(json["buffers"][pair["input_buffer"].get<int>()]["offset"],
              json["buffers"][pair["output_buffer"].get<int>()]["offset"]);
  }
}

}  // namespace
}  // namespace arenaplan::testing
