// `arenaplan solve`: place the buffers of a MiniMalloc problem CSV.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "emit/atomic_file.h"
#include "plan/verifier.h"
#include "problem/error.h"
#include "problem/problem_csv.h"
#include "solve/solver.h"

namespace arenaplan::cli {
namespace {

struct SolveArgs {
  std::string problem;
  std::string output;
  std::string report;
  double time_limit = 5.0;
  int64_t node_limit = 0;
  int threads = 2;
};

void RunSolve(const SolveArgs& args) {
  const ProblemCsv input = ReadProblemCsv(args.problem);
  SolveOptions options;
  options.time_limit_seconds = args.time_limit;
  options.node_limit = args.node_limit;
  options.threads = args.threads;
  options.cancel = &g_interrupted;
  SolveResult result;
  {
    TerminalProgress progress(/*after_seconds=*/0);
    options.progress = progress.Callback();
    result = Solve(input.problem, options);
  }
  if (g_interrupted) {
    throw Error("interrupted: no output written", ExitCode::kInterrupted);
  }
  RequireValidPlan(input.problem, result.plan);
  if (!args.output.empty()) {
    WriteFileAtomically(args.output, SolutionCsv(input, result.plan));
  }
  if (!args.report.empty()) {
    nlohmann::ordered_json report;
    report["problem"] = args.problem;
    report["buffers"] = input.problem.buffers.size();
    report["height"] = result.height;
    report["lower_bound"] = result.lower_bound;
    report["optimal"] = result.optimal;
    report["seconds"] = result.seconds;
    report["method"] = result.method;
    report["nodes"] = result.nodes;
    WriteFileAtomically(args.report, report.dump(2) + "\n");
  }
  std::printf(
      "height:       %lld bytes\nlower bound:  %lld bytes\noptimal:      "
      "%s\nmethod:       %s\ntime:         %.3f s\n",
      static_cast<long long>(result.height),
      static_cast<long long>(result.lower_bound), result.optimal ? "yes" : "no",
      result.method.c_str(), result.seconds);
}

}  // namespace

void AddSolveCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "solve",
      "Place the buffers of a MiniMalloc problem CSV (id,lower,upper,size "
      "[,alignment][,offset]; half-open lifetimes) at minimum height. "
      "A search cut by --time-limit returns the best plan found, which can "
      "differ between runs; a proof or a --node-limit run is deterministic.");
  auto args = std::make_shared<SolveArgs>();
  cmd->add_option("PROBLEM", args->problem, "the problem CSV")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output,
                  "write the rows with an offset column here");
  cmd->add_option("--report", args->report, "write a JSON report here");
  cmd->add_option("--time-limit", args->time_limit,
                  "seconds for the solver (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--node-limit", args->node_limit,
                  "exact search nodes (0 = no limit); deterministic budget")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads, "search threads")
      ->check(CLI::Range(1, 64));
  cmd->callback([args] { RunSolve(*args); });
}

}  // namespace arenaplan::cli
