// What TFLM's kernels compute from an op's tensors in Prepare, shared by the
// kernel libraries' scratch rules: tensor types and dims (checked, since the
// model is untrusted), TFLM's padding arithmetic and the flexbuffer custom
// options that custom ops read in Init.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "kernels/kernel_library.h"

namespace arenaplan {

// TfLiteType / schema TensorType values the rules test.
namespace tflite_type {
constexpr int8_t kNoType = -1;  // an absent optional tensor
constexpr int8_t kFloat32 = 0;
constexpr int8_t kInt32 = 2;
constexpr int8_t kInt64 = 4;
constexpr int8_t kInt16 = 7;
constexpr int8_t kInt8 = 9;
constexpr int8_t kInt4 = 17;
}  // namespace tflite_type

// One op's scratch requests as a rule builds them: bytes asked (before
// TFLM's rounding) and a short reason each, or "unknown" with a reason.
class ScratchRequests {
 public:
  void Add(int64_t bytes, const std::string& reason) {
    bytes_.push_back(bytes);
    why_.push_back(reason);
  }
  // arenaplan cannot state this op's requests (the caller reports it).
  void Unknown(const std::string& reason) {
    unknown_ = true;
    unknown_reason_ = reason;
  }
  // The ScratchRule result (kernel_library.h).
  std::optional<std::vector<int64_t>> Result(
      std::vector<std::string>* why) const;

 private:
  std::vector<int64_t> bytes_;
  std::vector<std::string> why_;
  bool unknown_ = false;
  std::string unknown_reason_;
};

// One op's rule in a library's table.
using OpScratchRule = void (*)(const OpView& op, const KernelOptions& options,
                               ScratchRequests& out);

// The op's name as TFLM's resolver looks it up: the BuiltinOperator name of
// its kernel code ("CONV_2D"), or the custom code for CUSTOM ops.
std::string KernelLookupName(const OpView& op);

// Tensor index of input k, or -1 when the op has no input k or it is -1
// (TFLM's AllocateTempInputTensor then returns nullptr).
int32_t OptionalInput(const OpView& op, size_t k);

// Tensor index of input/output k; throws arenaplan::Error ("input 1 is
// absent; TFLM's <what> Prepare needs it") when it is missing.
int32_t RequiredInput(const OpView& op, size_t k, const char* what);
int32_t RequiredOutput(const OpView& op, size_t k, const char* what);

// a * b for scratch-size formulas; throws arenaplan::Error when the
// magnitude exceeds 2^60 (only a corrupt or hostile model gets there: TFLM
// and CMSIS-NN compute these sizes in 32 bits), so that sums of a few
// products cannot overflow either.
int64_t Mul(int64_t a, int64_t b);
template <typename... Rest>
int64_t Mul(int64_t a, int64_t b, int64_t c, Rest... rest) {
  return Mul(Mul(a, b), c, rest...);
}

// The tensor's TfLiteType (tflite_type::kNoType for index -1).
int8_t TypeOf(const OpView& op, int32_t tensor);

// Dimension d of the tensor's prepared shape; throws arenaplan::Error
// ("tensor 3 has shape 1x10, TFLM's CONV_2D Prepare reads dimension 2")
// when the rank is too small, as TFLM's Prepare would read out of bounds.
int32_t Dim(const OpView& op, int32_t tensor, int d, const char* what);
int Rank(const OpView& op, int32_t tensor);

// RuntimeShape::FlatSize / NumElements of the prepared shape (1 for a
// scalar).
int64_t FlatSize(const OpView& op, int32_t tensor);

// TFLM's IsConstantTensor: the tensor's buffer holds data (kTfLiteMmapRo).
bool IsConstant(const OpView& op, int32_t tensor);

// Number of quantization scales (TfLiteAffineQuantization::scale->size; 0
// when the tensor has none).
size_t ScaleCount(const OpView& op, int32_t tensor);

// TfLiteTypeGetSize (tensorflow/lite/core/c/common.cc): 0 for types it does
// not size.
int TfLiteTypeSize(int8_t type);

// TfLitePaddingValues as ComputePaddingHeightWidth computes them
// (tensorflow/lite/kernels/padding.h): the output size comes from the
// padding type, not the output tensor; invalid arguments leave all zero.
struct PaddingValues {
  int width = 0, height = 0;
  int width_offset = 0, height_offset = 0;
};
PaddingValues ComputePaddingHeightWidth(int stride_h, int stride_w,
                                        int dilation_h, int dilation_w,
                                        int in_h, int in_w, int filter_h,
                                        int filter_w, int schema_padding);

// Size arithmetic on what a hostile model controls (dims up to 2^31-1,
// int32 options, custom options): the exact product or sum, or
// arenaplan::Error ("the scratch size overflows 64-bit arithmetic: ...",
// the caller adds the op's location) where int64 cannot hold it. Never a
// wrapped number, never undefined behaviour. Products of two dims or of one
// tensor's dims (ReadModel bounds those by 2^59) need no check.
int64_t CheckedMul(std::initializer_list<int64_t> factors);
int64_t CheckedAdd(std::initializer_list<int64_t> terms);

// The root map of an op's flexbuffer custom options, read as TFLM's
// flexbuffers::GetRoot(...).AsMap() does. Empty when the options are absent,
// longer than the model reader keeps, or not a verified flexbuffer map.
class FlexMap {
 public:
  explicit FlexMap(const std::vector<uint8_t>& custom_options);
  bool valid() const { return valid_; }
  // m[key].AsInt32() as TFLM's custom ops read their options (AsInt64
  // narrowed to int32); nullopt when the key is absent (flexbuffers'
  // IsNull). Throws arenaplan::Error for a float value outside int64's
  // range or NaN, whose conversion is undefined in flexbuffers (on the
  // device too).
  std::optional<int32_t> Int(const char* key) const;
  // The i-th value in key order, as TFLM's FlexbufferWrapper::
  // ElementAsInt32 reads it; nullopt past the end. Throws as Int.
  std::optional<int32_t> IntAt(size_t i) const;

 private:
  const std::vector<uint8_t>& bytes_;
  bool valid_ = false;
};

}  // namespace arenaplan
