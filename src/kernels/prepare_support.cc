#include "kernels/prepare_support.h"

#include <flatbuffers/flexbuffers.h>

#include <cmath>

#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "problem/error.h"

namespace arenaplan {

std::optional<std::vector<int64_t>> ScratchRequests::Result(
    std::vector<std::string>* why) const {
  if (unknown_) {
    if (why) *why = {unknown_reason_};
    return std::nullopt;
  }
  if (why) *why = why_;
  return bytes_;
}

std::string KernelLookupName(const OpView& op) {
  const ModelOperator& o = op.op();
  if (o.kernel_code == op::kCustom) return o.custom_code;
  const char* name = BuiltinOperatorName(o.kernel_code);
  return name ? name : "";
}

int64_t Mul(int64_t a, int64_t b) {
  constexpr int64_t kLimit = int64_t{1} << 60;
  const int64_t product = CheckedMul({a, b});  // throws on int64 overflow
  if (product > kLimit || product < -kLimit) {
    throw Error("scratch size " + std::to_string(a) + " * " +
                std::to_string(b) +
                " is out of range (a corrupt model: TFLM computes it in 32 "
                "bits)");
  }
  return product;
}

int32_t OptionalInput(const OpView& op, size_t k) { return op.input(k); }

int32_t RequiredInput(const OpView& op, size_t k, const char* what) {
  const int32_t t = op.input(k);
  if (t < 0) {
    throw Error("input " + std::to_string(k) + " is absent; TFLM's " + what +
                " Prepare needs it");
  }
  return t;
}

int32_t RequiredOutput(const OpView& op, size_t k, const char* what) {
  const int32_t t = op.output(k);
  if (t < 0) {
    throw Error("output " + std::to_string(k) + " is absent; TFLM's " + what +
                " Prepare needs it");
  }
  return t;
}

int8_t TypeOf(const OpView& op, int32_t tensor) {
  return tensor < 0 ? tflite_type::kNoType : op.tensor(tensor).type;
}

int Rank(const OpView& op, int32_t tensor) {
  return tensor < 0 ? 0 : static_cast<int>(op.dims(tensor).size());
}

int32_t Dim(const OpView& op, int32_t tensor, int d, const char* what) {
  const auto& dims = op.dims(tensor);
  if (d < 0 || d >= static_cast<int>(dims.size())) {
    throw Error("tensor " + std::to_string(tensor) + " has shape " +
                ShapeString(dims) + "; TFLM's " + what +
                " Prepare reads its dimension " + std::to_string(d));
  }
  return dims[d];
}

int64_t FlatSize(const OpView& op, int32_t tensor) {
  return ElementCount(op.dims(tensor));
}

bool IsConstant(const OpView& op, int32_t tensor) {
  return tensor >= 0 && op.tensor(tensor).has_data;
}

size_t ScaleCount(const OpView& op, int32_t tensor) {
  return tensor < 0 ? 0 : op.tensor(tensor).quantization.scale.size();
}

int TfLiteTypeSize(int8_t type) {
  // Schema TensorType values; TfLiteTypeGetSize's bit widths / 8, 0 for the
  // types it does not size (strings, resources, variants, sub-byte types).
  switch (type) {
    case 3:  // UINT8
    case 9:  // INT8
    case 6:  // BOOL
      return 1;
    case 1:   // FLOAT16
    case 7:   // INT16
    case 16:  // UINT16
    case 18:  // BFLOAT16
      return 2;
    case 0:   // FLOAT32
    case 2:   // INT32
    case 15:  // UINT32
      return 4;
    case 4:   // INT64
    case 12:  // UINT64
    case 10:  // FLOAT64
    case 8:   // COMPLEX64
      return 8;
    case 11:  // COMPLEX128
      return 16;
    default:
      return 0;
  }
}

namespace {

// ComputeOutSizeChecked: false for invalid arguments.
bool OutSize(int schema_padding, int64_t image, int64_t filter, int64_t stride,
             int64_t dilation, int* out) {
  if ((schema_padding != 0 && schema_padding != 1) || image < 0 ||
      filter <= 0 || stride <= 0 || dilation <= 0) {
    return false;
  }
  const int64_t effective = (filter - 1) * dilation + 1;
  const int64_t value = schema_padding == 0
                            ? (image + stride - 1) / stride
                            : (image + stride - effective) / stride;
  if (value < 0 || value > INT32_MAX) return false;
  *out = static_cast<int>(value);
  return true;
}

// ComputePaddingWithOffsetChecked.
bool PaddingWithOffset(int64_t stride, int64_t dilation, int64_t in,
                       int64_t filter, int64_t out, int* offset, int* pad) {
  if (in < 0 || filter <= 0 || out < 0 || stride <= 0 || dilation <= 0) {
    return false;
  }
  const int64_t effective = (filter - 1) * dilation + 1;
  int64_t total = (out - 1) * stride + effective - in;
  total = total > 0 ? total : 0;
  *offset = static_cast<int>(total % 2);
  if (total / 2 > INT32_MAX) return false;
  *pad = static_cast<int>(total / 2);
  return true;
}

}  // namespace

PaddingValues ComputePaddingHeightWidth(int stride_h, int stride_w,
                                        int dilation_h, int dilation_w,
                                        int in_h, int in_w, int filter_h,
                                        int filter_w, int schema_padding) {
  // Schema Padding (SAME 0, VALID 1) maps to TfLitePadding in ParseConv2D;
  // any other value becomes kTfLitePaddingUnknown, which fails the check.
  PaddingValues p;
  int out_w = 0, out_h = 0;
  if (!OutSize(schema_padding, in_w, filter_w, stride_w, dilation_w, &out_w) ||
      !OutSize(schema_padding, in_h, filter_h, stride_h, dilation_h, &out_h)) {
    return p;
  }
  int offset = 0;
  if (!PaddingWithOffset(stride_h, dilation_h, in_h, filter_h, out_h, &offset,
                         &p.height)) {
    return p;
  }
  p.height_offset = offset;
  if (!PaddingWithOffset(stride_w, dilation_w, in_w, filter_w, out_w, &offset,
                         &p.width)) {
    return p;
  }
  p.width_offset = offset;
  return p;
}

int64_t CheckedMul(std::initializer_list<int64_t> factors) {
  int64_t product = 1;
  for (int64_t f : factors) {
    if (__builtin_mul_overflow(product, f, &product)) {
      std::string text;
      for (int64_t g : factors) {
        text += (text.empty() ? "" : " x ") + std::to_string(g);
      }
      throw Error("the scratch size overflows 64-bit arithmetic: " + text +
                  " (hostile or corrupt model)");
    }
  }
  return product;
}

int64_t CheckedAdd(std::initializer_list<int64_t> terms) {
  int64_t sum = 0;
  for (int64_t t : terms) {
    if (__builtin_add_overflow(sum, t, &sum)) {
      std::string text;
      for (int64_t u : terms) {
        text += (text.empty() ? "" : " + ") + std::to_string(u);
      }
      throw Error("the scratch size overflows 64-bit arithmetic: " + text +
                  " (hostile or corrupt model)");
    }
  }
  return sum;
}

namespace {

// Reference::AsInt32 (AsInt64 narrowed), refusing the float values whose
// conversion to int64 is undefined.
int32_t FlexInt32(const flexbuffers::Reference& value, const std::string& key) {
  if (value.IsFloat()) {
    const double d = value.AsDouble();
    // [-2^63, 2^63): the doubles that convert to int64.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      throw Error("custom option " + key + " is the float " +
                  std::to_string(d) +
                  ", which TFLM's flexbuffers AsInt32 cannot convert "
                  "(undefined behaviour)");
    }
  }
  return static_cast<int32_t>(value.AsInt64());
}

}  // namespace

FlexMap::FlexMap(const std::vector<uint8_t>& custom_options)
    : bytes_(custom_options) {
  if (bytes_.empty()) return;
  if (!flexbuffers::VerifyBuffer(bytes_.data(), bytes_.size())) return;
  valid_ = flexbuffers::GetRoot(bytes_.data(), bytes_.size()).IsMap();
}

std::optional<int32_t> FlexMap::Int(const char* key) const {
  if (!valid_) return std::nullopt;
  const auto map = flexbuffers::GetRoot(bytes_.data(), bytes_.size()).AsMap();
  const flexbuffers::Reference value = map[key];
  if (value.IsNull()) return std::nullopt;
  return FlexInt32(value, key);
}

std::optional<int32_t> FlexMap::IntAt(size_t i) const {
  if (!valid_) return std::nullopt;
  const auto values =
      flexbuffers::GetRoot(bytes_.data(), bytes_.size()).AsMap().Values();
  if (i >= values.size()) return std::nullopt;
  return FlexInt32(values[i], "number " + std::to_string(i));
}

}  // namespace arenaplan
