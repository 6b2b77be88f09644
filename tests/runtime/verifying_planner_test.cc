// The digest-checking planner hands out offsets only for the exact
// AddBuffer stream (and offsets) the host tool digested, refuses every
// altered stream with one line, and reports the plan's real head.
#include "verifying_planner.h"

#include <gtest/gtest.h>

#include <limits>

#include "micro_printf_capture.h"
#include "model/buffer_list.h"
#include "model/example_model.h"
#include "model/model_reader.h"
#include "stream_support.h"

// The golden header of the built-in example (tests/emit/golden).
#include "emit/golden/example_plan.h"

namespace arenaplan {
namespace {

using testing::Call;

constexpr size_t kRefused = std::numeric_limits<size_t>::max();

// a [0,1] and c [2,3] never live together; b [1,2] meets both; d is pinned.
const std::vector<Call> kStream = {
    {32, 0, 1}, {16, 1, 2}, {32, 2, 3}, {48, -1, 3, 64}};
const std::vector<int32_t> kOffsets = {0, 32, 0, 64};

struct Outcome {
  TfLiteStatus add = kTfLiteOk;
  TfLiteStatus commit = kTfLiteOk;
  size_t head = 0;
  std::vector<int> offsets;
  std::vector<std::string> lines;
};

// Runs `calls` through a planner holding `offsets` and `digest` as TFLM's
// micro_allocator.cc would (CreatePlan stops at the first failed
// AddBuffer, CommitPlan at the first failed offset, and only then is the
// head asked for); `lines` is what that printed. `head` is asked for in
// any case, after the lines were taken.
Outcome Feed(const std::vector<Call>& calls,
             const std::vector<int32_t>& offsets, uint32_t digest) {
  testing::PrintedLines().clear();
  const testing::PlanWords words(offsets);
  VerifyingPlanner planner(words.plan(), digest);
  Outcome out;
  out.add = testing::Add(planner, calls);
  if (out.add == kTfLiteOk) {
    out.commit =
        testing::Commit(planner, static_cast<int>(calls.size()), &out.offsets);
  }
  if (out.add == kTfLiteOk && out.commit == kTfLiteOk) {
    out.head = planner.GetMaximumMemorySize();
    out.lines = testing::PrintedLines();
  } else {
    out.lines = testing::PrintedLines();
    out.head = planner.GetMaximumMemorySize();
  }
  return out;
}

TEST(VerifyingPlanner, AcceptsTheStreamTheHostDigested) {
  const Outcome out =
      Feed(kStream, kOffsets, testing::HostDigest(kStream, kOffsets));
  EXPECT_EQ(out.add, kTfLiteOk);
  EXPECT_EQ(out.commit, kTfLiteOk);
  EXPECT_EQ(out.offsets, (std::vector<int>{0, 32, 0, 64}));
  EXPECT_EQ(out.head, 112u) << "largest offset + size";
  EXPECT_TRUE(out.lines.empty()) << testing::PrintedText();
}

TEST(VerifyingPlanner, RefusesEveryAlteredStreamWithOneLine) {
  const uint32_t digest = testing::HostDigest(kStream, kOffsets);
  struct Case {
    const char* what;
    std::vector<Call> calls;
    std::vector<int32_t> offsets;
  };
  std::vector<Case> cases;
  auto altered = [&](const char* what, auto change) {
    Case c{what, kStream, kOffsets};
    change(c);
    cases.push_back(c);
  };
  altered("size", [](Case& c) { c.calls[1].size += 16; });
  altered("first", [](Case& c) { c.calls[2].first = 1; });
  altered("last", [](Case& c) { c.calls[0].last = 2; });
  altered("pin moved", [](Case& c) { c.calls[3].pin = 80; });
  altered("pin dropped", [](Case& c) { c.calls[3].pin = -1; });
  altered("pin added", [](Case& c) { c.calls[1].pin = 32; });
  altered("offset edited", [](Case& c) { c.offsets[2] = 16; });
  altered("order", [](Case& c) { std::swap(c.calls[0], c.calls[2]); });
  altered("one call fewer", [](Case& c) { c.calls.pop_back(); });
  altered("one call more", [](Case& c) { c.calls.push_back({16, 3, 3}); });
  altered("plan one longer", [](Case& c) { c.offsets.push_back(112); });
  for (const Case& c : cases) {
    const Outcome out = Feed(c.calls, c.offsets, digest);
    EXPECT_TRUE(out.add == kTfLiteError || out.commit == kTfLiteError)
        << c.what;
    EXPECT_TRUE(out.offsets.empty()) << c.what << ": offsets handed out";
    EXPECT_EQ(out.head, kRefused) << c.what;
    ASSERT_EQ(out.lines.size(), 1u) << c.what << ":\n"
                                    << testing::PrintedText();
    EXPECT_EQ(
        out.lines[0].rfind("arenaplan: plan is for other model/kernels", 0), 0u)
        << out.lines[0];
  }
  EXPECT_NE(Feed(cases.back().calls, cases.back().offsets, digest)
                .lines[0]
                .find("(4 calls, 5 planned)"),
            std::string::npos);
}

TEST(VerifyingPlanner, AWrongDigestIsRefused) {
  const Outcome out =
      Feed(kStream, kOffsets, testing::HostDigest(kStream, kOffsets) ^ 1u);
  EXPECT_EQ(out.commit, kTfLiteError);
  EXPECT_EQ(out.lines.size(), 1u);
}

TEST(VerifyingPlanner, ANeverAddedPlanFailsTheHeadReservation) {
  // TFLM asks for no offset when it plans no buffer: GetMaximumMemorySize
  // ends the stream then, and SIZE_MAX makes TFLM's head reservation fail.
  testing::PrintedLines().clear();
  const testing::PlanWords two({0, 32});
  VerifyingPlanner planner(two.plan(), 0);
  EXPECT_EQ(planner.GetMaximumMemorySize(), kRefused);
  EXPECT_NE(testing::PrintedText().find("(0 calls, 2 planned)"),
            std::string::npos)
      << testing::PrintedText();
  // A plan of no buffers for a stream of none is fine.
  const Outcome empty = Feed({}, {}, testing::HostDigest({}, {}));
  EXPECT_EQ(empty.head, 0u);
  EXPECT_TRUE(empty.lines.empty());
}

TEST(VerifyingPlanner, RefusesIndicesOutsideThePlan) {
  const testing::PlanWords words(kOffsets);
  VerifyingPlanner planner(words.plan(),
                           testing::HostDigest(kStream, kOffsets));
  ASSERT_EQ(testing::Add(planner, kStream), kTfLiteOk);
  int offset = -7;
  EXPECT_EQ(planner.GetOffsetForBuffer(4, &offset), kTfLiteError);
  EXPECT_EQ(planner.GetOffsetForBuffer(-1, &offset), kTfLiteError);
  EXPECT_EQ(offset, -7);
  EXPECT_EQ(planner.GetOffsetForBuffer(3, &offset), kTfLiteOk);
  EXPECT_EQ(offset, 64);
  EXPECT_EQ(planner.GetBufferCount(), 4);
  EXPECT_FALSE(planner.preserves_all_tensors());
}

TEST(VerifyingPlanner, InitStartsANewStream) {
  // TFLM calls Init before each plan: a planner that refused a stream
  // (or was queried early) takes the right one afterwards.
  testing::PrintedLines().clear();
  const testing::PlanWords words(kOffsets);
  VerifyingPlanner planner(words.plan(),
                           testing::HostDigest(kStream, kOffsets));
  std::vector<Call> wrong = kStream;
  wrong[0].size = 16;
  ASSERT_EQ(testing::Add(planner, wrong), kTfLiteOk);
  EXPECT_EQ(testing::Commit(planner, 4), kTfLiteError);
  EXPECT_EQ(planner.Init(nullptr, 0), kTfLiteOk);
  ASSERT_EQ(testing::Add(planner, kStream), kTfLiteOk);
  EXPECT_EQ(testing::Commit(planner, 4), kTfLiteOk);
  EXPECT_EQ(planner.GetMaximumMemorySize(), 112u);
  EXPECT_EQ(testing::PrintedLines().size(), 1u);
}

TEST(VerifyingPlanner, KeepsNoPerBufferState) {
  EXPECT_LE(sizeof(VerifyingPlanner), 32u);
}

TEST(VerifyingPlanner, EverySingleWordChangeIsCaught) {
  // The digest step is a bijection of the word and of the state, so a
  // stream that differs in one word always gives another digest.
  std::vector<Call> calls;
  std::vector<int32_t> offsets;
  for (int i = 0; i < 24; ++i) {
    calls.push_back(
        {16 * (i % 5 + 1), i / 2, i / 2 + 3, i % 7 == 0 ? 16 * i : -1});
    offsets.push_back(16 * i);
  }
  const uint32_t digest = testing::HostDigest(calls, offsets);
  for (size_t i = 0; i < calls.size(); ++i) {
    for (int field = 0; field < 5; ++field) {
      for (int32_t delta : {1, 16, -1, 1 << 20, INT32_MIN}) {
        std::vector<Call> c = calls;
        std::vector<int32_t> o = offsets;
        int* word[] = {&c[i].size, &c[i].first, &c[i].last, &c[i].pin, &o[i]};
        *word[field] = static_cast<int32_t>(
            static_cast<uint32_t>(*word[field]) + static_cast<uint32_t>(delta));
        EXPECT_NE(testing::HostDigest(c, o), digest)
            << "buffer " << i << " field " << field << " delta " << delta;
      }
    }
  }
}

TEST(VerifyingPlanner, RunsTheExampleThroughItsGoldenHeader) {
  // The golden header's kStreamDigest was computed by the host tool; the
  // planner recomputes it from TFLM's stream for the example.
  const std::vector<uint8_t> bytes = ExampleModel();
  const Model model = ReadModel(bytes.data(), bytes.size(), "example");
  const BufferList list = DeriveBufferList(model, "example");
  ASSERT_EQ(static_cast<int>(list.buffers.size()), example::kBufferCount);
  testing::PrintedLines().clear();
  ARENAPLAN_DEFINE_PLANNER(planner, example);
  ASSERT_EQ(testing::Add(planner, testing::CallsOf(list)), kTfLiteOk);
  std::vector<int> offsets;
  ASSERT_EQ(testing::Commit(planner, example::kBufferCount, &offsets),
            kTfLiteOk)
      << testing::PrintedText();
  for (int i = 0; i < example::kBufferCount; ++i) {
    EXPECT_EQ(offsets[i],
              example::buffer_plan()->buffer_plan_entries[i].offset);
  }
  EXPECT_EQ(planner.GetMaximumMemorySize(), example::kHeadBytes);
}

TEST(VerifyingPlanner, RefusesTheExampleHeaderForAnotherBuild) {
  // The example's stream with one scratch buffer more (another kernel
  // build), and with one tensor resized (another model).
  const std::vector<uint8_t> bytes = ExampleModel();
  const Model model = ReadModel(bytes.data(), bytes.size(), "example");
  const std::vector<Call> calls =
      testing::CallsOf(DeriveBufferList(model, "example"));
  std::vector<Call> scratch = calls;
  scratch.push_back({256, 3, 3});
  std::vector<Call> resized = calls;
  resized[4].size += 16;
  for (const std::vector<Call>& stream : {scratch, resized}) {
    testing::PrintedLines().clear();
    VerifyingPlanner planner(example::buffer_plan(), example::kStreamDigest);
    const bool added = testing::Add(planner, stream) == kTfLiteOk;
    EXPECT_FALSE(added &&
                 testing::Commit(planner, static_cast<int>(stream.size())) ==
                     kTfLiteOk);
    EXPECT_EQ(testing::PrintedLines().size(), 1u) << testing::PrintedText();
  }
}

}  // namespace
}  // namespace arenaplan
