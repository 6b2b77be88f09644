#include "kernels/conv_padding.h"

#include <limits>

namespace arenaplan {
namespace {

constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();

// ComputeOutSize (SAME: ceil(in / stride); VALID: ceil((in - effective
// filter + 1) / stride)), or -1 on TFLM's error cases.
int64_t OutSize(int32_t padding, int64_t in, int64_t filter, int64_t stride,
                int64_t dilation) {
  if ((padding != 0 && padding != 1) || in < 0 || filter <= 0 || stride <= 0 ||
      dilation <= 0) {
    return -1;
  }
  const int64_t effective = (filter - 1) * dilation + 1;
  const int64_t out = padding == 0 ? (in + stride - 1) / stride
                                   : (in + stride - effective) / stride;
  return out < 0 || out > kIntMax ? -1 : out;
}

// ComputePaddingWithOffset: half the total padding, and its odd remainder.
bool Pad(int64_t stride, int64_t dilation, int64_t in, int64_t filter,
         int64_t out, int32_t* pad, int32_t* offset) {
  const int64_t effective = (filter - 1) * dilation + 1;
  int64_t total = (out - 1) * stride + effective - in;
  if (total < 0) total = 0;
  if (total / 2 > kIntMax) return false;
  *pad = static_cast<int32_t>(total / 2);
  *offset = static_cast<int32_t>(total % 2);
  return true;
}

}  // namespace

std::optional<ConvPadding> ComputeConvPadding(int32_t padding, int32_t stride_w,
                                              int32_t stride_h,
                                              int32_t dilation_w,
                                              int32_t dilation_h, int32_t in_w,
                                              int32_t in_h, int32_t filter_w,
                                              int32_t filter_h) {
  const int64_t out_w = OutSize(padding, in_w, filter_w, stride_w, dilation_w);
  const int64_t out_h = OutSize(padding, in_h, filter_h, stride_h, dilation_h);
  if (out_w < 0 || out_h < 0) return std::nullopt;
  ConvPadding p;
  p.out_width = static_cast<int32_t>(out_w);
  p.out_height = static_cast<int32_t>(out_h);
  if (!Pad(stride_h, dilation_h, in_h, filter_h, out_h, &p.height,
           &p.height_offset) ||
      !Pad(stride_w, dilation_w, in_w, filter_w, out_w, &p.width,
           &p.width_offset)) {
    return std::nullopt;
  }
  return p;
}

}  // namespace arenaplan
