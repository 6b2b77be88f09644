#include "solve/solver.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <thread>

#include "plan/verifier.h"
#include "problem/error.h"
#include "problem/lower_bound.h"
#include "solve/exact_search.h"
#include "solve/heuristics.h"
#include "solve/instance.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {
namespace {

using Clock = std::chrono::steady_clock;

// Beyond these sizes the quadratic parts are skipped: TFLM's greedy scans
// every placed buffer per buffer, conflict lists can grow quadratically, and
// an exact search node costs O(buffers).
constexpr size_t kMaxGreedyBuffers = 20'000;
constexpr int64_t kMaxConflictPairs = 20'000'000;
constexpr int32_t kMaxExactBuffers = 4'000;

// Each search lists every buffer under every time section it spans; past
// this many entries (about 32 MB per search) the exact search is skipped.
constexpr int64_t kMaxSectionMemberships = 8'000'000;

int64_t SectionMemberships(const Instance& instance) {
  std::vector<int64_t> times;
  for (int32_t k = 0; k < instance.count(); ++k) {
    times.push_back(instance.lower[k]);
    times.push_back(instance.upper[k]);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  int64_t total = 0;
  for (int32_t k = 0; k < instance.count(); ++k) {
    total += std::lower_bound(times.begin(), times.end(), instance.upper[k]) -
             std::lower_bound(times.begin(), times.end(), instance.lower[k]);
  }
  return total;
}

struct Best {
  Plan plan;  // of the collapsed problem
  int64_t height = -1;
  std::string method;

  // Keeps `plan` when it verifies and is strictly lower than the best.
  void Offer(const Problem& problem, Plan candidate, const std::string& name) {
    const int64_t candidate_height = PlanHeight(problem, candidate);
    if (height >= 0 && candidate_height >= height) return;
    if (!VerifyPlan(problem, candidate).ok) return;
    plan = std::move(candidate);
    height = candidate_height;
    method = name;
  }
};

// Free buffers stacked one above the other over the pinned ones: always
// valid, used only when the conflicts are too many to list.
Plan StackedPlan(const Problem& problem) {
  int64_t top = 0;
  for (const Buffer& b : problem.buffers) {
    if (b.fixed_offset) top = std::max(top, *b.fixed_offset + b.size);
  }
  Plan plan;
  plan.offsets.assign(problem.buffers.size(), 0);
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    const Buffer& b = problem.buffers[i];
    if (b.fixed_offset) {
      plan.offsets[i] = *b.fixed_offset;
    } else if (b.size > 0) {
      plan.offsets[i] = AlignUp(top, b.alignment);
      top = plan.offsets[i] + b.size;
    }
  }
  return plan;
}

// Search orders tried side by side (see ExactSearch for the letters):
// which order works best varies from problem to problem; these complement
// each other on MiniMalloc's challenging instances.
const char* const kSearchKeys[] = {"TLA", "TWA", "TAW", "WAT"};

struct ExactOutcome {
  std::vector<int64_t> offsets;  // empty when nothing beat the incumbent
  int64_t height = 0;
  int64_t lower_bound = 0;  // proved: no placement is lower
  int64_t nodes = 0;
};

// Rounds of node-limited decision searches, the limit doubling each round.
// Each round asks every preorder "is there a placement at the lower bound?"
// and, while the gap is wider, "at the midpoint?". A finished search without
// a placement raises the bound; a placement lowers the incumbent. Jobs of a
// round run in parallel from the same state and are merged in job order, so
// the outcome depends on node counts only, never on timing.
ExactOutcome RunExactSearch(const Instance& instance, int64_t incumbent,
                            int64_t lower_bound, const SolveOptions& options,
                            Clock::time_point start) {
  const int64_t step = instance.granularity;
  SearchLimits limits;
  limits.cancel = options.cancel;
  if (options.time_limit_seconds > 0) {
    limits.has_deadline = true;
    limits.deadline =
        start + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(options.time_limit_seconds));
  }
  ExactOutcome outcome;
  outcome.height = incumbent;
  outcome.lower_bound = lower_bound;
  Clock::time_point last_report = start;
  SearchLimits reporting = limits;  // worker 0 runs on this thread
  if (options.progress) {
    reporting.tick = [&](int64_t) {
      const Clock::time_point now = Clock::now();
      if (now - last_report < std::chrono::milliseconds(200)) return;
      last_report = now;
      SolveProgress progress;
      progress.best_height = outcome.height;
      progress.lower_bound = outcome.lower_bound;
      progress.elapsed_seconds =
          std::chrono::duration<double>(now - start).count();
      options.progress(progress);
    };
  }

