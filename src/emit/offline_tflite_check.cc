// Reading an offline-plan .tflite back: the offsets the writer is given and
// the check that the written file gives TFLM exactly the planned pins.
#include <limits>
#include <string>

#include "emit/offline_tflite.h"
#include "model/model_reader.h"
#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "problem/error.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {

std::vector<int32_t> OfflineOffsets(const ModelPlan& plan) {
  std::vector<size_t> first_of_subgraph;
  size_t total = 0;
  for (const ModelSubgraph& sg : plan.model.subgraphs) {
    first_of_subgraph.push_back(total);
    total += sg.tensors.size();
  }
  std::vector<int32_t> offsets(total, -1);
  for (size_t i = 0; i < plan.list.buffers.size(); ++i) {
    const ModelBuffer& b = plan.list.buffers[i];
    if (b.kind != BufferKind::kTensor) continue;
    const int64_t offset = plan.solve.plan.offsets[i];
    if (offset < 0 || offset + b.size > std::numeric_limits<int32_t>::max()) {
      // The metadata words are int32, and TFLM's planner adds ints.
      throw Error(plan.label + ": the plan puts subgraph " +
                      std::to_string(b.subgraph) + " tensor " +
                      std::to_string(b.index) + " (" + b.name + ") at [" +
                      std::to_string(offset) + ", " +
                      std::to_string(offset + b.size) +
                      "), beyond the int32 offsets OfflineMemoryAllocation "
                      "and TFLM's planner hold",
                  ExitCode::kInfeasible);
    }
    offsets[first_of_subgraph[b.subgraph] + b.index] =
        static_cast<int32_t>(offset);
  }
  return offsets;
}

int64_t CheckOfflineTflite(const std::vector<uint8_t>& tflite,
                           const ModelPlan& plan) {
  const std::string label = plan.label + " (offline plan)";
  const Model model = ReadModel(tflite.data(), tflite.size(), label);
  BufferList list = DeriveBufferList(model, label);
  const auto fail = [&](const std::string& what) {
    throw Error("internal: " + label + " reads back wrong: " + what,
                ExitCode::kInternal);
  };
  if (list.tensor_count != plan.list.tensor_count) {
    fail(std::to_string(list.tensor_count) + " tensor buffers, expected " +
         std::to_string(plan.list.tensor_count));
  }
  for (size_t i = 0; i < list.tensor_count; ++i) {
    const ModelBuffer& got = list.buffers[i];
    const ModelBuffer& want = plan.list.buffers[i];
    if (got.subgraph != want.subgraph || got.index != want.index ||
        got.size != want.size || got.first != want.first ||
        got.last != want.last) {
      fail("buffer " + std::to_string(i) + " differs");
    }
    if (got.pinned_offset != plan.solve.plan.offsets[i]) {
      fail("buffer " + std::to_string(i) + " is not pinned at its offset");
    }
  }
  // Scratch buffers as TFLM will add them (recorded or derived, if known).
  for (size_t i = plan.list.tensor_count; i < plan.list.buffers.size(); ++i) {
    list.buffers.push_back(plan.list.buffers[i]);
  }
  const Problem problem = ProblemFromBufferList(list);
  const Plan greedy = TflmGreedyPlan(problem);
  RequireValidPlan(problem, greedy);
  // With the route simulated, TFLM's layout from the file is the plan.
  if (plan.tflite_route && greedy.offsets != plan.solve.plan.offsets) {
    fail("TFLM's greedy layout differs from the plan");
  }
  return PlanHeight(problem, greedy);
}

}  // namespace arenaplan
