#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/model_input.h"
#include "cli/progress.h"
#include "emit/atomic_file.h"
#include "emit/plan_outputs.h"
#include "emit/report_json.h"
#include "emit/sha256.h"
#include "plan/model_plan.h"
#include "plan/tflm_route.h"
#include "problem/error.h"

namespace arenaplan::cli {
namespace {

struct PlanArgs {
  std::string model;
  bool example = false;
  ScratchArgs scratch;  // --kernels, --compiler, --recorded
  std::string report;
  double time_limit = 5.0;
  bool deterministic = false;
  int64_t node_limit = 0;
  std::string inplace = "safe";
  std::vector<std::string> preserve;
  bool preserve_all = false;
  OutputRequest outputs;  // --header, --name, --tflite, --svg, --html
};

// Seconds a solve runs before `plan` shows its progress on a terminal.
constexpr double kProgressAfterSeconds = 1.0;

// The search budget of --deterministic when no --node-limit is given.
constexpr int64_t kDeterministicNodeLimit = 1'000'000;

std::string Percent(int64_t part, int64_t whole) {
  if (whole == 0) return "0.0%";
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100.0 * part / whole);
  return text;
}

// One line per file written, so the user knows where to look.
void PrintWritten(const OutputRequest& request) {
  const std::pair<const std::string*, const char*> files[] = {
      {&request.header_path, "C++ header with the BufferPlan"},
      {&request.tflite_path, "model with the offline plan"},
      {&request.svg_path, "picture of the arena over time, SVG"},
      {&request.html_path,
       "picture of the arena over time: open it in a browser"},
      {&request.report_path, "JSON report"},
  };
  for (const auto& [path, what] : files) {
    if (!path->empty()) {
      std::cout << "wrote:        " << *path << " (" << what << ")\n";
    }
  }
}

void RunPlan(const PlanArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  LoadedModel loaded =
      LoadModel(args.example ? "" : args.model, ParseScratchArgs(args.scratch));
  PlanOptions options;
  options.solve.time_limit_seconds = args.time_limit;
  options.solve.node_limit = args.node_limit;
  if (args.deterministic) {
    // Node counts, never the clock, decide where the search stops.
    options.solve.time_limit_seconds = 0;
    if (args.node_limit == 0)
      options.solve.node_limit = kDeterministicNodeLimit;
  }
  options.solve.cancel = &g_interrupted;
  options.inplace = ParseInplaceMode(args.inplace);
  options.preserve = args.preserve;
  options.preserve_all = args.preserve_all;
  ModelPlan plan;
  {
    // Solves that take longer than about a second show how they go.
    TerminalProgress progress(kProgressAfterSeconds);
    options.solve.progress = progress.Callback();
    plan = PlanModel(std::move(loaded.model), std::move(loaded.list),
                     loaded.label, options);
    if (!args.outputs.tflite_path.empty() && !g_interrupted) {
      // Route B: the plan becomes the layout TFLM reaches on the device.
      PlanTflmRoute(plan, options.solve);
    }
  }
  if (g_interrupted) {
    throw Error("interrupted: no output written", ExitCode::kInterrupted);
  }
  PrintWarnings(plan.label, plan.warnings);
  // Every output is built and checked before the first one is written.
  ReportContext context;
  context.model_path = args.example ? "" : args.model;
  context.model_sha256 = Sha256Hex(loaded.bytes.data(), loaded.bytes.size());
  context.recording_path = loaded.recording;
  context.scratch = loaded.scratch;
  if (!args.deterministic) {
    context.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  }
  OutputRequest request = args.outputs;
  request.report_path = args.report;
  const PreparedOutputs outputs =
      PrepareOutputs(plan, loaded.bytes, request, std::move(context));
  WriteOutputs(outputs);
  size_t scratch = 0;
  for (const ModelBuffer& b : plan.list.buffers) {
    scratch += b.kind == BufferKind::kScratch;
  }
  const int64_t arena = plan.solve.height;
  std::cout << "model:        " << plan.label << " ("
            << plan.list.buffers.size()
            << " buffers: " << plan.list.buffers.size() - scratch
            << " tensors, " << scratch << " scratch)\n"
            << "kernels:      " << DescribeScratchSource(loaded.scratch) << "\n"
            << "arena:        " << arena << " bytes ("
            << (plan.solve.optimal ? (plan.bound_for_16_aligned_only
                                          ? "optimal among 16-aligned plans"
                                          : "optimal")
                                   : "best found")
            << ", " << plan.solve.method << ")\n"
            << "lower bound:  " << plan.solve.lower_bound << " bytes"
            << (plan.bound_for_16_aligned_only ? " (for 16-aligned plans)" : "")
            << "\n"
            << "TFLM greedy:  " << plan.tflm_greedy_height << " bytes";
  if (plan.tflm_greedy_height > arena) {
    std::cout << " (arenaplan saves " << plan.tflm_greedy_height - arena
              << " bytes, "
              << Percent(plan.tflm_greedy_height - arena,
                         plan.tflm_greedy_height)
              << ")";
  }
  std::cout << "\n" << SharingText(plan) << PeakText(plan.peak);
  for (const std::string& note : outputs.notes) std::cout << note << "\n";
  PrintScratchNotes(loaded);  // after success: an error stays one line
  PrintWritten(request);
}

}  // namespace

void AddPlanCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "plan",
      "Plan a model's arena: print arena bytes, lower bound and "
      "TFLM greedy's size; optionally write outputs");
  auto args = std::make_shared<PlanArgs>();
  cmd->add_option("MODEL", args->model,
                  "the .tflite model (omit with --example)");
  cmd->add_flag("--example", args->example, "plan the built-in example model");
  AddScratchOptions(cmd, args->scratch);
  cmd->add_option("--report", args->report,
                  "write the JSON report here (sizes, inputs with sha256, "
                  "every buffer with lifetime and offset)");
  cmd->add_option("--header", args->outputs.header_path,
                  "write a C++ header with the BufferPlan for TFLM "
                  "(needs --kernels or --recorded when an op requests "
                  "scratch under some kernel library)");
  cmd->add_option("--name", args->outputs.header_name,
                  "C++ namespace of the header (default: from the model's "
                  "file name)");
  cmd->add_option("--tflite", args->outputs.tflite_path,
                  "write the model with OfflineMemoryAllocation metadata "
                  "pinning the planned tensors (for TFLM's default planner); "
                  "the plan becomes the layout TFLM's greedy planner reaches "
                  "with the known scratch buffers (docs/integration.md)");
  cmd->add_option("--svg", args->outputs.svg_path,
                  "write a picture of the arena over time (SVG)");
  cmd->add_option("--html", args->outputs.html_path,
                  "write the picture as a self-contained HTML page with "
                  "hover details");
  cmd->add_option("--inplace", args->inplace,
                  "in-place sharing: off (TFLM's list exactly), safe "
                  "(RESHAPE, DYNAMIC_UPDATE_SLICE; default) or elementwise "
                  "(safe + audited element-wise ops; docs/inplace.md)");
  cmd->add_option("--preserve", args->preserve,
                  "tensors to keep readable after Invoke (NAME[,NAME...])")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_flag("--preserve-all", args->preserve_all,
                "keep every tensor readable after Invoke (like TFLM's "
                "preserve_all_tensors)");
  cmd->add_option("--time-limit", args->time_limit,
                  "seconds for the solver (0 = no limit); a search cut by "
                  "the clock gives the best plan found so far, which can "
                  "differ between runs")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--node-limit", args->node_limit,
                  "exact search nodes (0 = no limit); a deterministic budget")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--deterministic", args->deterministic,
                "same bytes on every machine and load: the search stops on "
                "--node-limit (default 1000000) instead of --time-limit, and "
                "the report leaves out wall-clock seconds");
  cmd->footer(
      "All outputs are built and checked (the plan verified) before the "
      "first is written; each is written atomically (temp file + rename).\n"
      "Examples:\n"
      "  arenaplan plan person_detect.tflite --tflite person_detect_planned."
      "tflite\n"
      "      stock TFLM's default planner uses the pinned offsets; scratch "
      "is planned on the device\n"
      "  arenaplan plan kws.tflite --kernels cmsis-nn-dsp --header "
      "kws_plan.h\n"
      "      a BufferPlan and its stream digest for "
      "runtime/verifying_planner.h, scratch buffers derived for CMSIS-NN on "
      "a Cortex-M4 (docs/kernels.md)\n"
      "  arenaplan plan kws.tflite --recorded kws_addbuffers.csv --header "
      "kws_plan.h\n"
      "      the same from a recording of your build "
      "(runtime/recording_planner.h)\n"
      "  arenaplan plan --example --html arena.html --report report.json\n"
      "See docs/integration.md for the arena size to declare.");
  cmd->callback([args] {
    if (args->model.empty() && !args->example) {
      throw CLI::ValidationError("MODEL", "give a model or --example");
    }
    RunPlan(*args);
  });
}

}  // namespace arenaplan::cli