  // One search per preorder at the bound, one more at the midpoint.
  std::vector<ExactSearch> searches;
  for (const char* keys : kSearchKeys) searches.emplace_back(instance, keys);
  searches.emplace_back(instance, kSearchKeys[0]);
  const size_t at_bound = std::size(kSearchKeys);
  int64_t job_limit = std::max<int64_t>(1024, 16 * int64_t{instance.count()});
  while (outcome.lower_bound < outcome.height) {
    const int64_t low = outcome.lower_bound;
    int64_t mid = low + (outcome.height - low) / 2 / step * step;
    const size_t jobs = mid > low ? searches.size() : at_bound;
    int64_t limit = job_limit;
    if (options.node_limit > 0) {
      const int64_t left = options.node_limit - outcome.nodes;
      if (left <= 0) break;
      limit = std::min<int64_t>(limit, (left + jobs - 1) / jobs);
    }
    const int threads = std::clamp<int>(options.threads, 1, jobs);
    std::vector<char> finished(jobs, 0);
    std::vector<int64_t> nodes_before(jobs);
    for (size_t j = 0; j < jobs; ++j) nodes_before[j] = searches[j].nodes();
    auto run_jobs = [&](int worker) {
      for (size_t j = worker; j < jobs; j += threads) {
        SearchLimits job_limits = worker == 0 ? reporting : limits;
        job_limits.node_limit = limit;
        const int64_t capacity = j < at_bound ? low : mid;
        finished[j] = searches[j].Run(capacity, job_limits);
      }
    };
    std::vector<std::thread> workers;
    for (int w = 1; w < threads; ++w) workers.emplace_back(run_jobs, w);
    run_jobs(0);
    for (std::thread& t : workers) t.join();
    for (size_t j = 0; j < jobs; ++j) {
      outcome.nodes += searches[j].nodes() - nodes_before[j];
      const int64_t capacity = j < at_bound ? low : mid;
      if (searches[j].found()) {
        if (searches[j].best_height() < outcome.height) {
          outcome.height = searches[j].best_height();
          outcome.offsets = searches[j].best_offsets();
        }
      } else if (finished[j]) {
        outcome.lower_bound = std::max(outcome.lower_bound, capacity + step);
      }
    }
    outcome.lower_bound = std::min(outcome.lower_bound, outcome.height);
    if ((options.cancel && options.cancel->load()) ||
        (limits.has_deadline && Clock::now() >= limits.deadline)) {
      break;
    }
    job_limit *= 2;
  }
  return outcome;
}

}  // namespace

SolveResult Solve(const Problem& problem, const SolveOptions& options) {
  const Clock::time_point start = Clock::now();
  ValidateProblem(problem);
  CollapsedProblem collapsed = CollapseGroups(problem);
  // CollapseGroups keeps only buffers and groups.
  collapsed.collapsed.pinned_may_overlap = problem.pinned_may_overlap;
  const Problem& p = collapsed.collapsed;
  CheckPinnedBuffers(p);

  SolveResult result;
  result.lower_bound = MaxLiveLowerBound(p);
  Best best;
  if (p.buffers.size() <= kMaxGreedyBuffers) {
    best.Offer(p, TflmGreedyPlan(p), "tflm-greedy");
  }
  std::optional<Instance> instance = BuildInstance(p, kMaxConflictPairs);
  if (!instance) {
    best.Offer(p, StackedPlan(p), "stacked");
  } else {
    // Every height of a plan pushed down as far as it goes is a multiple of
    // the granularity, so the bound rounds up to one.
    result.lower_bound = AlignUp(result.lower_bound, instance->granularity);
    // Only problems too big for the exact search cut the portfolio short:
    // elsewhere every placement runs, so the start of the search (and with
    // it a proof's plan) never depends on timing.
    const bool huge = instance->count() > kMaxExactBuffers;
    auto time_left = [&](double seconds) {
      if (!huge) return true;
      if (options.cancel && options.cancel->load()) return false;
      if (options.time_limit_seconds <= 0) return true;
      const double elapsed =
          std::chrono::duration<double>(Clock::now() - start).count();
      return elapsed + seconds < options.time_limit_seconds;
    };
    for (const HeuristicPlacement& h :
         HeuristicPortfolio(*instance, time_left)) {
      if (best.height >= 0 && h.height >= best.height) continue;
      best.Offer(p, PlanFromInstance(p, *instance, h.offsets), h.name);
    }
    if (best.height < 0) {
      best.Offer(p, StackedPlan(p), "stacked");
    }
    if (best.height > result.lower_bound &&
        instance->count() <= kMaxExactBuffers &&
        SectionMemberships(*instance) <= kMaxSectionMemberships) {
      const ExactOutcome exact = RunExactSearch(
          *instance, best.height, result.lower_bound, options, start);
      result.nodes = exact.nodes;
      if (!exact.offsets.empty()) {
        best.Offer(p, PlanFromInstance(p, *instance, exact.offsets), "exact");
      }
      // The proved bound holds whichever plan is kept.
      result.lower_bound = std::max(result.lower_bound, exact.lower_bound);
    }
  }
  if (best.height < 0) {
    throw Error("no valid plan found", ExitCode::kInternal);
  }
  result.plan = ExpandPlan(collapsed, best.plan);
  RequireValidPlan(problem, result.plan);
  result.height = PlanHeight(problem, result.plan);
  result.method = best.method;
  result.lower_bound = std::min(result.lower_bound, result.height);
  result.optimal = result.height <= result.lower_bound;
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace arenaplan
