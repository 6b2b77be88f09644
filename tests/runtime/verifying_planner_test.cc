// The verifying planner accepts exactly the plans that are safe for the
// buffers TFLM adds, and reports the real head size.
#include "verifying_planner.h"

#include <gtest/gtest.h>

#include <vector>

#include "micro_printf_capture.h"
#include "model/buffer_list.h"
#include "model/example_model.h"
#include "model/model_reader.h"

// The golden header of the built-in example (tests/emit/golden).
#include "emit/golden/example_plan.h"

namespace arenaplan {
namespace {

struct Call {
  int size, first, last;
  int pin = -1;  // -1: the 3-argument AddBuffer
};

// A plan as TFLM stores it: int32 [count, offset0, offset1, ...].
class Fixture {
 public:
  Fixture(std::vector<int32_t> offsets, std::vector<int32_t> pairs = {})
      : pairs_(std::move(pairs)) {
    words_.push_back(static_cast<int32_t>(offsets.size()));
    words_.insert(words_.end(), offsets.begin(), offsets.end());
    words_.push_back(0);  // a plan of 0 buffers still has one entry
    records_.resize(offsets.size() + 1);
    planner_ = std::make_unique<VerifyingPlanner>(
        reinterpret_cast<const tflite::BufferPlan*>(words_.data()),
        records_.data(), static_cast<int>(offsets.size()),
        pairs_.empty() ? nullptr : pairs_.data(),
        static_cast<int>(pairs_.size() / 2));
    testing::PrintedLines().clear();
  }
  VerifyingPlanner& planner() { return *planner_; }
  TfLiteStatus Add(const std::vector<Call>& calls) {
    for (const Call& c : calls) {
      const TfLiteStatus status =
          c.pin == -1 ? planner_->AddBuffer(c.size, c.first, c.last)
                      : planner_->AddBuffer(c.size, c.first, c.last, c.pin);
      if (status != kTfLiteOk) return status;
    }
    return kTfLiteOk;
  }
  // GetOffsetForBuffer for every buffer, as TFLM's CommitPlan does.
  TfLiteStatus Commit(std::vector<int>* offsets = nullptr) {
    for (int i = 0; i < planner_->GetBufferCount(); ++i) {
      int offset = -1;
      if (planner_->GetOffsetForBuffer(i, &offset) != kTfLiteOk) {
        return kTfLiteError;
      }
      if (offsets) offsets->push_back(offset);
    }
    return kTfLiteOk;
  }

