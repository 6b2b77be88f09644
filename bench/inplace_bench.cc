// Prints one Markdown table: for every corpus model, the max-live bound
// without sharing, with --inplace safe and with --inplace elementwise, and
// the arena arenaplan plans in each mode (every plan verified; an arena above
// the --inplace off arena is flagged).
//   inplace_bench [--shared DIR] [--time-limit S]
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"
#include "problem/error.h"

namespace {

using arenaplan::InplaceMode;

struct ModeResult {
  int64_t bound = 0;
  int64_t arena = 0;
  bool proven = false;
  double seconds = 0;
  size_t pairs = 0;
};

ModeResult PlanIn(const std::vector<uint8_t>& bytes, const std::string& label,
                  InplaceMode mode, double time_limit) {
  arenaplan::Model model =
      arenaplan::ReadModel(bytes.data(), bytes.size(), label);
  arenaplan::BufferList list = arenaplan::DeriveBufferList(model, label);
  arenaplan::PlanOptions options;
  options.inplace = mode;
  options.solve.time_limit_seconds = time_limit;
  const arenaplan::ModelPlan plan =
      arenaplan::PlanModel(std::move(model), std::move(list), label, options);
  return {plan.solve.lower_bound, plan.solve.height, plan.solve.optimal,
          plan.solve.seconds, plan.shared_pairs.size()};
}

std::string Percent(int64_t value, int64_t base) {
  if (base == 0 || value == base) return "";
  char text[32];
  std::snprintf(
      text, sizeof(text), " (-%.2f%%)",
      100.0 * static_cast<double>(base - value) / static_cast<double>(base));
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = ARENAPLAN_SHARED_DIR;
  double time_limit = 5.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--shared")) shared = argv[i + 1];
    if (!std::strcmp(argv[i], "--time-limit"))
      time_limit = std::stod(argv[i + 1]);
  }
  const std::optional<arenaplan_bench::Corpus> corpus =
      arenaplan_bench::FindCorpus(shared, "inplace_bench");
  if (!corpus) return 2;
  std::printf(
      "| model | bound, no sharing | bound, safe | bound, elementwise | arena, "
      "off | arena, safe | arena, elementwise | proven (off/safe/elem) | "
      "pairs (safe/elem) | seconds |\n"
      "|---|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
  int above_off = 0;
  for (const std::filesystem::path& path : corpus->models) {
    const std::string name = corpus->NameOf(path);
    const std::vector<uint8_t> bytes = arenaplan_bench::ReadBytes(path);
    try {
      const ModeResult off = PlanIn(bytes, name, InplaceMode::kOff, time_limit);
      const ModeResult safe =
          PlanIn(bytes, name, InplaceMode::kSafe, time_limit);
      const ModeResult elem =
          PlanIn(bytes, name, InplaceMode::kElementwise, time_limit);
      const bool ok = safe.arena <= off.arena && elem.arena <= off.arena;
      above_off += !ok;
      const auto yes = [](bool b) { return b ? "yes" : "no"; };
      std::printf(
          "| %s | %lld | %lld%s | %lld%s | %lld | %lld | %lld%s | %s/%s/%s | "
          "%zu/%zu | %.2f |\n",
          name.c_str(), static_cast<long long>(off.bound),
          static_cast<long long>(safe.bound),
          Percent(safe.bound, off.bound).c_str(),
          static_cast<long long>(elem.bound),
          Percent(elem.bound, off.bound).c_str(),
          static_cast<long long>(off.arena), static_cast<long long>(safe.arena),
          static_cast<long long>(elem.arena), ok ? "" : " ABOVE OFF",
          yes(off.proven), yes(safe.proven), yes(elem.proven), safe.pairs,
          elem.pairs, off.seconds + safe.seconds + elem.seconds);
    } catch (const arenaplan::Error& e) {
      std::printf("| %s | error: %s | | | | | | | | |\n", name.c_str(),
                  e.what());
    }
    std::fflush(stdout);
  }
  return above_off == 0 ? 0 : 1;
}
