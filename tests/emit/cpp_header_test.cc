// The C++ header: golden text for the built-in example, identifiers, and
// refusal without a complete buffer list. (That generated headers compile
// for the host and Cortex-M4 is checked in tests/runtime.)
//
// Golden file tests/emit/golden/example_plan.h: after an intended change,
// regenerate it from the checkout with
//   build/arenaplan plan --example --kernels reference --header
//     tests/emit/golden/example_plan.h
// and review the diff.
#include "emit/cpp_header.h"

#include <gtest/gtest.h>

#include "emit/emit_support.h"
#include "emit/sha256.h"
#include "model/example_model.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

TEST(CppHeader, GoldenExample) {
  const std::string dir = testing::TempDir("header_golden");
  const auto r =
      testing::RunCli({"plan", "--example", "--kernels", "reference",
                       "--header", dir + "/plan.h"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::ReadText(dir + "/plan.h"),
            testing::ReadText(testing::GoldenPath("example_plan.h")))
      << "header text changed; if intended, regenerate: build/arenaplan plan "
         "--example --kernels reference --header "
         "tests/emit/golden/example_plan.h";
}

TEST(CppHeader, StatesWhatItWasMadeFrom) {
  const std::vector<uint8_t> bytes = ExampleModel();
  const ModelPlan plan = testing::PlanBytes(bytes, "example");
  HeaderSource source{"example.tflite", Sha256Hex(bytes.data(), bytes.size()),
                      "my_build.csv"};
  const std::string text = BufferPlanHeader(plan, "my_model", source);
  for (const std::string& part :
       {std::string("namespace my_model {"), source.model_sha256,
        std::string("my_build.csv"), std::string("kBufferCount = 16;"),
        "kHeadBytes = " + std::to_string(plan.solve.height) + ";",
        "TFLM greedy:  " + std::to_string(plan.tflm_greedy_height),
        "lower bound:  " + std::to_string(plan.solve.lower_bound)}) {
    EXPECT_NE(text.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(text.find(".buffer_plan_entries"), std::string::npos)
      << "no designated initialisers";
}

TEST(CppHeader, IdentifierFromPath) {
  EXPECT_EQ(IdentifierFromPath("models/person_detect.tflite"), "person_detect");
  EXPECT_EQ(IdentifierFromPath("/a/b/mobilenet-v2 (1).tflite"),
            "mobilenet_v2_1_");
  EXPECT_EQ(IdentifierFromPath("96x96.tflite"), "model_96x96");
  EXPECT_EQ(IdentifierFromPath("class.tflite"), "model_class");
  EXPECT_EQ(IdentifierFromPath("_x.tflite"), "model_x");
  for (const char* path : {"a.tflite", "--.tflite", "9", "", "ü.tflite"}) {
    EXPECT_NO_THROW(RequireIdentifier(IdentifierFromPath(path))) << path;
  }
}

TEST(CppHeader, RejectsBadNames) {
  for (const char* name :
       {"", "1abc", "class", "a-b", "a::b", "_Reserved", "a__b"}) {
    EXPECT_THROW(RequireIdentifier(name), Error) << name;
  }
  EXPECT_NO_THROW(RequireIdentifier("kws_plan2"));
}

TEST(CppHeader, RefusedWithoutScratchRecording) {
  const ModelPlan plan = testing::PlanBytes(testing::MeanModel(), "mean");
  ASSERT_FALSE(plan.list.scratch_ops.empty());
  try {
    RequireCompleteBufferList(plan.list, "mean");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("MEAN"), std::string::npos) << message;
    EXPECT_NE(message.find("--recorded"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace arenaplan
