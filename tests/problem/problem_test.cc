// Problem types, the max-live bound, the verifier and the TFLM greedy
// replica on hand-made cases.
#include "problem/problem.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "plan/verifier.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "problem/lower_bound.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {
namespace {

Buffer B(int64_t size, int64_t lower, int64_t upper, int64_t alignment = 1) {
  Buffer b;
  b.size = size;
  b.lower = lower;
  b.upper = upper;
  b.alignment = alignment;
  return b;
}

TEST(LowerBound, MaxLiveCountsHalfOpenLifetimes) {
  Problem p;
  p.buffers = {B(10, 0, 2), B(20, 2, 4), B(5, 1, 3)};
  // [0,2) and [2,4) never meet; at time 1: 10+5, at time 2: 20+5.
  EXPECT_EQ(MaxLiveLowerBound(p), 25);
  p.buffers.push_back(B(1, 0, 1));
  p.buffers.back().fixed_offset = 100;
  EXPECT_EQ(MaxLiveLowerBound(p), 101);
}

TEST(LowerBound, SharedGroupCountsOnce) {
  Problem p;
  p.buffers = {B(16, 0, 2), B(16, 1, 3), B(8, 1, 2)};
  EXPECT_EQ(MaxLiveLowerBound(p), 40);
  p.groups = {{{0, 1}}};
  EXPECT_EQ(MaxLiveLowerBound(p), 24);
}

TEST(LowerBound, OverlappingPinsCountTheirUnion) {
  Problem p;
  p.buffers = {B(100, 0, 2), B(100, 0, 2), B(10, 0, 2)};
  p.buffers[0].fixed_offset = 0;
  p.buffers[1].fixed_offset = 50;
  EXPECT_EQ(MaxLiveLowerBound(p), 210);
  p.pinned_may_overlap = true;
  EXPECT_EQ(MaxLiveLowerBound(p), 160);
}

TEST(Verifier, AcceptsAValidPlanAndNamesEachViolation) {
  Problem p;
  p.buffers = {B(16, 0, 2, 16), B(16, 1, 3, 16), B(32, 2, 4, 16)};
  EXPECT_TRUE(VerifyPlan(p, {{0, 16, 32}}).ok);
  // Buffer 2 may reuse buffer 0's bytes: their lifetimes do not meet.
  EXPECT_TRUE(VerifyPlan(p, {{0, 32, 0}}).ok);
  EXPECT_EQ(VerifyPlan(p, {{0, 8, 32}}).message,
            "buffer 1: offset 8 is not a multiple of its alignment 16");
  EXPECT_EQ(VerifyPlan(p, {{0, 0, 32}}).message,
            "buffer 1 overlaps buffer 0 in memory while both are alive");
  EXPECT_EQ(VerifyPlan(p, {{0, 16, 16}}).message,
            "buffer 2 overlaps buffer 1 in memory while both are alive");
  EXPECT_EQ(VerifyPlan(p, {{0, 16}}).message,
            "plan has 2 offsets for 3 buffers");
  EXPECT_EQ(VerifyPlan(p, {{0, 16, 32}}, 63).message,
            "buffer 2: ends at 64, beyond the capacity 63");
  p.buffers[0].fixed_offset = 48;
  EXPECT_EQ(VerifyPlan(p, {{0, 16, 32}}).message,
            "buffer 0: pinned at 48 but planned at 0");
}

TEST(Verifier, GroupsMustShareAnOffsetAndMayOverlap) {
  Problem p;
  p.buffers = {B(16, 0, 2), B(16, 1, 3), B(16, 1, 2)};
  p.groups = {{{0, 1}}};
  EXPECT_TRUE(VerifyPlan(p, {{0, 0, 16}}).ok);
  EXPECT_EQ(VerifyPlan(p, {{0, 32, 16}}).message,
            "buffer 1: shares a group with buffer 0 but has another offset");
  // An overlap with a buffer outside the group is still an error.
  EXPECT_FALSE(VerifyPlan(p, {{0, 0, 8}}).ok);
}

TEST(Verifier, ZeroSizeBuffersNeverOverlap) {
  Problem p;
  p.buffers = {B(16, 0, 2), B(0, 0, 2)};
  EXPECT_TRUE(VerifyPlan(p, {{0, 0}}).ok);
}

TEST(Verifier, LoosePinsMayOverlapEachOtherOnly) {
  Problem p;
  p.buffers = {B(64, 0, 2), B(64, 0, 2), B(16, 0, 2)};
  p.buffers[0].fixed_offset = 0;
  p.buffers[1].fixed_offset = 32;
  EXPECT_FALSE(VerifyPlan(p, {{0, 32, 96}}).ok);
  p.pinned_may_overlap = true;
  EXPECT_TRUE(VerifyPlan(p, {{0, 32, 96}}).ok);
  EXPECT_EQ(VerifyPlan(p, {{0, 32, 80}}).message,
            "buffer 2 overlaps buffer 1 in memory while both are alive");
}

// Brute-force pairwise check, to cross-check the sweep.
bool PairwiseValid(const Problem& p, const Plan& plan) {
  for (size_t i = 0; i < p.buffers.size(); ++i) {
    for (size_t j = i + 1; j < p.buffers.size(); ++j) {
      const Buffer &a = p.buffers[i], &b = p.buffers[j];
      if (!LifetimesConflict(a, b) || a.size == 0 || b.size == 0) continue;
      if (plan.offsets[i] < plan.offsets[j] + b.size &&
          plan.offsets[j] < plan.offsets[i] + a.size) {
        return false;
      }
    }
  }
  return true;
}

TEST(Verifier, SweepAgreesWithPairwiseCheckOnRandomPlans) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    Problem p;
    Plan plan;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) {
      const int64_t lower = rng() % 6;
      p.buffers.push_back(B(rng() % 5, lower, lower + 1 + rng() % 4));
      plan.offsets.push_back(rng() % 12);
    }
    EXPECT_EQ(VerifyPlan(p, plan).ok, PairwiseValid(p, plan)) << round;
  }
}

