// Prints one Markdown table: the solver on MiniMalloc's challenging
// instances, on every model of the corpus (through the model path) and on
// the models as recorded with TFLM's CMSIS-NN kernels (with their scratch).
//   solver_bench [--shared DIR] [--time-limit S] [--threads N] [--only NAME]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "problem/problem_csv.h"
#include "solve/solver.h"
#include "solve/tflm_greedy.h"

namespace {

using arenaplan::Problem;

// MiniMalloc's published times (ASPLOS 2024) for a packing under 1 048 576.
const std::map<std::string, double> kMiniMallocSeconds = {
    {"A", 8.3}, {"B", 4.9}, {"C", 0.8}, {"D", 2.9}, {"E", 4.5}, {"F", 5.6},
    {"G", 1.0}, {"H", 1.7}, {"I", 3.5}, {"J", 0.9}, {"K", 0.6}};

struct Row {
  std::string name;
  size_t buffers = 0;
  int64_t lower_bound = 0;
  int64_t greedy = 0;  // -1: the greedy plan does not verify
  int64_t height = 0;
  bool optimal = false;
  double seconds = 0;
  std::string note;
};

Row Measure(const std::string& name, const Problem& problem,
            const arenaplan::SolveOptions& options) {
  Row row;
  row.name = name;
  row.buffers = problem.buffers.size();
  arenaplan::CollapsedProblem collapsed = arenaplan::CollapseGroups(problem);
  collapsed.collapsed.pinned_may_overlap = problem.pinned_may_overlap;
  const arenaplan::Plan greedy = arenaplan::TflmGreedyPlan(collapsed.collapsed);
  row.greedy = arenaplan::VerifyPlan(collapsed.collapsed, greedy).ok
                   ? arenaplan::PlanHeight(collapsed.collapsed, greedy)
                   : -1;
  const arenaplan::SolveResult result = arenaplan::Solve(problem, options);
  arenaplan::RequireValidPlan(problem, result.plan);
  row.lower_bound = result.lower_bound;
  row.height = result.height;
  row.optimal = result.optimal;
  row.seconds = result.seconds;
  return row;
}

void PrintRow(const Row& row, const std::string& reference) {
  std::printf(
      "| %s | %zu | %lld | %s | %lld | %s | %.2f | %s |\n", row.name.c_str(),
      row.buffers, static_cast<long long>(row.lower_bound),
      row.greedy < 0 ? "invalid" : std::to_string(row.greedy).c_str(),
      static_cast<long long>(row.height),
      row.optimal
          ? "yes"
          : ("no, gap " + std::to_string(row.height - row.lower_bound)).c_str(),
      row.seconds, reference.c_str());
  std::fflush(stdout);
}

std::vector<std::string> Files(const std::string& dir, const std::string& ext,
                               bool recursive) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return files;
  auto take = [&](const std::filesystem::directory_entry& e) {
    if (e.is_regular_file() && e.path().extension() == ext) {
      files.push_back(e.path().string());
    }
  };
  if (recursive) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      take(e);
    }
  } else {
    for (const auto& e : std::filesystem::directory_iterator(dir)) take(e);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = ARENAPLAN_SHARED_DIR;
  std::string only;
  arenaplan::SolveOptions options;
  options.time_limit_seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--shared")) shared = argv[i + 1];
    if (!std::strcmp(argv[i], "--time-limit")) {
      options.time_limit_seconds = std::atof(argv[i + 1]);
    }
    if (!std::strcmp(argv[i], "--threads"))
      options.threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  std::printf(
      "| instance | buffers | lower bound | TFLM greedy | arenaplan | proven "
      "optimal | seconds | MiniMalloc s |\n|---|---:|---:|---:|---:|---|---:|"
      "---:|\n");
  for (const std::string& path :
       Files(shared + "/corpus/minimalloc/challenging", ".csv", false)) {
    const std::string file = std::filesystem::path(path).filename().string();
    const std::string letter = file.substr(0, file.find('.'));
    if (!only.empty() && file.find(only) == std::string::npos) continue;
    const arenaplan::ProblemCsv csv = arenaplan::ReadProblemCsv(path);
    const auto reference = kMiniMallocSeconds.find(letter);
    char seconds[32] = "";
    if (reference != kMiniMallocSeconds.end()) {
      std::snprintf(seconds, sizeof(seconds), "%.1f", reference->second);
    }
    PrintRow(Measure("minimalloc " + letter, csv.problem, options), seconds);
  }
  // A model alone, or with a recording (models/<dir>/<name>.tflite is
  // recorded as <dir>__<name>.csv) that adds the kernels' scratch buffers.
  auto measure_model = [&](const std::string& label, const std::string& path,
                           const std::string& recording) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    try {
      const arenaplan::Model model =
          arenaplan::ReadModel(bytes.data(), bytes.size(), label);
      arenaplan::BufferList list = arenaplan::DeriveBufferList(model, label);
      if (!recording.empty()) {
        arenaplan::ApplyRecording(
            model,
            arenaplan::ParseRecording(arenaplan::CsvTable::ReadFile(recording)),
            recording, list);
      }
      PrintRow(Measure(label, arenaplan::ProblemFromBufferList(list), options),
               "");
    } catch (const arenaplan::Error& e) {
      std::printf("| %s | no buffer list: %s |||||||\n", label.c_str(),
                  e.what());
    }
  };
  const std::string models = shared + "/corpus/models";
  for (const std::string& path : Files(models, ".tflite", true)) {
    const std::string name = std::filesystem::relative(path, models).string();
    if (!only.empty() && name.find(only) == std::string::npos) continue;
    measure_model(name, path, "");
  }
  for (const char* kernels : {"portable", "dsp"}) {
    const std::string dir =
        shared + "/corpus/tflm-traces-cmsis-nn/" + std::string(kernels);
    for (const std::string& recording : Files(dir, ".csv", false)) {
      const std::string file = std::filesystem::path(recording).stem().string();
      const size_t split = file.find("__");
      if (split == std::string::npos) continue;  // SUMMARY.csv
      const std::string name =
          file.substr(0, split) + "/" + file.substr(split + 2) + ".tflite";
      const std::string label =
          "cmsis-nn " + std::string(kernels) + ": " + name;
      if (!only.empty() && label.find(only) == std::string::npos) continue;
      measure_model(label, models + "/" + name, recording);
    }
  }
  return 0;
}
