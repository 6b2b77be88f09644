#include "kernels/derive_scratch.h"

#include "kernels/cmsis_nn/cmsis_nn_scratch.h"
#include "kernels/esp_nn/esp_nn_scratch.h"
#include "kernels/reference/reference_scratch.h"
#include "model/builtin_ops.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

constexpr int64_t kArenaAlignment = 16;  // MicroArenaBufferAlignment()
// kMaxScratchBuffersPerOp in micro_allocator.h.
constexpr size_t kMaxScratchBuffersPerOp = 12;

std::string OpWhere(const Model& model, int32_t s, int32_t i) {
  return "subgraph " + std::to_string(s) + " op " + std::to_string(i) + " (" +
         OperatorName(model.subgraphs[s].operators[i]) + ")";
}

}  // namespace

ScratchRule ScratchRuleOf(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return ReferenceScratch;
    case KernelLibrary::kCmsisNn:
    case KernelLibrary::kCmsisNnDsp:
    case KernelLibrary::kCmsisNnMve:
      return CmsisNnScratch;
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return EspNnScratch;
  }
  return ReferenceScratch;
}

void AppendDerivedScratch(const Model& model, BufferList& list,
                          const KernelOptions& options,
                          const std::string& label) {
  const auto shapes = PreparedShapes(model, label);
  const ScratchRule rule = ScratchRuleOf(options.library);
  int32_t request = 0;
  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      const OpView view{&model, &shapes[s], s, i};
      std::vector<std::string> why;
      const auto requests = rule(view, options, &why);
      if (!requests) {
        throw Error(label + ": " + OpWhere(model, s, i) + ": arenaplan does " +
                    "not know which scratch buffers its " +
                    KernelLibraryName(options.library) +
                    " kernel requests; record them with --recorded");
      }
      if (requests->empty()) continue;
      if (requests->size() > kMaxScratchBuffersPerOp) {
        throw Error(label + ": " + OpWhere(model, s, i) + " requests " +
                    std::to_string(requests->size()) +
                    " scratch buffers, more than TFLM's 12 per op");
      }
      const OpLifetime span = list.op_lifetimes[s][i];
      if (span.first == -1) {
        throw Error(label + ": " + OpWhere(model, s, i) +
                    " requests scratch in Prepare but its subgraph is never "
                    "run: TFLM leaves that scratch buffer's size undefined");
      }
      for (size_t k = 0; k < requests->size(); ++k) {
        const int64_t bytes = (*requests)[k];
        ModelBuffer b;
        b.kind = BufferKind::kScratch;
        b.subgraph = -1;
        b.index = request++;
        b.name = OperatorName(sg.operators[i]) + " op " + std::to_string(i) +
                 (k < why.size() && !why[k].empty() ? ": " + why[k] : "");
        b.first = span.first;
        b.last = span.last;
        b.size =
            (bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
        list.buffers.push_back(std::move(b));
      }
    }
  }
  list.scratch_recorded = false;
}

}  // namespace arenaplan
