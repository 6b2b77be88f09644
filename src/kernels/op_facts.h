// What a kernel's Init / Prepare reads of an op's tensors (type, affine
// quantization, dims, constness) as TFLM's TfLiteTensor shows it, and
// per-ABI struct sizes: the facts the kernel libraries' ArenaRules
// (kernel_arena.h) test. Library-neutral; the rules live in each library's
// folder.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/kernel_arena.h"
#include "model/model.h"

namespace arenaplan {

// TFLite TensorType values the rules test (schema.fbs).
namespace tflite_type {
constexpr int8_t kFloat32 = 0;
constexpr int8_t kInt32 = 2;
constexpr int8_t kInt64 = 4;
constexpr int8_t kInt16 = 7;
constexpr int8_t kInt8 = 9;
constexpr int8_t kInt4 = 17;
}  // namespace tflite_type

// What TFLM's TfLiteTensor for `t` carries, as the rules test it.
inline int8_t TypeOf(const OpView& op, int32_t t) {
  return t < 0 ? int8_t{-1} : op.tensor(t).type;
}
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
// IsConstantTensor (allocation_type kTfLiteMmapRo): data in the model.
inline bool IsConstant(const OpView& op, int32_t t) {
  return t >= 0 && op.tensor(t).has_data;
}
// dims->data[d] of `t`, or -1 when `t` is absent or has no dimension d.
inline int64_t Dim(const OpView& op, int32_t t, size_t d) {
  if (t < 0) return -1;
  const std::vector<int32_t>& dims = op.dims(t);
  return d < dims.size() ? dims[d] : -1;
}
inline int64_t Rank(const OpView& op, int32_t t) {
  return t < 0 ? -1 : static_cast<int64_t>(op.dims(t).size());
}
// NumElements(dims).
inline int64_t NumElements(const OpView& op, int32_t t) {
  int64_t n = 1;
  for (int32_t d : op.dims(t)) n *= d;
  return n;
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
