// Prints one Markdown table: for every corpus model, the size of the input
// .tflite, of the offline-plan .tflite arenaplan writes for it, and the
// limit input + metadata words + 1 KiB, with the layout used (how the words
// reach Model.buffers) and how far the input moved up. Each file is read
// back and checked (CheckOfflineTflite) as `arenaplan plan --tflite` does.
// Exits 1 when a file is above its limit.
//   offline_size_bench [--shared DIR]
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "emit/offline_tflite.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"
#include "plan/tflm_route.h"
#include "problem/error.h"

int main(int argc, char** argv) {
  std::string shared = ARENAPLAN_SHARED_DIR;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--shared")) shared = argv[i + 1];
  }
  const std::optional<arenaplan_bench::Corpus> corpus =
      arenaplan_bench::FindCorpus(shared, "offline_size_bench");
  if (!corpus) return 2;
  std::printf(
      "| model | input bytes | output bytes | limit | under limit by | "
      "metadata bytes | layout | input moved up | data copied |\n"
      "|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
  int over = 0;
  for (const std::filesystem::path& path : corpus->models) {
    const std::string name = corpus->NameOf(path);
    const std::vector<uint8_t> bytes = arenaplan_bench::ReadBytes(path);
    try {
      arenaplan::Model model =
          arenaplan::ReadModel(bytes.data(), bytes.size(), name);
      arenaplan::BufferList list = arenaplan::DeriveBufferList(model, name);
      arenaplan::SolveOptions options;
      options.time_limit_seconds = 1;  // the size does not depend on it
      arenaplan::ModelPlan plan = arenaplan::PlanModel(
          std::move(model), std::move(list), name, options);
      arenaplan::PlanTflmRoute(plan, options);  // as `plan --tflite` does
      const arenaplan::OfflineTflite out = arenaplan::AddOfflinePlan(
          bytes, arenaplan::OfflineOffsets(plan),
          static_cast<int32_t>(plan.model.subgraphs.size()), name);
      arenaplan::CheckOfflineTflite(out.bytes, plan);
      const long long in = static_cast<long long>(bytes.size());
      const long long size = static_cast<long long>(out.bytes.size());
      const long long limit =
          in + static_cast<long long>(out.metadata_bytes) + 1024;
      over += size > limit;
      std::printf(
          "| %s | %lld | %lld | %lld | %lld%s | %zu | %s | %zu | %zu |\n",
          name.c_str(), in, size, limit, limit - size,
          size > limit ? " OVER" : "", out.metadata_bytes,
          arenaplan::OfflineBufferRouteName(out.route), out.shift,
          out.copied_bytes);
    } catch (const arenaplan::Error& e) {
      std::printf("| %s | %zu | not written: %s | | | | | | |\n", name.c_str(),
                  bytes.size(), e.what());
    }
    std::fflush(stdout);
  }
  return over == 0 ? 0 : 1;
}
