#include "arena/allocate_tensors.h"

#include <map>
#include <optional>

#include "arena/abi_layout.h"
#include "model/buffer_list.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

// kMaxScratchBuffersPerOp (micro_allocator.cc).
constexpr int64_t kMaxScratchBuffersPerOp = 12;
// MicroArenaBufferAlignment().
constexpr int64_t kArenaAlignment = 16;
// GreedyMemoryPlanner::per_buffer_size(): requirements, two sort arrays,
// a list entry and an offset per buffer.
constexpr int64_t kGreedyBytesPerBuffer = 40;

std::string Where(const Model& model, int32_t s, int32_t i) {
  return "subgraph " + std::to_string(s) + " op " + std::to_string(i) + " (" +
         OperatorName(model.subgraphs[s].operators[i]) + ")";
}

// TFLM's name of an op in its logs: the custom name, or the builtin's.
std::string TflmOpName(const ModelOperator& op) {
  std::string name = OperatorName(op);
  const std::string prefix = "CUSTOM:";
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

// The quantization records InitializeTfLiteTensorFromFlatbuffer allocates:
// only when the tensor has both scales and zero points.
bool HasAffineQuantization(const ModelTensor& t) {
  return !t.quantization.scale.empty() && !t.quantization.zero_point.empty();
}

class Replay {
 public:
  Replay(const Model& model, const BufferList& list, const ArenaSetup& setup,
         const std::string& label)
      : model_(model),
        list_(list),
        setup_(setup),
        layout_(LayoutOf(setup.abi)),
        shapes_(PreparedShapes(model, label)),
        arena_(setup.arena_size) {}

  AllocateTensorsResult Run();

 private:
  struct TempTensor {
    int64_t tensor = -1, quantization = -1, zero_point = -1;
  };

  void Setup();
  void StartModelAllocation();
  void ParseOps();
  void InitAndPrepare(bool prepare);
  void KernelCalls(int32_t s, int32_t i, const std::vector<ArenaCall>& calls,
                   bool prepare);
  TempTensor AllocateTempTensor(int32_t s, int32_t tensor);
  void FreeTempTensor(const TempTensor& t);
  void ResourceBuffer(int32_t s, int32_t i, const ArenaCall& call);
  void FinishModelAllocation();
  void IoTensor(int32_t tensor);
  void Context(const char* phase, int32_t s = -1, int32_t i = -1);
  void MapScratchToOps();
  void Unmodelled(int32_t s, int32_t i, const std::string& why);

  const Model& model_;
  const BufferList& list_;
  const ArenaSetup& setup_;
  const AbiLayout& layout_;
  std::vector<std::vector<std::vector<int32_t>>> shapes_;
  ArenaAllocator arena_;
  AllocateTensorsResult result_;
  std::vector<std::vector<std::optional<KernelArenaUse>>> uses_;
  std::vector<std::vector<int64_t>> scratch_of_op_;
  int64_t scratch_count_ = 0;
  // MicroResourceVariables in creation order: (container, shared_name),
  // whether its buffer is allocated.
  struct Resource {
    std::string container, shared_name;
    bool allocated = false;
  };
  std::vector<Resource> resources_;
  // [subgraph][tensor]: the resource id VAR_HANDLE's Prepare wrote.
  std::map<std::pair<int32_t, int32_t>, size_t> resource_of_tensor_;
};

void Replay::Context(const char* phase, int32_t s, int32_t i) {
  arena_.context.phase = phase;
  arena_.context.subgraph = s;
  arena_.context.op = i;
  arena_.context.op_name =
      i >= 0 ? TflmOpName(model_.subgraphs[s].operators[i]) : "";
}

void Replay::Unmodelled(int32_t s, int32_t i, const std::string& why) {
  result_.unmodelled.push_back(Where(model_, s, i) + ": " + why);
}

// Each scratch buffer's lifetime starts at its op's first time step
// (AllocationInfoBuilder::MarkAllocationLifetimes), which names the op.
void Replay::MapScratchToOps() {
  scratch_of_op_.resize(model_.subgraphs.size());
  for (size_t s = 0; s < model_.subgraphs.size(); ++s) {
    scratch_of_op_[s].assign(model_.subgraphs[s].operators.size(), 0);
  }
  for (const ModelBuffer& b : list_.buffers) {
    if (b.kind != BufferKind::kScratch) continue;
    ++scratch_count_;
    const bool known = b.first >= 0 &&
                       static_cast<size_t>(b.first) < list_.steps.size() &&
                       list_.steps[b.first].op >= 0;
    if (!known) {
      result_.unmodelled.push_back(
          "scratch buffer " + std::to_string(b.index) +
          ": no op of a subgraph that runs requests it");
      continue;
    }
    const TimeStep step = list_.steps[b.first];
    ++scratch_of_op_[step.subgraph][step.op];
  }
}

void Replay::Setup() {
  Context("setup");
  arena_.Persistent(layout_.single_arena_allocator.size,
                    layout_.single_arena_allocator.align,
                    "arena_allocator_object", TailCategory::kAllocatorObjects);
  if (setup_.planner_in_arena) {
    arena_.Persistent(layout_.greedy_planner.size, layout_.greedy_planner.align,
                      "memory_planner_object", TailCategory::kAllocatorObjects);
  }
  arena_.Persistent(layout_.micro_allocator.size, layout_.micro_allocator.align,
                    "micro_allocator_object", TailCategory::kAllocatorObjects);
  // MicroResourceVariables::Create(allocator, one per VAR_HANDLE op), as an
  // application makes it before the interpreter.
  int64_t handles = 0;
  for (const ModelSubgraph& sg : model_.subgraphs) {
    for (const ModelOperator& op : sg.operators) {
      handles += OperatorName(op) == "VAR_HANDLE";
    }
  }
  if (handles > 0) {
    arena_.Persistent(layout_.resource_variables, kArenaAlignment,
                      "resource_variables_object",
                      TailCategory::kResourceVariables);
    arena_.Persistent(layout_.resource_variable * handles, kArenaAlignment,
                      "resource_variables_array",
                      TailCategory::kResourceVariables);
  }
}

void Replay::StartModelAllocation() {
  Context("start_model_allocation");
  arena_.Persistent(
      layout_.builtin_data_allocator.size, layout_.builtin_data_allocator.align,
      "builtin_data_allocator_object", TailCategory::kAllocatorObjects);
  arena_.ResizeHead(layout_.scratch_request.size * kMaxScratchBuffersPerOp,
                    layout_.scratch_request.align, "scratch_requests");
  const int64_t subgraphs = static_cast<int64_t>(model_.subgraphs.size());
  arena_.Persistent(layout_.subgraph_allocations.size * subgraphs,
                    layout_.subgraph_allocations.align, "subgraph_allocations",
                    TailCategory::kAllocatorObjects);
  for (int32_t s = 0; s < subgraphs; ++s) {
    Context("start_model_allocation", s);
    arena_.Persistent(
        layout_.eval_tensor.size *
            static_cast<int64_t>(model_.subgraphs[s].tensors.size()),
        layout_.eval_tensor.align, "eval_tensors", TailCategory::kEvalTensors);
  }
  for (int32_t s = 0; s < subgraphs; ++s) {
    Context("start_model_allocation", s);
    arena_.Persistent(
        layout_.node_and_registration.size *
            static_cast<int64_t>(model_.subgraphs[s].operators.size()),
        layout_.node_and_registration.align, "node_and_registrations",
        TailCategory::kNodeAndRegistrations);
  }
}

void Replay::ParseOps() {
  for (size_t s = 0; s < model_.subgraphs.size(); ++s) {
    const auto& ops = model_.subgraphs[s].operators;
    for (size_t i = 0; i < ops.size(); ++i) {
      const std::string name = OperatorName(ops[i]);
      if (TflmOpSupport(name) == OpSupport::kUnknown) {
        result_.unsupported.push_back(
            Where(model_, static_cast<int32_t>(s), static_cast<int32_t>(i)) +
            ": TFLM 90b983c2 has no kernel for it");
        continue;
      }
      const auto data = BuiltinDataOf(name, setup_.abi);
      if (!data) continue;
      Context("parse_ops", static_cast<int32_t>(s), static_cast<int32_t>(i));
      arena_.Persistent(data->size, data->align, "builtin_data",
                        TailCategory::kOpBuiltinData);
    }
  }
}

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
      if (OperatorName(ops[i]) == "VAR_HANDLE") {
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

void Replay::FinishModelAllocation() {
  Context("memory_planning");
  if (scratch_count_ > 0) {
    arena_.Persistent(layout_.scratch_handle.size * scratch_count_,
                      layout_.scratch_handle.align, "scratch_buffer_handles",
                      TailCategory::kScratchBufferHandles);
  }
  // AllocationInfoBuilder::CreateAllocationInfo.
  const int64_t subgraphs = static_cast<int64_t>(model_.subgraphs.size());
  const int64_t offsets =
      arena_.Temp(layout_.size_t_.size * subgraphs, layout_.size_t_.align,
                  "alloc_info_subgraph_offsets");
  const int64_t infos = arena_.Temp(
      layout_.allocation_info.size *
          (static_cast<int64_t>(model_.TensorCount()) + scratch_count_),
      layout_.allocation_info.align, "alloc_info");
  // MicroAllocator::AllocateVariables: variables without an offline offset.
  size_t flat = 0;
  for (int32_t s = 0; s < subgraphs; ++s) {
    const auto& tensors = model_.subgraphs[s].tensors;
    for (size_t t = 0; t < tensors.size(); ++t, ++flat) {
      if (!tensors[t].is_variable) continue;
      if (model_.offline_offsets && (*model_.offline_offsets)[flat] != -1) {
        continue;
      }
      const int64_t bytes = ElementCount(shapes_[s][t]) *
                            std::max(0, TensorTypeSize(tensors[t].type));
      Context("memory_planning", s);
      arena_.Persistent(bytes, kArenaAlignment, "variable_tensor",
                        TailCategory::kVariableTensors,
                        static_cast<int32_t>(t));
    }
  }
  Context("memory_planning");
  const int64_t buffers = static_cast<int64_t>(list_.buffers.size());
  const int64_t planner = arena_.PlannerScratch(
      setup_.planner == ArenaPlanner::kGreedy ? kGreedyBytesPerBuffer * buffers
                                              : 0);
  arena_.FreeTemp(infos, "alloc_info");
  arena_.FreeTemp(offsets, "alloc_info_subgraph_offsets");
  arena_.FreeTemp(planner, "planner_scratch");
  arena_.ResetTemp();
  arena_.ResizeHead(0, 1, "scratch_requests_release");
  arena_.ResizeHead(setup_.head, kArenaAlignment, "planned_head");
}

void Replay::IoTensor(int32_t tensor) {
  const ModelTensor& t = model_.subgraphs[0].tensors[tensor];
  arena_.Persistent(layout_.tflite_tensor.size, layout_.tflite_tensor.align,
                    "io_TfLiteTensor", TailCategory::kIoTensors, tensor);
  if (HasAffineQuantization(t)) {
    arena_.Persistent(layout_.affine_quantization.size,
                      layout_.affine_quantization.align, "io_quantization",
                      TailCategory::kIoTensors, tensor);
    arena_.Persistent(
        IntArrayBytes(static_cast<int64_t>(t.quantization.scale.size())), 4,
        "io_zero_point", TailCategory::kIoTensors, tensor);
  }
}

AllocateTensorsResult Replay::Run() {
  MapScratchToOps();
  const ArenaRule rule = ArenaRuleOf(setup_.kernels.library);
  uses_.resize(model_.subgraphs.size());
  for (size_t su = 0; su < model_.subgraphs.size(); ++su) {
    const int32_t s = static_cast<int32_t>(su);
    for (size_t iu = 0; iu < model_.subgraphs[s].operators.size(); ++iu) {
      const int32_t i = static_cast<int32_t>(iu);
      const OpView view{&model_, &shapes_[s], s, i};
      try {
        uses_[s].push_back(rule ? rule(view, setup_.kernels, setup_.abi)
                                : std::nullopt);
      } catch (const Error& e) {
        throw Error(Where(model_, s, i) + ": " + e.what(), e.code());
      }
      if (!uses_[s].back()) {
        Unmodelled(s, i,
                   std::string("arena use not modelled for the ") +
                       KernelLibraryName(setup_.kernels.library) + " kernels");
      }
    }
  }
  Setup();
  StartModelAllocation();
  ParseOps();
  InitAndPrepare(false);
  InitAndPrepare(true);
  FinishModelAllocation();
  Context("io_tensors", 0);
  const ModelSubgraph& main = model_.subgraphs[0];
  const int64_t pointer = layout_.pointer;
  arena_.Persistent(pointer * static_cast<int64_t>(main.inputs.size()),
                    kArenaAlignment, "input_tensor_ptrs",
                    TailCategory::kIoTensors);
  for (int32_t t : main.inputs) IoTensor(t);
  arena_.Persistent(pointer * static_cast<int64_t>(main.outputs.size()),
                    kArenaAlignment, "output_tensor_ptrs",
                    TailCategory::kIoTensors);
  for (int32_t t : main.outputs) IoTensor(t);

  result_.head = arena_.head();
  result_.tail = arena_.tail();
  result_.tail_by_category = arena_.tail_by_category();
  result_.peak = arena_.peak();
  result_.peak_event = arena_.peak_event();
  result_.min_arena = AlignUp(arena_.need(), kArenaAlignment);
  result_.events = arena_.events();
  return std::move(result_);
}

}  // namespace

AllocateTensorsResult SimulateAllocateTensors(const Model& model,
                                              const BufferList& list,
                                              const ArenaSetup& setup,
                                              const std::string& label) {
  Replay replay(model, list, setup, label);  // its errors name the model
  try {
    return replay.Run();
  } catch (const Error& e) {
    // The rules' and the allocator's errors name the op, not the model.
    throw Error(label + ": " + e.what(), e.code());
  }
}

}  // namespace arenaplan
