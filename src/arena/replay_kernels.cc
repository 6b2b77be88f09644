#include <algorithm>

#include "arena/replay.h"

namespace arenaplan::arena_internal {

Replay::TempTensor Replay::AllocateTempTensor(int32_t s, int32_t tensor) {
  const ModelTensor& t = model_.subgraphs[s].tensors[tensor];
  TempTensor out;
  out.tensor = arena_.Temp(layout_.tflite_tensor.size,
                           layout_.tflite_tensor.align, "temp_TfLiteTensor");
  if (HasAffineQuantization(t)) {
    out.quantization =
        arena_.Temp(layout_.affine_quantization.size,
                    layout_.affine_quantization.align, "temp_quantization");
    out.zero_point = arena_.Temp(
        IntArrayBytes(static_cast<int64_t>(t.quantization.scale.size())), 4,
        "temp_zero_point");
  }
  return out;
}

// MicroAllocator::DeallocateTempTfLiteTensor: zero point, quantization,
// then the tensor.
void Replay::FreeTempTensor(const TempTensor& t) {
  if (t.quantization >= 0) {
    arena_.FreeTemp(t.zero_point, "temp_zero_point");
    arena_.FreeTemp(t.quantization, "temp_quantization");
  }
  arena_.FreeTemp(t.tensor, "temp_TfLiteTensor");
}

// assign_variable.cc Prepare: MicroResourceVariables::Allocate when the
// resource tensor already points at an id (VAR_HANDLE's Prepare ran), and
// only for a resource without a buffer yet.
void Replay::ResourceBuffer(int32_t s, int32_t i, const ArenaCall& call) {
  const auto found = resource_of_tensor_.find({s, call.tensor});
  if (found == resource_of_tensor_.end()) {
    const ModelTensor& t = model_.subgraphs[s].tensors[call.tensor];
    if (t.has_data) {
      Unmodelled(s, i, "resource id from a constant tensor");
    }
    return;  // no id yet: TFLM allocates nothing
  }
  Resource& r = resources_[found->second];
  if (r.allocated) return;
  r.allocated = true;
  arena_.Persistent(call.bytes, kArenaAlignment, "kernel_persistent",
                    TailCategory::kKernelPrepare);
}

void Replay::KernelCalls(int32_t s, int32_t i,
                         const std::vector<ArenaCall>& calls, bool prepare) {
  const TailCategory category =
      prepare ? TailCategory::kKernelPrepare : TailCategory::kKernelInit;
  std::vector<TempTensor> temps(calls.size());
  std::vector<int64_t> buffers(calls.size(), -1);
  std::vector<bool> live(calls.size(), false);
  for (size_t k = 0; k < calls.size(); ++k) {
    const ArenaCall& c = calls[k];
    switch (c.kind) {
      case ArenaCall::Kind::kPersistent:
        arena_.Persistent(c.bytes, kArenaAlignment, "kernel_persistent",
                          category);
        break;
      case ArenaCall::Kind::kTempTensor:
        temps[k] = AllocateTempTensor(s, c.tensor);
        live[k] = true;
        break;
      case ArenaCall::Kind::kTempBuffer:
        buffers[k] = arena_.Temp(c.bytes, c.alignment, "kernel_temp");
        live[k] = true;
        break;
      case ArenaCall::Kind::kFreeTempTensor:
      case ArenaCall::Kind::kFreeTempBuffer: {
        int32_t h = c.handle;
        if (h < 0) {  // the latest live temporary of that tensor
          for (size_t j = k; j-- > 0;) {
            if (live[j] && calls[j].kind == ArenaCall::Kind::kTempTensor &&
                calls[j].tensor == c.tensor) {
              h = static_cast<int32_t>(j);
              break;
            }
          }
        }
        if (h < 0 || static_cast<size_t>(h) >= k || !live[h]) {
          Unmodelled(s, i, "the rule frees a temporary it does not hold");
          break;
        }
        live[h] = false;
        if (calls[h].kind == ArenaCall::Kind::kTempBuffer) {
          arena_.FreeTemp(buffers[h], "kernel_temp");
        } else {
          FreeTempTensor(temps[h]);
        }
        break;
      }
      case ArenaCall::Kind::kScratchRequest:
        break;  // counted from the buffer list
      case ArenaCall::Kind::kResourceBuffer:
        ResourceBuffer(s, i, c);
        break;
    }
  }
}

void Replay::InitAndPrepare(bool prepare) {
  int64_t requests = 0;
  for (size_t su = 0; su < model_.subgraphs.size(); ++su) {
    const int32_t s = static_cast<int32_t>(su);
    const auto& ops = model_.subgraphs[s].operators;
    for (size_t iu = 0; iu < ops.size(); ++iu) {
      const int32_t i = static_cast<int32_t>(iu);
      Context(prepare ? "prepare" : "init", s, i);
      const auto& use = uses_[s][i];
      if (use) KernelCalls(s, i, prepare ? use->prepare : use->init, prepare);
      if (!prepare) continue;
      if (ops[i].kernel_code == kVarHandle) {
        // var_handle.cc Prepare: CreateIdIfNoneFound(container, name).
        const OpOptions& o = ops[i].options;
        size_t id = 0;
        while (id < resources_.size() &&
               !((o.container.empty() ||
                  o.container == resources_[id].container) &&
                 o.shared_name == resources_[id].shared_name)) {
          ++id;
        }
        if (id == resources_.size()) {
          resources_.push_back({o.container, o.shared_name, false});
        }
        if (!ops[i].outputs.empty()) {
          resource_of_tensor_[{s, ops[i].outputs[0]}] = id;
        }
      }
      // MicroAllocator::FinishPrepareNodeAllocations.
      Context("prepare_finish", s, i);
      arena_.ResetTemp();
      requests += scratch_of_op_[s][i];
      arena_.ResizeHead(
          layout_.scratch_request.size * (requests + kMaxScratchBuffersPerOp),
          layout_.scratch_request.align, "scratch_requests");
    }
  }
}

}  // namespace arenaplan::arena_internal
