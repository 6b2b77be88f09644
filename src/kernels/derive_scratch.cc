#include "kernels/derive_scratch.h"

#include <limits>

#include "kernels/cmsis_nn/cmsis_nn_scratch.h"
#include "kernels/esp_nn/esp_nn_scratch.h"
#include "kernels/ethos_u/ethos_u.h"
#include "kernels/reference/reference_scratch.h"
#include "model/builtin_ops.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

constexpr int64_t kArenaAlignment = 16;  // MicroArenaBufferAlignment()
// kMaxScratchBuffersPerOp in micro_allocator.h.
constexpr size_t kMaxScratchBuffersPerOp = 12;
// AddBuffer takes the size as an int.
constexpr int64_t kMaxBufferBytes = std::numeric_limits<int32_t>::max();
// The largest request whose rounded size GreedyMemoryPlanner::AddBuffer
// (an int) holds.
constexpr int64_t kMaxScratchBytes =
    std::numeric_limits<int32_t>::max() / kArenaAlignment * kArenaAlignment;

std::string OpWhere(const Model& model, int32_t s, int32_t i) {
  return "subgraph " + std::to_string(s) + " op " + std::to_string(i) + " (" +
         OperatorName(model.subgraphs[s].operators[i]) + ")";
}

int64_t RoundUp(int64_t bytes) {
  return (bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
}

// A rule's requests as TFLM can take them: RequestScratchBufferInArena
// takes a size_t (a negative int becomes a size no arena holds, and
// AllocateTensors fails) and the planner an int.
void CheckRequestSizes(const std::vector<int64_t>& requests) {
  for (int64_t bytes : requests) {
    if (bytes < 0) {
      throw Error("requests a scratch buffer of " + std::to_string(bytes) +
                  " bytes; TFLM passes it as a size_t, which no arena holds");
    }
    if (bytes > kMaxScratchBytes) {
      throw Error("requests a scratch buffer of " + std::to_string(bytes) +
                  " bytes, more than TFLM's planner can address (" +
                  std::to_string(kMaxScratchBytes) + ")");
    }
  }
}

}  // namespace

std::vector<ScratchRequestingOp> ScratchRequestingOps(
    const Model& model, const KernelOptions& options,
    const std::string& label) {
  const auto shapes = PreparedShapes(model, label);
  const ScratchRule rule = ScratchRuleOf(options.library);
  std::vector<ScratchRequestingOp> ops;
  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      const OpView view{&model, &shapes[s], s, i};
      std::vector<std::string> why;
      std::optional<std::vector<int64_t>> requests;
      std::string failure;
      try {
        requests = rule(view, options, &why);
        if (requests) CheckRequestSizes(*requests);
      } catch (const Error& e) {
        requests.reset();  // a rule's partial or refused answer
        failure = e.what();
      }
      if (requests && requests->empty()) continue;
      ScratchRequestingOp entry;
      entry.subgraph = s;
      entry.op = i;
      entry.op_name = OperatorName(sg.operators[i]);
      if (requests) {
        int64_t total = 0;
        for (int64_t bytes : *requests) total += RoundUp(bytes);
        entry.bytes = total;
        entry.requests = static_cast<int32_t>(requests->size());
        for (const std::string& reason : why) {
          if (entry.reason.find(reason) != std::string::npos) continue;
          entry.reason += (entry.reason.empty() ? "" : ", ") + reason;
        }
      } else {
        entry.reason = !failure.empty() ? failure
                       : why.empty()    ? "rule unknown"
                                        : why.front();
      }
      ops.push_back(std::move(entry));
    }
  }
  return ops;
}

// Each library's rule with the co-processor kernels a build can link beside
// it (ethos_u/ethos_u.h LinksEthosU decides which).
ScratchRule ScratchRuleOf(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return WithEthosUScratch<ReferenceScratch>;
    case KernelLibrary::kCmsisNn:
    case KernelLibrary::kCmsisNnDsp:
    case KernelLibrary::kCmsisNnMve:
      return WithEthosUScratch<CmsisNnScratch>;
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return WithEthosUScratch<EspNnScratch>;
  }
  return WithEthosUScratch<ReferenceScratch>;
}

std::vector<ScratchRequestingOp> UnverifiedOps(const Model& model,
                                               KernelLibrary library) {
  std::vector<ScratchRequestingOp> ops;
  if (!KernelLibraryVerified(library) || !LinksEthosU(library)) return ops;
  for (int32_t s = 0; s < static_cast<int32_t>(model.subgraphs.size()); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    for (int32_t i = 0; i < static_cast<int32_t>(sg.operators.size()); ++i) {
      if (!IsEthosUOp(sg.operators[i])) continue;
      ScratchRequestingOp entry;
      entry.subgraph = s;
      entry.op = i;
      entry.op_name = OperatorName(sg.operators[i]);
      entry.reason = kEthosUSource;
      ops.push_back(std::move(entry));
    }
  }
  return ops;
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
      std::optional<std::vector<int64_t>> requests;
      try {
        requests = rule(view, options, &why);
        if (requests) CheckRequestSizes(*requests);
      } catch (const Error& e) {
        throw Error(label + ": " + OpWhere(model, s, i) + ": " + e.what(),
                    e.code());
      }
      if (!requests) {
        throw Error(label + ": " + OpWhere(model, s, i) + ": arenaplan does " +
                    "not know which scratch buffers its " +
                    KernelLibraryName(options.library) + " kernel requests" +
                    (why.empty() ? "" : " (" + why.front() + ")") +
                    "; record them with --recorded");
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
        if (bytes < 0 || RoundUp(bytes) > kMaxBufferBytes) {
          throw Error(label + ": " + OpWhere(model, s, i) + " requests " +
                      std::to_string(bytes) +
                      " bytes of scratch, which TFLM's planner cannot "
                      "address (a corrupt model)");
        }
        ModelBuffer b;
        b.kind = BufferKind::kScratch;
        b.subgraph = -1;
        b.index = request++;
        b.name = OperatorName(sg.operators[i]) + " op " + std::to_string(i) +
                 (k < why.size() && !why[k].empty() ? ": " + why[k] : "");
        b.first = span.first;
        b.last = span.last;
        b.size = RoundUp(bytes);
        list.buffers.push_back(std::move(b));
      }
    }
  }
  list.scratch_recorded = false;
  list.scratch_ops.clear();
}

}  // namespace arenaplan
