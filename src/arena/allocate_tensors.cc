#include "arena/allocate_tensors.h"

#include <algorithm>

#include "arena/replay.h"
#include "problem/error.h"

namespace arenaplan {
namespace arena_internal {

void Replay::Context(const char* phase, int32_t s, int32_t i) {
  arena_.context.phase = phase;
  arena_.context.subgraph = s;
  arena_.context.op = i;
  arena_.context.op_name =
      i >= 0 ? std::string_view(tflm_names_[s][i]) : std::string_view();
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
      handles += op.kernel_code == kVarHandle;
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
      const std::string& name = names_[s][i];
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
  result_.planning_need = arena_.need();
  result_.planning_peak = arena_.peak();
  result_.planning_peak_row = arena_.peak_row();
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
  for (const ModelSubgraph& sg : model_.subgraphs) {
    names_.emplace_back();
    tflm_names_.emplace_back();
    for (const ModelOperator& op : sg.operators) {
      names_.back().push_back(OperatorName(op));
      tflm_names_.back().push_back(TflmOpName(op));
    }
  }
  for (size_t su = 0; su < model_.subgraphs.size(); ++su) {
    const int32_t s = static_cast<int32_t>(su);
    for (size_t iu = 0; iu < model_.subgraphs[s].operators.size(); ++iu) {
      const int32_t i = static_cast<int32_t>(iu);
      const auto& use = uses_[s][i];
      if (use && !use->rejects.empty()) {
        result_.unsupported.push_back(Where(model_, s, i) +
                                      ": TFLM's Prepare rejects it (" +
                                      use->rejects + ")");
      }
      if (!use && TflmOpSupport(names_[s][i]) != OpSupport::kUnknown) {
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
  result_.peak_row = arena_.peak_row();
  result_.min_arena = AlignUp(arena_.need(), kArenaAlignment);
  result_.events = arena_.events();
  return std::move(result_);
}

}  // namespace arena_internal

using arena_internal::kArenaAlignment;

KernelUses KernelUsesOf(const Model& model, const KernelOptions& kernels,
                        Abi abi, const std::string& label) {
  KernelUses out;
  out.shapes = PreparedShapes(model, label);
  const ArenaRule rule = ArenaRuleOf(kernels.library);
  out.uses.resize(model.subgraphs.size());
  for (size_t su = 0; su < model.subgraphs.size(); ++su) {
    const int32_t s = static_cast<int32_t>(su);
    for (size_t iu = 0; iu < model.subgraphs[s].operators.size(); ++iu) {
      const OpView view{&model, &out.shapes[s], s, static_cast<int32_t>(iu)};
      try {
        out.uses[s].push_back(rule ? rule(view, kernels, abi) : std::nullopt);
      } catch (const Error& e) {
        // The rules' errors name neither the model nor the op.
        throw Error(label + ": " + arena_internal::Where(model, s, view.index) +
                        ": " + e.what(),
                    e.code());
      }
    }
  }
  return out;
}

AllocateTensorsResult WithHead(AllocateTensorsResult result, int64_t head) {
  result.events.clear();
  result.head = head;
  result.min_arena = AlignUp(std::max(result.planning_need, head + result.tail),
                             kArenaAlignment);
  result.peak = result.planning_peak;
  result.peak_row = result.planning_peak_row;
  if (head + result.tail > result.peak) {  // the last input/output tensor
    result.peak = head + result.tail;
    result.peak_row = ArenaEvent();
    result.peak_row.phase = "io_tensors";
    result.peak_row.kind = "persistent";
    result.peak_row.what = "io_tensors";
    result.peak_row.head_bytes = head;
    result.peak_row.temp_end_bytes = head;
    result.peak_row.tail_bytes = result.tail;
    result.peak_row.in_use_bytes = result.peak;
  }
  return result;
}

AllocateTensorsResult SimulateAllocateTensors(const Model& model,
                                              const BufferList& list,
                                              const ArenaSetup& setup,
                                              const std::string& label) {
  arena_internal::Replay replay(model, list, setup, label);  // names the model
  try {
    return replay.Run();
  } catch (const Error& e) {
    // The rules' and the allocator's errors name the op, not the model.
    throw Error(label + ": " + e.what(), e.code());
  }
}

}  // namespace arenaplan