 private:
  std::vector<int32_t> words_;
  std::vector<int32_t> pairs_;
  std::vector<PlannedBuffer> records_;
  std::unique_ptr<VerifyingPlanner> planner_;
};

// a [0,1] and c [2,3] never live together; b [1,2] meets both.
const std::vector<Call> kThree = {{32, 0, 1}, {16, 1, 2}, {32, 2, 3}};

TEST(VerifyingPlanner, AcceptsAGoodPlan) {
  Fixture f({0, 32, 0});
  ASSERT_EQ(f.Add(kThree), kTfLiteOk);
  std::vector<int> offsets;
  ASSERT_EQ(f.Commit(&offsets), kTfLiteOk) << testing::PrintedText();
  EXPECT_EQ(offsets, (std::vector<int>{0, 32, 0}));
  EXPECT_EQ(f.planner().GetBufferCount(), 3);
  EXPECT_EQ(f.planner().GetMaximumMemorySize(), 48u);
  EXPECT_FALSE(f.planner().preserves_all_tensors());
  EXPECT_TRUE(testing::PrintedLines().empty());
}

TEST(VerifyingPlanner, RejectsOverlapOfLiveBuffers) {
  Fixture f({0, 16, 0});  // b overlaps a's last 16 bytes while both live
  ASSERT_EQ(f.Add(kThree), kTfLiteOk);
  EXPECT_EQ(f.Commit(), kTfLiteError);
  EXPECT_NE(testing::PrintedText().find("buffers 0 [0, 32) and 1 [16, 32)"),
            std::string::npos)
      << testing::PrintedText();
}

TEST(VerifyingPlanner, NeverCreatedBuffersStillConflict) {
  // first = -1 (TFLM's "never created") conflicts with everything alive
  // up to its last use.
  Fixture f({0, 0});
  ASSERT_EQ(f.Add({{16, -1, 1}, {16, 0, 2}}), kTfLiteOk);
  EXPECT_EQ(f.Commit(), kTfLiteError);
}

TEST(VerifyingPlanner, RejectsMisalignedOffset) {
  Fixture f({0, 40, 0});
  ASSERT_EQ(f.Add(kThree), kTfLiteOk);
  EXPECT_EQ(f.Commit(), kTfLiteError);
  EXPECT_NE(testing::PrintedText().find("multiple of 16"), std::string::npos);
}

TEST(VerifyingPlanner, RejectsNegativeOffset) {
  Fixture f({0, -16, 0});
  ASSERT_EQ(f.Add(kThree), kTfLiteOk);
  EXPECT_EQ(f.Commit(), kTfLiteError);
}

TEST(VerifyingPlanner, RejectsTooFewAddBufferCalls) {
  Fixture f({0, 32, 0, 64});
  ASSERT_EQ(f.Add(kThree), kTfLiteOk);
  EXPECT_EQ(f.Commit(), kTfLiteError);
  EXPECT_NE(testing::PrintedText().find("added 3 buffers, the plan has 4"),
            std::string::npos)
      << testing::PrintedText();
}

TEST(VerifyingPlanner, ReportsAPlanForBuffersTflmNeverAdded) {
  Fixture f({0, 32});
  EXPECT_EQ(f.planner().GetMaximumMemorySize(), 0u);
  EXPECT_NE(testing::PrintedText().find("added 0 buffers, the plan has 2"),
            std::string::npos)
      << testing::PrintedText();
}

TEST(VerifyingPlanner, RejectsTooManyAddBufferCalls) {
  Fixture f({0, 32});
  EXPECT_EQ(f.Add(kThree), kTfLiteError);
  EXPECT_EQ(f.Commit(), kTfLiteError) << "a failed AddBuffer stays failed";
}

TEST(VerifyingPlanner, PinsMustMatchThePlan) {
  Fixture good({0, 32, 0});
  EXPECT_EQ(good.Add({{32, 0, 1, 0}, {16, 1, 2}, {32, 2, 3}}), kTfLiteOk);
  EXPECT_EQ(good.Commit(), kTfLiteOk);
  Fixture bad({0, 32, 0});
  EXPECT_EQ(bad.Add({{32, 0, 1, 64}}), kTfLiteError);
  EXPECT_NE(testing::PrintedText().find("pinned at 64, the plan says 0"),
            std::string::npos);
}

TEST(VerifyingPlanner, PinnedBuffersMayOverlapEachOtherOnly) {
  // TFLM takes metadata pins as given, also unaligned ones.
  Fixture pinned({8, 8});
  ASSERT_EQ(pinned.Add({{16, 0, 1, 8}, {16, 0, 1, 8}}), kTfLiteOk);
  EXPECT_EQ(pinned.Commit(), kTfLiteOk);
  Fixture mixed({0, 0});
  ASSERT_EQ(mixed.Add({{16, 0, 1, 0}, {16, 0, 1}}), kTfLiteOk);
  EXPECT_EQ(mixed.Commit(), kTfLiteError);
}

TEST(VerifyingPlanner, AcceptsDeclaredSharingOnly) {
  // In place: b's output takes the address of a, which dies at b's op.
  const std::vector<Call> calls = {{32, 0, 1}, {32, 1, 2}, {16, 1, 1}};
  Fixture shared({0, 0, 32}, {0, 1});
  ASSERT_EQ(shared.Add(calls), kTfLiteOk);
  EXPECT_EQ(shared.Commit(), kTfLiteOk) << testing::PrintedText();
  Fixture undeclared({0, 0, 32});
  ASSERT_EQ(undeclared.Add(calls), kTfLiteOk);
  EXPECT_EQ(undeclared.Commit(), kTfLiteError);
  // Declared, but at different offsets.
  Fixture apart({0, 16, 48}, {0, 1});
  ASSERT_EQ(apart.Add(calls), kTfLiteOk);
  EXPECT_EQ(apart.Commit(), kTfLiteError);
  // The third buffer overlaps the shared pair: still an error.
  Fixture third({0, 0, 16}, {0, 1});
  ASSERT_EQ(third.Add(calls), kTfLiteOk);
  EXPECT_EQ(third.Commit(), kTfLiteError);
}

TEST(VerifyingPlanner, GroupsOfThreeShareThroughTheirFirstMember) {
  const std::vector<Call> calls = {{32, 0, 1}, {32, 1, 2}, {32, 2, 3}};
  Fixture group({0, 0, 0}, {0, 1, 0, 2});
  ASSERT_EQ(group.Add(calls), kTfLiteOk);
  EXPECT_EQ(group.Commit(), kTfLiteOk) << testing::PrintedText();
}

TEST(VerifyingPlanner, RejectsMalformedPairs) {
  const std::vector<Call> calls = {{32, 0, 1}, {32, 1, 2}};
  for (const std::vector<int32_t>& pairs :
       {std::vector<int32_t>{1, 0}, {0, 0}, {0, 5}, {-1, 1}}) {
    Fixture f({0, 0}, pairs);
    ASSERT_EQ(f.Add(calls), kTfLiteOk);
    EXPECT_EQ(f.Commit(), kTfLiteError) << pairs[0] << "," << pairs[1];
  }
}

TEST(VerifyingPlanner, RejectsIndexOutOfRange) {
  Fixture f({0, 32, 0});
  ASSERT_EQ(f.Add(kThree), kTfLiteOk);
  int offset = 0;
  EXPECT_EQ(f.planner().GetOffsetForBuffer(3, &offset), kTfLiteError);
  EXPECT_EQ(f.planner().GetOffsetForBuffer(-1, &offset), kTfLiteError);
  EXPECT_EQ(f.planner().GetOffsetForBuffer(2, &offset), kTfLiteOk);
}

TEST(VerifyingPlanner, ZeroByteBuffersFitAnywhere) {
  Fixture f({0, 16});
  ASSERT_EQ(f.Add({{16, 0, 1}, {0, 0, 1}}), kTfLiteOk);
  EXPECT_EQ(f.Commit(), kTfLiteOk);
  EXPECT_EQ(f.planner().GetMaximumMemorySize(), 16u);
}

TEST(VerifyingPlanner, RunsTheExampleThroughItsGoldenHeader) {
  const std::vector<uint8_t> bytes = ExampleModel();
  const Model model = ReadModel(bytes.data(), bytes.size(), "example");
  const BufferList list = DeriveBufferList(model, "example");
  ASSERT_EQ(static_cast<int>(list.buffers.size()), example::kBufferCount);
  PlannedBuffer records[example::kBufferCount];
  VerifyingPlanner planner(example::buffer_plan(), records,
                           example::kBufferCount, example::shared_pairs(),
                           example::kSharedPairCount);
  for (const ModelBuffer& b : list.buffers) {
    ASSERT_EQ(planner.AddBuffer(static_cast<int>(b.size), b.first, b.last),
              kTfLiteOk);
  }
  for (int i = 0; i < example::kBufferCount; ++i) {
    int offset = -1;
    ASSERT_EQ(planner.GetOffsetForBuffer(i, &offset), kTfLiteOk)
        << testing::PrintedText();
    EXPECT_EQ(offset, example::buffer_plan()->buffer_plan_entries[i].offset);
  }
  EXPECT_EQ(planner.GetMaximumMemorySize(), example::kHeadBytes);
}

}  // namespace
}  // namespace arenaplan
