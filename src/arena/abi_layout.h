// TFLM's own structs as they sit in the arena, per ABI: the sizes and
// alignments MicroAllocator asks for (TFLM 90b983c2, built with
// TF_LITE_STATIC_MEMORY, no RTTI, no exceptions). Measured with sizeof and
// alignof under x86-64 g++ 12.2 (host64) and arm-none-eabi-g++ 12.2.1
// -mthumb -mfloat-abi=soft -funsigned-char with the default short enums
// (cortex-m); the ground truth's allocation logs show the same numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kernels/kernel_arena.h"

namespace arenaplan {

struct SizeAlign {
  int64_t size = 0;
  int64_t align = 1;
};

struct AbiLayout {
  int64_t pointer = 0;      // sizeof(void*) == sizeof(size_t) == sizeof(int*)
  SizeAlign tflite_tensor;  // TfLiteTensor (common.h)
  SizeAlign eval_tensor;    // TfLiteEvalTensor
  SizeAlign node_and_registration;   // NodeAndRegistration (micro_allocator.h)
  SizeAlign single_arena_allocator;  // SingleArenaBufferAllocator
  SizeAlign micro_allocator;         // MicroAllocator
  SizeAlign builtin_data_allocator;  // MicroBuiltinDataAllocator (a vtable
                                     // pointer and one pointer)
  SizeAlign subgraph_allocations;    // SubgraphAllocations
  SizeAlign greedy_planner;          // GreedyMemoryPlanner
  SizeAlign allocation_info;         // AllocationInfo (micro_allocation_info.h)
  SizeAlign scratch_request;         // internal::ScratchBufferRequest
  SizeAlign scratch_handle;          // ScratchBufferHandle
  SizeAlign affine_quantization;     // TfLiteAffineQuantization
  SizeAlign size_t_;                 // size_t (AllocationInfo subgraph offsets)
  int64_t resource_variables = 0;    // MicroResourceVariables
  int64_t resource_variable = 0;     // MicroResourceVariables::
                                     // MicroResourceVariable, per variable
};

const AbiLayout& LayoutOf(Abi abi);

// "cortex-m" or "host64", as `--target` spells it.
const char* AbiName(Abi abi);
// nullopt for an unknown name.
std::optional<Abi> ParseAbi(const std::string& name);

// TfLiteIntArrayGetSizeInBytes(n): the int-array header and n ints.
inline int64_t IntArrayBytes(int64_t n) { return 4 * (1 + n); }

// What TFLM knows how to run, by the name OperatorName gives an op.
enum class OpSupport {
  kBuiltin,  // a builtin MicroMutableOpResolver registers
  kCustom,   // a custom op TFLM ships (signal library, detection
             // post-process, circular buffer, decode; ethos-u in
             // CO_PROCESSOR=ethos_u builds)
  kUnknown,  // TFLM has no kernel: AllocateTensors fails
};
OpSupport TflmOpSupport(const std::string& op_name);

// The builtin data the op's parser (flatbuffer_conversions.cc, Parse<Op>,
// as MicroMutableOpResolver pairs them) allocates from the tail with
// alignof of the params struct; nullopt when the parser allocates nothing
// (or the op is custom).
std::optional<SizeAlign> BuiltinDataOf(const std::string& op_name, Abi abi);

}  // namespace arenaplan
