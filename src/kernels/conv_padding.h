// The padding TFLM computes for a convolution-like op from its options
// (tensorflow/lite/kernels/padding.h, ComputePaddingHeightWidth, as
// CalculateOpDataConv in kernels/conv_common.cc and
// CalculateOpDataDepthwiseConv in kernels/depthwise_conv_common.cc call it).
#pragma once

#include <cstdint>
#include <optional>

namespace arenaplan {

// TfLitePaddingValues: padding before the first row/column, and the extra
// one after the last when the total padding is odd.
struct ConvPadding {
  int32_t width = 0;
  int32_t height = 0;
  int32_t width_offset = 0;
  int32_t height_offset = 0;
  int32_t out_width = 0;  // ComputeOutSize for the input and options
  int32_t out_height = 0;
};

// `padding` is the schema's Padding (0 SAME, 1 VALID); sizes in elements.
// nullopt where TFLM's checked version reports an error (a padding other
// than SAME/VALID, a stride, dilation or filter size <= 0, a negative input
// size or output size, a value past int): TFLM's own result is then 0s
// from a failed check, and no scratch size built on it is trusted.
std::optional<ConvPadding> ComputeConvPadding(int32_t padding, int32_t stride_w,
                                              int32_t stride_h,
                                              int32_t dilation_w,
                                              int32_t dilation_h, int32_t in_w,
                                              int32_t in_h, int32_t filter_w,
                                              int32_t filter_h);

}  // namespace arenaplan
