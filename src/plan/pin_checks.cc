#include "plan/pin_checks.h"

#include <algorithm>

#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

// Pair checks before PinOverlapWarnings gives up (hostile files may pin a
// million tensors at one offset with disjoint lifetimes).
constexpr int64_t kMaxPairChecks = int64_t{1} << 24;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Describe(const ModelBuffer& b) {
  return "subgraph " + std::to_string(b.subgraph) + " tensor " +
         std::to_string(b.index) + (b.name.empty() ? "" : " (" + b.name + ")") +
         " [" + std::to_string(*b.pinned_offset) + ", " +
         std::to_string(*b.pinned_offset + b.size) + ")";
}

std::string StepName(const Model& model, const BufferList& list, int32_t t) {
  if (t < 0 || t >= static_cast<int32_t>(list.steps.size())) {
    return "step " + std::to_string(t);
  }
  const TimeStep& step = list.steps[t];
  std::string text = "step " + std::to_string(t);
  if (step.op >= 0) {
    text += " (subgraph " + std::to_string(step.subgraph) + " op " +
            std::to_string(step.op) + " " +
            OperatorName(model.subgraphs[step.subgraph].operators[step.op]) +
            ")";
  }
  return text;
}

// True when every step of [from, to] runs Vela's NPU op (CUSTOM
// "ethos-u"): Vela places the tensors of its command stream knowing when
// the NPU reads and writes them, so overlaps there are its own design.
bool OnlyInsideVelaOps(const Model& model, const BufferList& list, int32_t from,
                       int32_t to) {
  if (from < 0 || to >= static_cast<int32_t>(list.steps.size())) return false;
  for (int32_t t = from; t <= to; ++t) {
    const TimeStep& step = list.steps[t];
    if (step.op < 0) return false;
    const ModelOperator& op = model.subgraphs[step.subgraph].operators[step.op];
    if (op.kernel_code != op::kCustom || op.custom_code != "ethos-u") {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsVelaScratch(const ModelBuffer& buffer) {
  return buffer.pinned_offset && (EndsWith(buffer.name, "_scratch") ||
                                  EndsWith(buffer.name, "_scratch_fast"));
}

std::vector<std::string> PinOverlapWarnings(const Model& model,
                                            const BufferList& list) {
  std::vector<int32_t> pinned;
  for (size_t i = 0; i < list.buffers.size(); ++i) {
    const ModelBuffer& b = list.buffers[i];
    if (b.pinned_offset && !IsVelaScratch(b) && b.size > 0) {
      pinned.push_back(static_cast<int32_t>(i));
    }
  }
  // By offset: a buffer only meets those that start before it ends.
  std::sort(pinned.begin(), pinned.end(), [&](int32_t a, int32_t b) {
    return *list.buffers[a].pinned_offset != *list.buffers[b].pinned_offset
               ? *list.buffers[a].pinned_offset < *list.buffers[b].pinned_offset
               : a < b;
  });
  int64_t pairs = 0, checks = 0;
  int32_t first_a = -1, first_b = -1;
  bool complete = true;
  for (size_t x = 0; x < pinned.size() && complete; ++x) {
    const ModelBuffer& a = list.buffers[pinned[x]];
    const int64_t a_end = *a.pinned_offset + a.size;
    for (size_t y = x + 1; y < pinned.size(); ++y) {
      const ModelBuffer& b = list.buffers[pinned[y]];
      if (*b.pinned_offset >= a_end) break;
      if (++checks > kMaxPairChecks) {
        complete = false;
        break;
      }
      if (a.first <= b.last && b.first <= a.last &&
          !OnlyInsideVelaOps(model, list, std::max(a.first, b.first),
                             std::min(a.last, b.last))) {
        if (pairs++ == 0) {
          first_a = std::min(pinned[x], pinned[y]);
          first_b = std::max(pinned[x], pinned[y]);
        }
      }
    }
  }
  std::vector<std::string> warnings;
  if (pairs > 0) {
    const ModelBuffer& a = list.buffers[first_a];
    const ModelBuffer& b = list.buffers[first_b];
    warnings.push_back(
        std::to_string(pairs) +
        " pair(s) of pinned tensors overlap in memory while both are alive, "
        "e.g. " +
        Describe(a) + " and " + Describe(b) + " at " +
        StepName(model, list, std::max(a.first, b.first)) +
        ": TFLM takes OfflineMemoryAllocation offsets as given, so they "
        "overwrite each other unless the kernels expect it");
  }
  if (!complete) {
    warnings.push_back("pinned tensors: stopped checking for overlaps after " +
                       std::to_string(kMaxPairChecks) + " pairs");
  }
  return warnings;
}

int32_t FirstUnalignedPin(const BufferList& list) {
  for (size_t i = 0; i < list.buffers.size(); ++i) {
    const auto& pin = list.buffers[i].pinned_offset;
    if (pin && *pin % 16 != 0) return static_cast<int32_t>(i);
  }
  return -1;
}

}  // namespace arenaplan
