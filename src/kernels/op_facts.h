// What the kernel libraries' ArenaRules (kernel_arena.h) read of an op's
// tensors beyond prepare_support.h (types, dims, constness): TFLM's affine
// quantization, a dimension without throwing (an ArenaRule answers nullopt
// where TFLM's Prepare would fail), and per-ABI struct sizes.
// Library-neutral; the rules live in each library's folder.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/kernel_arena.h"
#include "kernels/prepare_support.h"
#include "model/model.h"

namespace arenaplan {

inline bool IsInt8OrInt16(int8_t type) {
  return type == tflite_type::kInt8 || type == tflite_type::kInt16;
}
// quantization.type == kTfLiteAffineQuantization: TFLM fills it only when the
// model gives both scale and zero_point (micro_allocator.cc,
// InitializeTfLiteTensorFromFlatbuffer).
inline bool IsAffineQuantized(const OpView& op, int32_t t) {
  if (t < 0) return false;
  const ModelQuantization& q = op.tensor(t).quantization;
  return !q.scale.empty() && !q.zero_point.empty();
}
// dims->data[d] of `t`, or -1 when `t` is absent or has no dimension d.
inline int64_t DimOrNone(const OpView& op, int32_t t, size_t d) {
  if (t < 0) return -1;
  const std::vector<int32_t>& dims = op.dims(t);
  return d < dims.size() ? dims[d] : -1;
}
// TfLiteIntArrayGetSizeInBytes(n) (c/common.cc): a 4-byte size and n ints,
// on both ABIs.
inline int64_t TfLiteIntArrayBytes(int64_t n) { return 4 + 4 * n; }

// sizeof / alignof of one TFLM or library struct on each ABI.
struct AbiSize {
  int64_t cortex_m;
  int64_t host64;
  // A switch over every Abi, so that a new ABI fails to compile (-Wswitch)
  // until each size states its value there.
  int64_t On(Abi abi) const {
    switch (abi) {
      case Abi::kCortexM:
        return cortex_m;
      case Abi::kHost64:
        return host64;
    }
    return host64;
  }
};

// sizeof(TfLiteEvalTensor) (c/common.h): {data pointer, dims pointer, type}.
constexpr AbiSize kEvalTensorSize{12, 24};

}  // namespace arenaplan