TEST(TflmGreedy, LargestFirstTiesHighestIndexFirstFirstFit) {
  Problem p;
  // Equal sizes: buffer 1 (higher index) is placed first, at 0.
  p.buffers = {B(16, 0, 2), B(16, 0, 2), B(32, 1, 3), B(16, 3, 4)};
  const Plan plan = TflmGreedyPlan(p);
  // 32 first at 0; then buffer 3 (index 3 > 1 > 0) at 0 (no conflict);
  // buffer 1 above the 32; buffer 0 above buffer 1.
  EXPECT_EQ(plan.offsets, (std::vector<int64_t>{48, 32, 0, 0}));
}

TEST(TflmGreedy, UsesGapsBetweenConflictingBuffers) {
  Problem p;
  p.buffers = {B(32, 0, 1), B(32, 0, 3), B(16, 2, 3), B(32, 1, 2)};
  // 32-byte buffers in order 3, 1, 0: 3 at 0, 1 at 32 (conflicts with 3),
  // 0 at 0 (conflicts with 1 only, gap [0,32) free at time 0).
  // Buffer 2 (16) conflicts with 1 only: fits at 0.
  EXPECT_EQ(TflmGreedyPlan(p).offsets, (std::vector<int64_t>{0, 32, 0, 0}));
}

TEST(TflmGreedy, PinnedBuffersFirst) {
  Problem p;
  p.buffers = {B(16, 0, 2), B(64, 0, 2)};
  p.buffers[0].fixed_offset = 16;
  // The 64-byte buffer does not fit in [0, 16): it goes above the pin.
  EXPECT_EQ(TflmGreedyPlan(p).offsets, (std::vector<int64_t>{16, 32}));
}

