// CMSIS-NN's arm_*_get_buffer_size functions at the commit TFLM 90b983c2
// pins (ARM-software/CMSIS-NN 4ab83cc3), for each instruction-set branch the
// library compiles: no extension, ARM_MATH_DSP, ARM_MATH_MVEI (Helium).
// Results are the byte counts the functions return, computed in 64 bits
// (CMSIS-NN's int32 arithmetic would wrap on hostile shapes); a product
// int64 cannot hold throws arenaplan::Error (CheckedMul, prepare_support.h),
// as does a stride of 0 where a function divides by it.
#pragma once

#include <cstdint>

#include "kernels/kernel_library.h"

namespace arenaplan::cmsis_nn {

// The preprocessor branch a build takes.
enum class Isa {
  kPlain,  // neither ARM_MATH_DSP nor ARM_MATH_MVEI (Cortex-M0/M0+/M3)
  kDsp,    // ARM_MATH_DSP (Cortex-M4/M7/M33/M35P)
  kMve,    // ARM_MATH_MVEI (Cortex-M55/M85)
};

// The branch of a --kernels library (kCmsisNn*), plain for the others.
Isa IsaOf(KernelLibrary library);

// What the functions are compiled with.
struct Build {
  Isa isa = Isa::kPlain;
  // __ARMCC_VERSION >= 6010050: changes arm_convolve_1x1_s8_fast's buffer
  // and the MVE depthwise-to-conv threshold.
  bool armclang = false;
};

// cmsis_nn_dims (n, h, w, c) and the parameters the size functions read.
struct Dims {
  int64_t n = 0, h = 0, w = 0, c = 0;
};
struct ConvParams {
  int64_t stride_w = 0, stride_h = 0;
  int64_t pad_w = 0, pad_h = 0;
  int64_t dilation_w = 0, dilation_h = 0;
};

// Source/ConvolutionFunctions/arm_convolve_get_buffer_sizes_s8.c
// arm_convolve_wrapper_s8_get_buffer_size.
int64_t ConvolveWrapperS8(const Build& b, const ConvParams& p,
                          const Dims& input, const Dims& filter,
                          const Dims& output);
// ... arm_convolve_s8_get_buffer_size (MVE: ..._mve).
int64_t ConvolveS8(const Build& b, const Dims& input, const Dims& filter);
// ... arm_convolve_1x1_s8_fast_get_buffer_size.
int64_t Convolve1x1S8Fast(const Build& b, const Dims& input);

// Source/ConvolutionFunctions/arm_convolve_get_buffer_sizes_s16.c
// arm_convolve_wrapper_s16_get_buffer_size.
int64_t ConvolveWrapperS16(const Build& b, const Dims& input,
                           const Dims& filter);

// Source/ConvolutionFunctions/arm_depthwise_conv_get_buffer_sizes_s8.c
// arm_depthwise_conv_wrapper_s8_get_buffer_size. On MVE with one input
// channel the function builds conv params whose stride TFLM never sets
// (cmsis_nn/depthwise_conv.cc Prepare); `stride_known` false makes the
// result undefined where the stride matters, reported as -1.
int64_t DepthwiseConvWrapperS8(const Build& b, const ConvParams& p,
                               const Dims& input, const Dims& filter,
                               const Dims& output, bool stride_known);

// Source/ConvolutionFunctions/arm_depthwise_conv_get_buffer_sizes_s4.c
// arm_depthwise_conv_wrapper_s4_get_buffer_size.
int64_t DepthwiseConvWrapperS4(const Build& b, const ConvParams& p,
                               const Dims& input, const Dims& filter,
                               const Dims& output);

// Source/FullyConnectedFunctions/arm_fully_connected_get_buffer_sizes_s8.c
// arm_fully_connected_s8_get_buffer_size (and _s16: always 0).
int64_t FullyConnectedS8(const Build& b, const Dims& filter);
int64_t FullyConnectedS16(const Build& b, const Dims& filter);

// Source/PoolingFunctions/arm_avgpool_get_buffer_sizes_s8.c / _s16.c
// arm_avgpool_s8_get_buffer_size, arm_avgpool_s16_get_buffer_size.
int64_t AvgpoolS8(const Build& b, int64_t output_x, int64_t ch_src);
int64_t AvgpoolS16(const Build& b, int64_t output_x, int64_t ch_src);

// Source/SVDFunctions/arm_svdf_get_buffer_sizes_s8.c
// arm_svdf_s8_get_buffer_size.
int64_t SvdfS8(const Build& b, const Dims& weights_feature);

// Source/ConvolutionFunctions/arm_transpose_conv_get_buffer_sizes_s8.c
// arm_transpose_conv_s8_get_buffer_size and
// arm_transpose_conv_s8_get_reverse_conv_buffer_size (only stride read).
int64_t TransposeConvS8(const Build& b, const ConvParams& p, const Dims& input,
                        const Dims& filter, const Dims& output);
int64_t TransposeConvS8Reverse(const ConvParams& p, const Dims& input,
                               const Dims& filter);

}  // namespace arenaplan::cmsis_nn
