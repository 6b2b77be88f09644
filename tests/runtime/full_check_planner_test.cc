// The debugging planner (ARENAPLAN_FULL_CHECK) re-checks the layout on the
// device: it refuses unsafe plans with a specific line even when their
// digest matches (a plan digested by mistake), and still refuses a safe
// layout whose digest differs.
#include "full_check_planner.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

#include "micro_printf_capture.h"
#include "stream_support.h"

namespace arenaplan {
namespace {

using testing::Call;

// A FullCheckPlanner for `offsets` whose digest matches `calls`, so only
// the layout checks decide.
class Fixture {
 public:
  Fixture(const std::vector<Call>& calls, std::vector<int32_t> offsets,
          std::vector<int32_t> pairs = {})
      : calls_(calls),
        words_(offsets),
        pairs_(std::move(pairs)),
        records_(offsets.size() + 1) {
    planner_.emplace(words_.plan(), testing::HostDigest(calls, offsets),
                     records_.data(), static_cast<int>(offsets.size()),
                     pairs_.empty() ? nullptr : pairs_.data(),
                     static_cast<int>(pairs_.size() / 2));
    testing::PrintedLines().clear();
  }
  FullCheckPlanner& planner() { return *planner_; }
  // AddBuffer for every call, then CommitPlan.
  TfLiteStatus Run(std::vector<int>* offsets = nullptr) {
    if (testing::Add(*planner_, calls_) != kTfLiteOk) return kTfLiteError;
    return testing::Commit(*planner_, static_cast<int>(calls_.size()), offsets);
  }