// TFLM's GreedyMemoryPlanner transcribed literally (facts doc section 6):
// a walk over every placed buffer in offset order. The oracle for the
// indexed replica.
Plan LiteralTflmGreedy(const Problem& problem) {
  const int n = static_cast<int>(problem.buffers.size());
  Plan plan;
  plan.offsets.assign(n, 0);
  std::vector<int> order, online;
  for (int i = 0; i < n; ++i) {
    if (problem.buffers[i].fixed_offset) order.push_back(i);
  }
  for (int i = n - 1; i >= 0; --i) {
    if (!problem.buffers[i].fixed_offset) online.push_back(i);
  }
  // Bubble sort, descending, as TFLM does.
  for (size_t pass = 0; pass + 1 < online.size(); ++pass) {
    for (size_t j = 0; j + 1 < online.size() - pass; ++j) {
      if (problem.buffers[online[j]].size <
          problem.buffers[online[j + 1]].size) {
        std::swap(online[j], online[j + 1]);
      }
    }
  }
  order.insert(order.end(), online.begin(), online.end());
  std::vector<int> list;  // by offset, insertion order among equals
  for (int id : order) {
    const Buffer& w = problem.buffers[id];
    int64_t candidate = 0;
    if (w.fixed_offset) {
      candidate = *w.fixed_offset;
    } else {
      for (int placed : list) {
        const Buffer& o = problem.buffers[placed];
        if (!LifetimesConflict(o, w)) continue;
        if (plan.offsets[placed] - candidate >= w.size) break;
        candidate = std::max(candidate, plan.offsets[placed] + o.size);
      }
    }
    plan.offsets[id] = candidate;
    size_t pos = 0;
    while (pos < list.size() && plan.offsets[list[pos]] <= candidate) ++pos;
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(pos), id);
  }
  return plan;
}

TEST(TflmGreedy, IndexedReplicaEqualsTheLiteralWalk) {
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    Problem p;
    const int n = 1 + static_cast<int>(rng() % 40);
    const int span = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      const int64_t lower = static_cast<int64_t>(rng() % span) - 1;
      // Few distinct sizes so that ties are common; some zero-size buffers.
      p.buffers.push_back(B(16 * (rng() % 5), lower, lower + 1 + rng() % 8));
      if (rng() % 10 == 0) p.buffers.back().fixed_offset = 16 * (rng() % 8);
    }
    EXPECT_EQ(TflmGreedyPlan(p).offsets, LiteralTflmGreedy(p).offsets)
        << "round " << round;
  }
}

TEST(CollapseGroups, RejectsBadGroups) {
  Problem p;
  p.buffers = {B(16, 0, 2), B(16, 1, 3)};
  p.groups = {{{0, 5}}};
  EXPECT_THROW(CollapseGroups(p), Error);
  p.groups = {{{0, 1}}, {{1}}};
  EXPECT_THROW(CollapseGroups(p), Error);
  p.groups = {{{0, 1}}};
  const CollapsedProblem c = CollapseGroups(p);
  ASSERT_EQ(c.collapsed.buffers.size(), 1u);
  EXPECT_EQ(c.collapsed.buffers[0].lower, 0);
  EXPECT_EQ(c.collapsed.buffers[0].upper, 3);
  EXPECT_EQ(ExpandPlan(c, {{48}}).offsets, (std::vector<int64_t>{48, 48}));
}

TEST(ValidateProblem, NamesTheBadBuffer) {
  Problem p;
  p.buffers = {B(16, 0, 2), B(-1, 0, 2)};
  try {
    ValidateProblem(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "buffer 1: negative size -1");
  }
  p.buffers[1] = B(16, 3, 3);
  EXPECT_THROW(ValidateProblem(p), Error);
}

TEST(CsvTable, ParsesAndReportsLineAndColumn) {
  std::istringstream in("id,lower,upper,size\n0,0,2,16\n\n1,1,x,16\n");
  const CsvTable t = CsvTable::Parse(in, "p.csv");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.Integer(0, t.RequireColumn("size"), 0, 100), 16);
  try {
    t.Integer(1, t.RequireColumn("upper"), 0, 100);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "p.csv: line 4, column 'upper': 'x' is not an integer");
  }
  EXPECT_THROW(t.RequireColumn("offset"), Error);
  std::istringstream ragged("a,b\n1\n");
  EXPECT_THROW(CsvTable::Parse(ragged, "r.csv"), Error);
}

}  // namespace
}  // namespace arenaplan
