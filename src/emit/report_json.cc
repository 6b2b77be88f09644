#include "emit/report_json.h"

namespace arenaplan {
namespace {

nlohmann::ordered_json PathOrNull(const std::string& path) {
  return path.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(path);
}

}  // namespace

nlohmann::ordered_json ModelReportJson(const ModelPlan& plan,
                                       const ReportContext& context) {
  nlohmann::ordered_json report;
  report["tool"] = "arenaplan";
  report["version"] = ARENAPLAN_VERSION;
  report["model"] = plan.label;
  report["model_sha256"] = context.model_sha256;
  report["inputs"] = {{"model", PathOrNull(context.model_path)},
                      {"recording", PathOrNull(context.recording_path)}};
  report["arena_bytes"] = plan.solve.height;
  report["lower_bound_bytes"] = plan.solve.lower_bound;
  report["tflm_greedy_bytes"] = plan.tflm_greedy_height;
  if (context.offline_tflite_head_bytes) {
    report["offline_tflite_head_bytes"] = *context.offline_tflite_head_bytes;
  }
  report["optimal"] = plan.solve.optimal;
  report["solver"] = plan.solve.method;
  report["scratch_recorded"] = plan.list.scratch_recorded;
  if (context.seconds) report["seconds"] = *context.seconds;
  nlohmann::ordered_json buffers = nlohmann::ordered_json::array();
  for (size_t i = 0; i < plan.list.buffers.size(); ++i) {
    const ModelBuffer& b = plan.list.buffers[i];
    const Buffer& p = plan.problem.buffers[i];
    nlohmann::ordered_json row;
    row["id"] = i;
    row["kind"] = b.kind == BufferKind::kTensor ? "tensor" : "scratch";
    row["subgraph"] = b.subgraph;
    row["index"] = b.index;
    row["name"] = b.name;
    row["size"] = b.size;
    row["lower"] = p.lower;
    row["upper"] = p.upper;
    row["offset"] = plan.solve.plan.offsets[i];
    if (b.pinned_offset) row["pinned"] = true;
    buffers.push_back(std::move(row));
  }
  report["buffers"] = std::move(buffers);
  return report;
}

}  // namespace arenaplan
