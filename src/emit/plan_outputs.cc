#include "emit/plan_outputs.h"

#include <limits>
#include <set>

#include "emit/arena_picture.h"
#include "emit/atomic_file.h"
#include "emit/cpp_header.h"
#include "emit/offline_tflite.h"
#include "plan/tflm_route.h"
#include "plan/verifier.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

PreparedOutputs PrepareOutputs(const ModelPlan& plan,
                               const std::vector<uint8_t>& model_bytes,
                               const OutputRequest& request,
                               ReportContext context) {
  // Every plan leaving the tool is verified here, whatever made it.
  RequireValidPlan(plan.problem, plan.solve.plan);
  PreparedOutputs out;
  std::set<std::string> paths;
  const auto add = [&](const std::string& path, std::string contents) {
    if (!paths.insert(path).second) {
      throw Error(path + ": named for two outputs", ExitCode::kUsage);
    }
    out.files.emplace_back(path, std::move(contents));
  };
  if (!request.header_path.empty()) {
    RequireCompleteBufferList(plan.list, plan.label);
    const std::string name = request.header_name.empty()
                                 ? IdentifierFromPath(plan.label)
                                 : request.header_name;
    HeaderSource source;
    source.model_name = BaseName(plan.label);
    source.model_sha256 = context.model_sha256;
    source.recording_name = BaseName(context.recording_path);
    if (context.scratch) {
      source.kernels = DescribeScratchSource(*context.scratch);
    }
    const RouteArena* route =
        context.arena ? context.arena->Find(ArenaRoute::kHeader) : nullptr;
    HeaderArena arena;
    if (route && context.arena->exact()) {
      arena.bytes = route->bytes;
      arena.exact_for = ExactFor(context.arena->abi, context.arena->kernels);
    } else if (!context.arena) {
      arena.missing = "the kernel build's scratch buffers are unknown";
    } else if (!context.arena->exact()) {
      const auto& a = *context.arena;
      arena.missing =
          (a.unsupported.empty() ? a.unmodelled : a.unsupported).front() +
          " (and every op arenaplan does not model: see the report)";
    } else {
      arena.missing = "the plan lacks the kernels' scratch buffers";
    }
    if (plan.solve.height > std::numeric_limits<int32_t>::max()) {
      // MicroMemoryPlanner's offsets and sizes are ints.
      throw Error(plan.label + ": the plan needs " +
                      std::to_string(plan.solve.height) +
                      " bytes, beyond the int offsets of TFLM's planner "
                      "interface: no header",
                  ExitCode::kInfeasible);
    }
    add(request.header_path, BufferPlanHeader(plan, name, source, arena));
  }
  if (!request.tflite_path.empty()) {
    if (!plan.tflite_route) {
      throw Error("internal: offline .tflite for a plan without its TFLM route",
                  ExitCode::kInternal);
    }
    const TflmRoute& route = *plan.tflite_route;
    const OfflineTflite tflite = AddOfflinePlan(
        model_bytes, OfflineOffsets(plan),
        static_cast<int32_t>(plan.model.subgraphs.size()), plan.label);
    // Read back: TFLM's layout from the written file is the plan's.
    const int64_t head = CheckOfflineTflite(tflite.bytes, plan);
    context.offline_tflite_head_bytes = head;
    const std::string scratch =
        context.scratch ? DescribeScratchSource(*context.scratch) : "";
    // Without the scratch buffers TFLM adds, the head is only a floor.
    std::string note = std::string("offline .tflite: TFLM's head will be ") +
                       (route.scratch_complete ? "" : "at least ") +
                       std::to_string(head) + " bytes (" +
                       TflmRouteExactFor(plan, scratch) + ")";
    if (!route.scratch_complete) {
      note +=
          ": your kernel library's scratch buffers, planned on the device, "
          "can add to it (no --kernels or --recorded given)";
    } else if (route.online_buffers > 0) {
      note += "; it places the " + std::to_string(route.online_buffers) +
              " scratch buffer(s) as the plan shows";
    }
    out.notes.push_back(note);
    if (route.preserved_raised) {
      out.notes.push_back(
          "offline .tflite: preserved tensors raised above every scratch "
          "buffer TFLM places (the first plan's pins let it overwrite them); "
          "arena " +
          std::to_string(route.planned_height) + " -> " +
          std::to_string(plan.solve.height) + " bytes");
    }
    if (!route.preserved_guaranteed) {
      out.notes.push_back(
          "warning: offline .tflite: preserved tensors cannot be guaranteed: "
          "TFLM plans your kernels' scratch buffers on the device, with its "
          "own lifetimes, and may place them on preserved tensors; pass "
          "--recorded (or --kernels) to have arenaplan check it");
    }
    std::string layout =
        "offline .tflite: " + std::to_string(tflite.bytes.size()) +
        " bytes = input " + std::to_string(model_bytes.size()) +
        " + metadata " + std::to_string(tflite.metadata_bytes) + " + layout " +
        std::to_string(tflite.bytes.size() - model_bytes.size() -
                       tflite.metadata_bytes) +
        " (" + OfflineBufferRouteName(tflite.route);
    if (tflite.copied_bytes > 0) {
      layout += ": one Buffer table moved with its " +
                std::to_string(tflite.copied_bytes) + " bytes of data";
    }
    out.notes.push_back(layout + ")");
    add(request.tflite_path,
        std::string(tflite.bytes.begin(), tflite.bytes.end()));
  }
  const ArenaRequirement* arena = context.arena ? &*context.arena : nullptr;
  if (!request.svg_path.empty()) add(request.svg_path, ArenaSvg(plan, arena));
  if (!request.html_path.empty()) {
    add(request.html_path, ArenaHtml(plan, arena));
  }
  if (!request.report_path.empty()) {
    add(request.report_path, ModelReportJson(plan, context).dump(2) + "\n");
  }
  out.context = std::move(context);
  return out;
}

void WriteOutputs(const PreparedOutputs& outputs) {
  for (const auto& [path, contents] : outputs.files) {
    WriteFileAtomically(path, contents);
  }
}

}  // namespace arenaplan
