// Prints, per model of ../shared/corpus/tflm-arena/ and per build measured
// there (ABI and kernel library), the arena arenaplan states for each route
// beside what real TFLM 90b983c2 needed (SUMMARY.csv's min_arena_greedy for
// the stock route, min_arena_shim for TFLM greedy's own offsets behind a
// planner without tables), as Markdown; then one line per build counting
// the equal ones. Routes A (header) and B (offline .tflite) were not run on
// the device: their stated numbers are listed with the saving over stock.
//   arena_bench [--shared DIR] [--time-limit S]
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "arena/abi_layout.h"
#include "arena/arena_size.h"
#include "kernels/scratch_source.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"
#include "problem/csv_table.h"
#include "problem/error.h"

namespace {

using namespace arenaplan;  // NOLINT(build/namespaces)

struct Build {
  const char* folder;
  Abi abi;
  KernelLibrary library;
};

constexpr Build kBuilds[] = {
    {"host64-reference", Abi::kHost64, KernelLibrary::kReference},
    {"armv7em32-reference", Abi::kCortexM, KernelLibrary::kReference},
    {"armv7em32-cmsis-nn-dsp", Abi::kCortexM, KernelLibrary::kCmsisNnDsp},
};

std::string Compare(int64_t stated, const std::string& measured, int* equal,
                    int* compared) {
  if (measured == "n/a") return std::to_string(stated) + " / n/a";
  ++*compared;
  const bool same = std::to_string(stated) == measured;
  *equal += same;
  return std::to_string(stated) + " / " + measured + (same ? "" : " **≠**");
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = ARENAPLAN_SHARED_DIR;
  double time_limit = 2.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--shared") {
      shared = argv[i + 1];
    } else if (flag == "--time-limit") {
      time_limit = std::stod(argv[i + 1]);
    } else {
      std::fprintf(stderr,
                   "usage: arena_bench [--shared DIR] "
                   "[--time-limit S]\n");
      return 2;
    }
  }
  std::vector<std::string> totals;
  try {
    for (const Build& build : kBuilds) {
      const std::string dir =
          shared + "/corpus/tflm-arena/" + std::string(build.folder);
      const CsvTable summary = CsvTable::ReadFile(dir + "/SUMMARY.csv");
      std::printf(
          "\n### %s: %s, %s kernels\n\n"
          "| model | header (A) | tflite (B) | stock: stated / measured | "
          "greedy offsets, no tables: stated / measured | "
          "planner in the arena (MicroAllocator::Create(arena, size)), stock | "
          "A saves |\n"
          "|---|---:|---:|---:|---:|---:|---:|\n",
          build.folder, AbiName(build.abi), KernelLibraryName(build.library));
      int equal = 0, compared = 0, exact = 0;
      for (size_t r = 0; r < summary.rows(); ++r) {
        const std::string name =
            summary.Field(r, summary.RequireColumn("model"));
        const size_t cut = name.find("__");
        const std::string path = shared + "/corpus/models/" +
                                 name.substr(0, cut) + "/" +
                                 name.substr(cut + 2) + ".tflite";
        const std::vector<uint8_t> bytes = ReadFileBytes(path);
        Model model = ReadModel(bytes.data(), bytes.size(), name);
        BufferList list = DeriveBufferList(model, name);
        ScratchChoice choice;
        choice.library = build.library;
        CompleteScratch(model, list, choice, name);
        PlanOptions options;
        options.solve.time_limit_seconds = time_limit;
        const ModelPlan plan =
            PlanModel(std::move(model), std::move(list), name, options);
        KernelOptions kernels;
        kernels.library = build.library;
        const ArenaRequirement arena =
            ComputeArenaRequirement(plan, plan.list, true, build.abi, kernels);
        exact += arena.exact();
        const RouteArena& header = *arena.Find(ArenaRoute::kHeader);
        const RouteArena& tflite = *arena.Find(ArenaRoute::kTflite);
        const RouteArena& stock = *arena.Find(ArenaRoute::kStock);
        const RouteArena shim =
            RouteArenaOf(plan.model, plan.list, ArenaRoute::kHeader, stock.head,
                         build.abi, kernels, name);
        const auto measured = [&](const char* column) {
          return summary.Field(r, summary.RequireColumn(column));
        };
        const std::string stock_cell = Compare(
            stock.bytes, measured("min_arena_greedy"), &equal, &compared);
        const std::string shim_cell =
            plan.model.offline_offsets
                ? "pinned model: n/a"
                : Compare(shim.bytes, measured("min_arena_shim"), &equal,
                          &compared);
        char saves[32];
        std::snprintf(saves, sizeof(saves), "%.1f%%",
                      100.0 * static_cast<double>(stock.bytes - header.bytes) /
                          static_cast<double>(stock.bytes));
        const std::string interpreter4 =
            stock.interpreter4_bytes ? std::to_string(*stock.interpreter4_bytes)
                                     : "n/a";
        std::printf("| %s%s | %lld | %lld | %s | %s | %s | %s |\n",
                    name.c_str(), arena.exact() ? "" : " (not exact)",
                    static_cast<long long>(header.bytes),
                    static_cast<long long>(tflite.bytes), stock_cell.c_str(),
                    shim_cell.c_str(), interpreter4.c_str(), saves);
        std::fflush(stdout);
      }
      char line[200];
      std::snprintf(line, sizeof(line),
                    "%s: %d of %d measured numbers equal the stated ones; %d "
                    "of %zu models fully modelled",
                    build.folder, equal, compared, exact, summary.rows());
      totals.push_back(line);
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "arena_bench: %s\n", e.what());
    return 1;
  }
  std::printf("\n");
  for (const std::string& t : totals) std::printf("- %s\n", t.c_str());
  return 0;
}
