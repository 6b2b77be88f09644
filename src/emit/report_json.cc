#include "emit/report_json.h"

#include "plan/tflm_route.h"

namespace arenaplan {
namespace {

nlohmann::ordered_json PathOrNull(const std::string& path) {
  return path.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(path);
}

// In-place sharing: the mode, the bounds with and without it, the pairs.
void AddSharing(const ModelPlan& plan, nlohmann::ordered_json& report) {
  report["inplace_mode"] = InplaceModeName(plan.inplace);
  report["baseline_lower_bound_bytes"] = plan.baseline_lower_bound;
  if (plan.elementwise_lower_bound) {
    report["elementwise_lower_bound_bytes"] = *plan.elementwise_lower_bound;
  }
  report["sharing_dropped"] = plan.sharing_dropped;
  nlohmann::ordered_json pairs = nlohmann::ordered_json::array();
  for (const SharedPair& p : plan.shared_pairs) {
    const ModelOperator& op = plan.model.subgraphs[p.subgraph].operators[p.op];
    pairs.push_back({{"subgraph", p.subgraph},
                     {"op", p.op},
                     {"op_name", OperatorName(op)},
                     {"input", plan.list.buffers[p.input_buffer].name},
                     {"output", plan.list.buffers[p.output_buffer].name},
                     {"input_buffer", p.input_buffer},
                     {"output_buffer", p.output_buffer},
                     {"bytes", plan.list.buffers[p.output_buffer].size}});
  }
  report["shared_pairs"] = std::move(pairs);
  nlohmann::ordered_json preserved = nlohmann::ordered_json::array();
  for (int32_t i : plan.preserved) {
    preserved.push_back(plan.list.buffers[i].name);
  }
  report["preserved"] = std::move(preserved);
}

// Where the bound is reached, with the tensors alive there, largest first.
nlohmann::ordered_json PeakJson(const PeakReport& peak) {
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const PeakStep& s : peak.steps) {
    nlohmann::ordered_json alive = nlohmann::ordered_json::array();
    for (const PeakEntry& e : s.alive) {
      alive.push_back({{"names", e.names},
                       {"buffers", e.buffers},
                       {"shape", e.shape},
                       {"type", e.type},
                       {"bytes", e.bytes}});
    }
    steps.push_back({{"step", s.time},
                     {"subgraph", s.subgraph},
                     {"op", s.op},
                     {"op_name", s.op_name},
                     {"alive", std::move(alive)}});
  }
  return {{"bytes", peak.bytes},
          {"step_count", peak.step_count},
          {"steps", std::move(steps)}};
}

// The kernel library the buffer list is for, and how its scratch part was
// obtained: "kernels", "kernels_source", "kernels_version",
// "verified_against_real_build", "scratch_complete", the notes, the ops
// each known library adds (assumed) and recorded-vs-derived differences.
void AddKernels(const ReportContext& context, nlohmann::ordered_json& report) {
  if (!context.scratch) {
    report["kernels"] = nullptr;
    report["kernels_source"] = nullptr;
    return;
  }
  const ScratchSource& s = *context.scratch;
  report["kernels"] =
      s.library ? nlohmann::ordered_json(KernelLibraryName(*s.library))
                : nlohmann::ordered_json();
  report["kernels_source"] = ScratchOriginName(s.origin);
  report["kernels_description"] = DescribeScratchSource(s);
  if (s.library) {
    report["kernels_version"] = KernelLibrarySource(*s.library);
    // False also when an op uses rules derived from source only (the
    // Ethos-U co-processor kernel's), which the notes name.
    report["verified_against_real_build"] = s.verified;
    if (KernelLibraryDependsOnCompiler(*s.library)) {
      report["compiler"] = KernelCompilerName(s.compiler);
      report["optimize_kernels_for"] = KernelOptimizationName(s.optimization);
    }
  }
  report["scratch_complete"] = s.complete;
  if (s.matches_derived) {
    report["recording_matches_derived"] = *s.matches_derived;
    report["recording_differences"] = s.differences;
  }
  if (!s.groups.empty()) {
    // Libraries whose kernels request the same scratch share one entry.
    nlohmann::ordered_json groups = nlohmann::ordered_json::array();
    for (const LibraryGroup& g : s.groups) {
      nlohmann::ordered_json ops = nlohmann::ordered_json::array();
      for (const ScratchRequestingOp& op : g.ops) {
        ops.push_back({{"subgraph", op.subgraph},
                       {"op", op.op},
                       {"op_name", op.op_name},
                       {"bytes", op.bytes ? nlohmann::ordered_json(*op.bytes)
                                          : nlohmann::ordered_json()},
                       {"reason", op.reason}});
      }
      std::vector<std::string> names;
      for (KernelLibrary library : g.libraries) {
        names.push_back(KernelLibraryName(library));
      }
      groups.push_back({{"libraries", names}, {"ops", std::move(ops)}});
    }
    report["scratch_by_library"] = std::move(groups);
  }
  std::vector<std::string> notes = s.warnings;
  notes.insert(notes.end(), s.notes.begin(), s.notes.end());
  report["scratch_notes"] = std::move(notes);
}

// The device arena: per route the number to declare and what adds up to
// it (head, tail by category, planning peak).
void AddArena(const ReportContext& context, nlohmann::ordered_json& report) {
  report["target"] = context.target;
  nlohmann::ordered_json required = {
      {"header", nullptr}, {"tflite", nullptr}, {"stock", nullptr}};
  if (!context.arena) {
    report["arena_bytes_required"] = std::move(required);
    return;
  }
  const ArenaRequirement& arena = *context.arena;
  nlohmann::ordered_json routes;
  for (const RouteArena& r : arena.routes) {
    const AllocateTensorsResult& a = r.allocation;
    if (arena.exact()) required[ArenaRouteName(r.route)] = r.bytes;
    nlohmann::ordered_json tail;
    for (size_t c = 0; c < kTailCategoryCount; ++c) {
      tail[TailCategoryName(static_cast<TailCategory>(c))] =
          a.tail_by_category[c];
    }
    nlohmann::ordered_json route = {
        {"bytes", arena.exact() ? nlohmann::ordered_json(r.bytes)
                                : nlohmann::ordered_json()},
        {"modelled_part_bytes", r.bytes},
        {"head_bytes", r.head},
        {"tail_bytes", a.tail},
        {"tail", std::move(tail)},
        {"planning_peak_bytes", a.planning_need}};
    if (r.interpreter4_bytes) {
      route["interpreter4_bytes"] =
          arena.exact() ? nlohmann::ordered_json(*r.interpreter4_bytes)
                        : nlohmann::ordered_json();
    }
    routes[ArenaRouteName(r.route)] = std::move(route);
  }
  report["arena_bytes_required"] = std::move(required);
  report["arena"] = {{"exact_for", ExactFor(arena.abi, arena.kernels)},
                     {"exact", arena.exact()},
                     {"unaligned_array_extra_bytes", kUnalignedArenaExtra},
                     {"not_modelled", arena.unmodelled},
                     {"tflm_cannot_run", arena.unsupported},
                     {"notes", arena.notes},
                     {"routes", std::move(routes)}};
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
  AddArena(context, report);
  if (plan.tflite_route) {
    const TflmRoute& route = *plan.tflite_route;
    report["tflite_route"] = {
        {"head_bytes", plan.solve.height},
        {"exact_for",
         TflmRouteExactFor(plan, context.scratch
                                     ? DescribeScratchSource(*context.scratch)
                                     : "")},
        {"planned_arena_bytes", route.planned_height},
        {"online_buffers", route.online_buffers},
        {"scratch_complete", route.scratch_complete},
        {"preserved_raised", route.preserved_raised},
        {"preserved_guaranteed", route.preserved_guaranteed}};
  }
  report["optimal"] = plan.solve.optimal;
  if (plan.bound_for_16_aligned_only) {
    report["lower_bound_16_aligned_only"] = true;
  }
  report["solver"] = plan.solve.method;
  report["scratch_recorded"] = plan.list.scratch_recorded;
  AddKernels(context, report);
  AddSharing(plan, report);
  report["warnings"] = plan.warnings;
  report["peak"] = PeakJson(plan.peak);
  if (context.seconds) report["seconds"] = *context.seconds;
  nlohmann::ordered_json buffers = nlohmann::ordered_json::array();
  for (size_t i = 0; i < plan.list.buffers.size(); ++i) {
    const ModelBuffer& b = plan.list.buffers[i];
    const Buffer& p = plan.problem.buffers[i];
    nlohmann::ordered_json row;
    row["id"] = i;
    row["kind"] = BufferKindName(b.kind);
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
