#include "emit/plan_outputs.h"

#include <set>

#include "emit/arena_picture.h"
#include "emit/atomic_file.h"
#include "emit/cpp_header.h"
#include "emit/offline_tflite.h"
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
    add(request.header_path, BufferPlanHeader(plan, name, source));
  }
  if (!request.tflite_path.empty()) {
    const OfflineTflite tflite = AddOfflinePlan(
        model_bytes, OfflineOffsets(plan),
        static_cast<int32_t>(plan.model.subgraphs.size()), plan.label);
    const int64_t head = CheckOfflineTflite(tflite.bytes, plan);
    context.offline_tflite_head_bytes = head;
    const bool unsure =
        !plan.list.scratch_recorded && !plan.list.scratch_ops.empty();
    std::string note = "offline .tflite: TFLM's head will be " +
                       std::string(unsure ? "at least " : "") +
                       std::to_string(head) + " bytes";
    if (unsure) {
      note +=
          ": your kernel library's scratch buffers, planned on the device, "
          "can add to it (no --kernels or --recorded given)";
    } else {
      note += " (scratch planned online around the pinned tensors)";
    }
    out.notes.push_back(note);
    if (tflite.copied_bytes > 0) {
      out.notes.push_back(
          "offline .tflite: the model had no unused buffer for the metadata, "
          "so its " +
          std::to_string(tflite.copied_bytes) +
          " bytes of buffer data were copied after the original bytes");
    }
    add(request.tflite_path,
        std::string(tflite.bytes.begin(), tflite.bytes.end()));
  }
  if (!request.svg_path.empty()) add(request.svg_path, ArenaSvg(plan));
  if (!request.html_path.empty()) add(request.html_path, ArenaHtml(plan));
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
