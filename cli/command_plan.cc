#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/model_input.h"
#include "emit/atomic_file.h"
#include "emit/report_json.h"
#include "plan/model_plan.h"

namespace arenaplan::cli {
namespace {

struct PlanArgs {
  std::string model;
  bool example = false;
  std::string recording;
  std::string report;
  double time_limit = 5.0;
};

std::string Percent(int64_t part, int64_t whole) {
  if (whole == 0) return "0.0%";
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100.0 * part / whole);
  return text;
}

void RunPlan(const PlanArgs& args) {
  LoadedModel loaded = LoadModel(
      args.example ? "" : args.model,
      args.recording.empty() ? std::nullopt : std::optional(args.recording));
  NoteMissingScratch(loaded);
  SolveOptions options;
  options.time_limit_seconds = args.time_limit;
  options.cancel = &g_interrupted;
  const ModelPlan plan = PlanModel(std::move(loaded.model),
                                   std::move(loaded.list), loaded.label,
                                   options);
  if (!args.report.empty()) {
    WriteFileAtomically(args.report, ModelReportJson(plan).dump(2) + "\n");
  }
  size_t scratch = 0;
  for (const ModelBuffer& b : plan.list.buffers) {
    scratch += b.kind == BufferKind::kScratch;
  }
  const int64_t arena = plan.solve.height;
  std::cout << "model:        " << plan.label << " ("
            << plan.list.buffers.size() << " buffers: "
            << plan.list.buffers.size() - scratch << " tensors, " << scratch
            << " scratch)\n"
            << "arena:        " << arena << " bytes ("
            << (plan.solve.optimal ? "optimal" : "best found") << ", "
            << plan.solve.method << ")\n"
            << "lower bound:  " << plan.solve.lower_bound << " bytes\n"
            << "TFLM greedy:  " << plan.tflm_greedy_height << " bytes";
  if (plan.tflm_greedy_height > arena) {
    std::cout << " (arenaplan saves " << plan.tflm_greedy_height - arena
              << " bytes, "
              << Percent(plan.tflm_greedy_height - arena,
                         plan.tflm_greedy_height)
              << ")";
  }
  std::cout << "\n";
}

}  // namespace

void AddPlanCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "plan", "Plan a model's arena: print arena bytes, lower bound and "
              "TFLM greedy's size; optionally write outputs");
  auto args = std::make_shared<PlanArgs>();
  cmd->add_option("MODEL", args->model, "the .tflite model (omit with --example)");
  cmd->add_flag("--example", args->example, "plan the built-in example model");
  cmd->add_option("--recorded", args->recording,
                  "CSV recording of TFLM's AddBuffer stream (scratch buffers)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--report", args->report, "write the JSON report here");
  cmd->add_option("--time-limit", args->time_limit,
                  "seconds for the solver (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] {
    if (args->model.empty() && !args->example) {
      throw CLI::ValidationError("MODEL", "give a model or --example");
    }
    RunPlan(*args);
  });
}

}  // namespace arenaplan::cli
