// libFuzzer target: untrusted .tflite bytes through the reader, TFLM
// buffer-list derivation, every kernel library's scratch list and the arena
// numbers (kernel_checks.h), and (for small lists) planning + verification.
// Any exception other than arenaplan::Error, a crash, a sanitizer report,
// a hang or a broken invariant is a finding.
#include <cstdint>
#include <cstdlib>

#include "emit/offline_tflite.h"
#include "kernel_checks.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"
#include "plan/tflm_route.h"
#include "plan/verifier.h"
#include "problem/error.h"

namespace {

using arenaplan::fuzz::Require;

// What later stages rely on without re-checking.
void CheckBufferList(const arenaplan::BufferList& list) {
  Require(list.tensor_count == list.buffers.size());
  for (const arenaplan::ModelBuffer& b : list.buffers) {
    Require(b.size > 0 && b.size % 16 == 0);
    Require(b.last < static_cast<int64_t>(list.steps.size()));
    Require(b.first == -1 || b.first <= b.last);
  }
}

// Route B: the TFLM layout is simulated (or refused with an Error), and
// the offline .tflite is written (or refused as invalid input) and reads
// back to exactly that layout. A file that does not read back is a finding.
void CheckOfflineRoute(const std::vector<uint8_t>& bytes,
                       arenaplan::ModelPlan plan,
                       const arenaplan::SolveOptions& options) {
  using namespace arenaplan;
  OfflineTflite out;
  try {
    PlanTflmRoute(plan, options);
    out = AddOfflinePlan(bytes, OfflineOffsets(plan),
                         static_cast<int32_t>(plan.model.subgraphs.size()),
                         "fuzz");
  } catch (const Error& e) {
    Require(e.code() != ExitCode::kInternal);
    return;
  }
  // Input + words + front region + moved data + a few small tables.
  Require(out.bytes.size() <= bytes.size() + out.metadata_bytes + out.shift +
                                  out.copied_bytes + 256);
  try {
    Require(CheckOfflineTflite(out.bytes, plan) == plan.solve.height);
  } catch (...) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace arenaplan;
  try {
    Model model = ReadModel(data, size, "fuzz");
    BufferList list = DeriveBufferList(model, "fuzz");
    CheckBufferList(list);
    // Every kernel library's scratch list and the arena numbers; which
    // CMSIS-NN / ESP-NN variant gets the arena stage follows the input.
    uint64_t hash = 1469598103934665603ull;  // FNV-1a
    for (size_t i = 0; i < size; ++i)
      hash = (hash ^ data[i]) * 1099511628211ull;
    arenaplan::fuzz::CheckKernelStages(model, list, hash, "fuzz");
    if (list.buffers.size() <= 2000) {
      SolveOptions options;
      options.time_limit_seconds = 0.05;
      const ModelPlan plan =
          PlanModel(std::move(model), std::move(list), "fuzz", options);
      // Never worse than TFLM's greedy, unless TFLM's plan breaks the 16-byte
      // alignment (an online buffer right after an odd pinned offset),
      // which arenaplan's plans never do.
      Problem unshared = plan.problem;
      unshared.groups.clear();
      Require(plan.solve.height <= plan.tflm_greedy_height ||
              !VerifyPlan(unshared, plan.tflm_greedy_plan).ok);
      CheckOfflineRoute(std::vector<uint8_t>(data, data + size), plan, options);
    }
  } catch (const Error& e) {
    Require(e.what()[0] != '\0');
  }
  return 0;
}
