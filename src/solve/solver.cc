#include "solve/solver.h"

#include <algorithm>
#include <chrono>
#include <iterator>
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

// Rounds of node-limited decision searches. Each round asks every search
// order "is there a placement at the lower bound?" (a finished search
// without one raises the bound) and "one step, 1/8, 1/4, 1/2 of the gap
// below the incumbent?" (a placement lowers the incumbent). The bound jobs'
// node limit doubles every round; the improving jobs' limit starts small
// again after every improvement, because a placement under a new incumbent
// is usually found in few nodes or not at all. Jobs of a round run in
// parallel from the same state and are merged in job order, so the outcome
// depends on node counts only, never on timing.
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

  // Searches keep no state between runs but their buffers: one per job.
  // Improving jobs aim one step under the incumbent and at 1/8, 1/4 and 1/2
  // of the gap under it, with every search order.
  const size_t orders = std::size(kSearchKeys);
  constexpr int kTargets = 4;
  std::vector<ExactSearch> searches;
  for (size_t role = 0; role < 1 + kTargets; ++role) {
    for (const char* keys : kSearchKeys) searches.emplace_back(instance, keys);
  }
  struct Job {
    size_t search;
    int64_t capacity;
    int64_t node_limit;
  };
  const int64_t first_limit =
      std::max<int64_t>(1024, 16 * int64_t{instance.count()});
  int64_t bound_limit = first_limit, improve_limit = first_limit;
  while (outcome.lower_bound < outcome.height) {
    const int64_t low = outcome.lower_bound;
    const int64_t gap = outcome.height - low;
    std::vector<Job> jobs;
    for (size_t j = 0; j < orders; ++j) jobs.push_back({j, low, bound_limit});
    int64_t previous = outcome.height;
    for (int t = 0; t < kTargets; ++t) {
      const int64_t below = t == 0 ? step : gap / (int64_t{1} << (4 - t));
      const int64_t target = outcome.height - AlignUp(below, step);
      if (target <= low || target >= previous) continue;
      previous = target;
      for (size_t j = 0; j < orders; ++j) {
        jobs.push_back({(1 + t) * orders + j, target, improve_limit});
      }
    }
    if (options.node_limit > 0) {
      const int64_t left = options.node_limit - outcome.nodes;
      if (left <= 0) break;
      const int64_t share =
          (left + static_cast<int64_t>(jobs.size()) - 1) / jobs.size();
      for (Job& job : jobs) job.node_limit = std::min(job.node_limit, share);
    }
    const int threads = std::clamp<int>(options.threads, 1, jobs.size());
    std::vector<char> finished(jobs.size(), 0);
    std::vector<int64_t> nodes_before(jobs.size());
    for (size_t j = 0; j < jobs.size(); ++j) {
      nodes_before[j] = searches[jobs[j].search].nodes();
    }
    auto run_jobs = [&](int worker) {
      for (size_t j = worker; j < jobs.size(); j += threads) {
        SearchLimits job_limits = worker == 0 ? reporting : limits;
        job_limits.node_limit = jobs[j].node_limit;
        finished[j] =
            searches[jobs[j].search].Run(jobs[j].capacity, job_limits);
      }
    };
    std::vector<std::thread> workers;
    for (int w = 1; w < threads; ++w) workers.emplace_back(run_jobs, w);
    run_jobs(0);
    for (std::thread& t : workers) t.join();
    bool improved = false;
    for (size_t j = 0; j < jobs.size(); ++j) {
      const ExactSearch& search = searches[jobs[j].search];
      outcome.nodes += search.nodes() - nodes_before[j];
      if (search.found()) {
        if (search.best_height() < outcome.height) {
          outcome.height = search.best_height();
          outcome.offsets = search.best_offsets();
          improved = true;
        }
      } else if (finished[j]) {
        outcome.lower_bound =
            std::max(outcome.lower_bound, jobs[j].capacity + step);
      }
    }
    outcome.lower_bound = std::min(outcome.lower_bound, outcome.height);
    if ((options.cancel && options.cancel->load()) ||
        (limits.has_deadline && Clock::now() >= limits.deadline)) {
      break;
    }
    bound_limit *= 2;
    improve_limit = improved ? first_limit : 2 * improve_limit;
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
