// Every real model in ../shared either yields a buffer list that plans and
// verifies, or a one-line error that names why; none crashes.
#include <gtest/gtest.h>

#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

TEST(Corpus, EveryModelPlansOrFailsWithOneLine) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string root = testing::SharedDir() + "/corpus/models";
  size_t planned = 0, refused = 0;
  for (const char* source :
       {"arm-ml-zoo", "litert", "mediapipe", "mlcommons-tiny",
        "tensorflow-examples", "tflite-micro", "tflite-support"}) {
    for (const std::string& path :
         testing::ListFiles(root + "/" + source, ".tflite")) {
      SCOPED_TRACE(path);
      try {
        const std::vector<uint8_t> bytes = ReadFileBytes(path);
        Model model = ReadModel(bytes.data(), bytes.size(), path);
        BufferList list = DeriveBufferList(model, path);
        SolveOptions options;
        options.time_limit_seconds = 1;
        const ModelPlan plan =
            PlanModel(std::move(model), std::move(list), path, options);
        EXPECT_LE(plan.solve.height, plan.tflm_greedy_height);
        EXPECT_GE(plan.solve.height, plan.solve.lower_bound);
        ++planned;
      } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
        ++refused;
      }
    }
  }
  EXPECT_EQ(planned + refused, 36u);
  EXPECT_GE(planned, 30u);
}

}  // namespace
}  // namespace arenaplan