 private:
  std::vector<Call> calls_;
  testing::PlanWords words_;
  std::vector<int32_t> pairs_;
  std::vector<PlannedBuffer> records_;
  std::optional<FullCheckPlanner> planner_;  // planners are never deleted
                                             // through the heap
};

bool Printed(const std::string& part) {
  return testing::PrintedText().find(part) != std::string::npos;
}

// a [0,1] and c [2,3] never live together; b [1,2] meets both.
const std::vector<Call> kThree = {{32, 0, 1}, {16, 1, 2}, {32, 2, 3}};

TEST(FullCheckPlanner, AcceptsAGoodPlan) {
  Fixture f(kThree, {0, 32, 0});
  std::vector<int> offsets;
  ASSERT_EQ(f.Run(&offsets), kTfLiteOk) << testing::PrintedText();
  EXPECT_EQ(offsets, (std::vector<int>{0, 32, 0}));
  EXPECT_EQ(f.planner().GetMaximumMemorySize(), 48u);
  EXPECT_TRUE(testing::PrintedLines().empty());
}

TEST(FullCheckPlanner, RejectsOverlapOfLiveBuffers) {
  Fixture f(kThree, {0, 16, 0});  // b overlaps a's last 16 bytes
  EXPECT_EQ(f.Run(), kTfLiteError);
  EXPECT_TRUE(Printed("buffers 0 [0, 32) and 1 [16, 32)"))
      << testing::PrintedText();
  EXPECT_EQ(testing::PrintedLines().size(), 1u);
  EXPECT_EQ(f.planner().GetMaximumMemorySize(),
            std::numeric_limits<size_t>::max());
}

TEST(FullCheckPlanner, NeverCreatedBuffersStillConflict) {
  Fixture f({{16, -1, 1}, {16, 0, 2}}, {0, 0});
  EXPECT_EQ(f.Run(), kTfLiteError);
}

TEST(FullCheckPlanner, RejectsMisalignedAndNegativeOffsets) {
  Fixture misaligned(kThree, {0, 40, 0});
  EXPECT_EQ(misaligned.Run(), kTfLiteError);
  EXPECT_TRUE(Printed("multiple of 16"));
  Fixture negative(kThree, {0, -16, 0});
  EXPECT_EQ(negative.Run(), kTfLiteError);
}

TEST(FullCheckPlanner, PinsMustMatchThePlan) {
  Fixture good({{32, 0, 1, 0}, {16, 1, 2}, {32, 2, 3}}, {0, 32, 0});
  EXPECT_EQ(good.Run(), kTfLiteOk) << testing::PrintedText();
  Fixture bad({{32, 0, 1, 64}, {16, 1, 2}, {32, 2, 3}}, {0, 32, 0});
  EXPECT_EQ(bad.Run(), kTfLiteError);
  EXPECT_TRUE(Printed("pinned at 64, the plan says 0"))
      << testing::PrintedText();
}

TEST(FullCheckPlanner, PinnedBuffersMayOverlapEachOtherOnly) {
  // TFLM takes metadata pins as given, also unaligned ones.
  Fixture pinned({{16, 0, 1, 8}, {16, 0, 1, 8}}, {8, 8});
  EXPECT_EQ(pinned.Run(), kTfLiteOk) << testing::PrintedText();
  Fixture mixed({{16, 0, 1, 0}, {16, 0, 1}}, {0, 0});
  EXPECT_EQ(mixed.Run(), kTfLiteError);
}

TEST(FullCheckPlanner, AcceptsDeclaredSharingOnly) {
  // In place: b's output takes the address of a, which dies at b's op.
  const std::vector<Call> calls = {{32, 0, 1}, {32, 1, 2}, {16, 1, 1}};
  Fixture shared(calls, {0, 0, 32}, {0, 1});
  EXPECT_EQ(shared.Run(), kTfLiteOk) << testing::PrintedText();
  Fixture undeclared(calls, {0, 0, 32});
  EXPECT_EQ(undeclared.Run(), kTfLiteError);
  Fixture apart(calls, {0, 16, 48}, {0, 1});  // declared, other offsets
  EXPECT_EQ(apart.Run(), kTfLiteError);
  Fixture third(calls, {0, 0, 16}, {0, 1});  // overlaps the shared pair
  EXPECT_EQ(third.Run(), kTfLiteError);
  Fixture group({{32, 0, 1}, {32, 1, 2}, {32, 2, 3}}, {0, 0, 0}, {0, 1, 0, 2});
  EXPECT_EQ(group.Run(), kTfLiteOk) << testing::PrintedText();
}

TEST(FullCheckPlanner, RejectsMalformedPairs) {
  const std::vector<Call> calls = {{32, 0, 1}, {32, 1, 2}};
  for (const std::vector<int32_t>& pairs :
       {std::vector<int32_t>{1, 0}, {0, 0}, {0, 5}, {-1, 1}}) {
    Fixture f(calls, {0, 0}, pairs);
    EXPECT_EQ(f.Run(), kTfLiteError) << pairs[0] << "," << pairs[1];
  }
}

TEST(FullCheckPlanner, RejectsWrongCountsAndDigests) {
  const testing::PlanWords words({0, 32, 0});
  const uint32_t digest = testing::HostDigest(kThree, {0, 32, 0});
  std::vector<PlannedBuffer> records(3);
  for (const std::vector<Call>& calls :
       {std::vector<Call>{kThree[0], kThree[1]},
        std::vector<Call>{kThree[0], kThree[1], kThree[2], {16, 3, 3}},
        std::vector<Call>{kThree[0], {16, 1, 1}, kThree[2]}}) {
    testing::PrintedLines().clear();
    FullCheckPlanner planner(words.plan(), digest, records.data(), 3);
    const bool added = testing::Add(planner, calls) == kTfLiteOk;
    EXPECT_FALSE(added && testing::Commit(planner, 3) == kTfLiteOk);
    ASSERT_EQ(testing::PrintedLines().size(), 1u) << testing::PrintedText();
    EXPECT_TRUE(Printed("plan is for other model/kernels"));
  }
}

TEST(FullCheckPlanner, RejectsTooLittleRecordSpace) {
  const testing::PlanWords words({0, 32, 0});
  std::vector<PlannedBuffer> records(2);
  FullCheckPlanner planner(
      words.plan(), testing::HostDigest(kThree, {0, 32, 0}), records.data(), 2);
  testing::PrintedLines().clear();
  EXPECT_EQ(testing::Add(planner, kThree), kTfLiteError);
  EXPECT_TRUE(Printed("record space for 2 buffers, the plan has 3"));
  EXPECT_EQ(testing::Commit(planner, 3), kTfLiteError);
}

TEST(FullCheckPlanner, InitStartsANewStream) {
  Fixture f(kThree, {0, 32, 0});
  ASSERT_EQ(f.Run(), kTfLiteOk);
  EXPECT_EQ(f.planner().Init(nullptr, 0), kTfLiteOk);
  EXPECT_EQ(f.planner().GetBufferCount(), 0);
  EXPECT_EQ(f.Run(), kTfLiteOk) << testing::PrintedText();
}

}  // namespace
}  // namespace arenaplan
