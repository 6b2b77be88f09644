#include "kernels/cmsis_nn/cmsis_nn_buffer_sizes.h"

#include <algorithm>

#include "kernels/prepare_support.h"
#include "problem/error.h"

namespace arenaplan::cmsis_nn {
namespace {

// Include/arm_nnsupportfunctions.h.
constexpr int64_t kChInBlockMve = 124;         // CH_IN_BLOCK_MVE
constexpr int64_t kReverseTcolThreshold = 16;  // REVERSE_TCOL_EFFICIENT_...
int64_t DwToConvThreshold(const Build& b) {    // CONVERT_DW_CONV_WITH_...
  return b.armclang ? 8 : 1;
}

// arm_nn_is_convolve_1x1, arm_nn_is_convolve_1x1_fast,
// arm_nn_is_convolve_1_x_n (Include/arm_nnsupportfunctions.h).
bool Is1x1(const ConvParams& p, const Dims& input, const Dims& filter) {
  return p.pad_w == 0 && p.pad_h == 0 && filter.w == 1 && filter.h == 1 &&
         p.dilation_w == 1 && p.dilation_h == 1 && input.c == filter.c;
}
bool Is1x1Fast(const ConvParams& p) {
  return p.stride_w == 1 && p.stride_h == 1;
}
bool Is1xN(const ConvParams& p, const Dims& input, const Dims& filter) {
  return input.h == 1 && p.dilation_w == 1 && filter.h == 1 &&
         (p.stride_w * input.c) % 4 == 0 && input.c == filter.c;
}

// arm_convolve_s8_get_buffer_size_mve: four im2col columns rounded up to
// whole 16-byte Q registers.
int64_t ConvolveS8Mve(const Dims& input, const Dims& filter) {
  const int64_t col =
      CheckedAdd({CheckedMul({input.c, filter.w, filter.h}), 15}) / 16;
  return CheckedMul({4, col, 16});
}

// arm_convolve_s8_get_buffer_size without MVE: two int16 im2col columns of
// the rhs column count rounded up to 4.
int64_t ConvolveS8NoMve(const Dims& input, const Dims& filter) {
  const int64_t rhs_cols = CheckedMul({filter.w, filter.h, input.c});
  const int64_t rem = rhs_cols % 4;
  const int64_t aligned = rem != 0 ? CheckedAdd({rhs_cols, 4 - rem}) : rhs_cols;
  return CheckedMul({2, aligned, 2});
}

// arm_convolve_1x1_s8_fast_get_buffer_size_dsp.
int64_t Convolve1x1S8FastDsp(const Build& b, const Dims& input) {
  return b.armclang ? 2 * input.c * 2 : 0;
}

// arm_convolve_1_x_n_s8_get_buffer_size_mve.
int64_t Convolve1xNS8Mve(const ConvParams& p, const Dims& input,
                         const Dims& filter, const Dims& output) {
  const int64_t pad_x = p.pad_w, stride_x = p.stride_w;
  if (stride_x == 0) {
    // TFLM passes the options' stride unchecked; the C code divides by it.
    throw Error(
        "stride_w 0: CMSIS-NN's arm_convolve_1_x_n_s8_get_buffer_size_mve "
        "divides by it");
  }
  const int64_t total_pad =
      CheckedAdd({CheckedMul({output.w - 1, stride_x}), filter.w, -input.w});
  const int64_t asym_pad = total_pad % 2;
  const int64_t right_pad_num =
      pad_x + asym_pad != 0
          ? std::max<int64_t>(1, (pad_x + asym_pad + stride_x - 1) / stride_x)
          : 0;
  const int64_t left_pad_num =
      pad_x != 0 ? std::max<int64_t>(1, (pad_x + stride_x - 1) / stride_x) : 0;
  const int64_t no_pad_num =
      std::max<int64_t>(output.w - (right_pad_num + left_pad_num), 0);
  if (right_pad_num + no_pad_num + left_pad_num != output.w) {
    return ConvolveS8Mve(input, filter);
  }
  const int64_t pad_size_left = CheckedMul({pad_x, input.c});
  const int64_t pad_size_right =
      asym_pad ? CheckedMul({right_pad_num, input.c}) : pad_size_left;
  const int64_t num_elem_left = CheckedMul({filter.w, input.c});
  const int64_t num_elem_right = CheckedAdd({num_elem_left, -input.c});
  return std::max(CheckedAdd({num_elem_left, pad_size_left}),
                  CheckedAdd({num_elem_right, pad_size_right}));
}

// arm_convolve_wrapper_s8_get_buffer_size_mve.
int64_t ConvolveWrapperS8Mve(const ConvParams& p, const Dims& input,
                             const Dims& filter, const Dims& output) {
  if (Is1x1(p, input, filter)) return 0;  // fast or not: 0 with MVE
  if (Is1xN(p, input, filter)) {
    return Convolve1xNS8Mve(p, input, filter, output);
  }
  return ConvolveS8Mve(input, filter);
}

// arm_depthwise_conv_s8_opt_get_buffer_size per branch.
int64_t DepthwiseOptS8(const Build& b, const Dims& input, const Dims& filter) {
  switch (b.isa) {
    case Isa::kMve:
      return CheckedMul({4, kChInBlockMve, filter.w, filter.h});
    case Isa::kDsp:
      return CheckedMul({input.c, filter.w, filter.h, 2});
    case Isa::kPlain:
      return 0;
  }
  return 0;
}

bool DepthwiseOptApplies(const ConvParams& p, const Dims& input,
                         const Dims& output) {
  return input.c == output.c && input.n == 1 && p.dilation_w == 1 &&
         p.dilation_h == 1;
}

}  // namespace

Isa IsaOf(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kCmsisNnDsp:
      return Isa::kDsp;
    case KernelLibrary::kCmsisNnMve:
      return Isa::kMve;
    default:
      return Isa::kPlain;
  }
}

int64_t ConvolveS8(const Build& b, const Dims& input, const Dims& filter) {
  return b.isa == Isa::kMve ? ConvolveS8Mve(input, filter)
                            : ConvolveS8NoMve(input, filter);
}

int64_t Convolve1x1S8Fast(const Build& b, const Dims& input) {
  return b.isa == Isa::kDsp ? Convolve1x1S8FastDsp(b, input) : 0;
}

int64_t ConvolveWrapperS8(const Build& b, const ConvParams& p,
                          const Dims& input, const Dims& filter,
                          const Dims& output) {
  switch (b.isa) {
    case Isa::kMve:
      return ConvolveWrapperS8Mve(p, input, filter, output);
    case Isa::kDsp:
    case Isa::kPlain:
      // The plain branch and arm_convolve_wrapper_s8_get_buffer_size_dsp
      // differ only in the 1x1 fast size, which Convolve1x1S8Fast gives.
      if (Is1x1(p, input, filter)) {
        return Is1x1Fast(p) ? Convolve1x1S8Fast(b, input) : 0;
      }
      // 1xN without MVE: arm_convolve_1_x_n_s8_get_buffer_size falls back
      // to arm_convolve_s8_get_buffer_size, as does the general case.
      return ConvolveS8NoMve(input, filter);
  }
  return 0;
}

int64_t ConvolveWrapperS16(const Build& b, const Dims& input,
                           const Dims& filter) {
  const int64_t cols = CheckedMul({input.c, filter.w, filter.h});
  if (b.isa == Isa::kMve) {
    return CheckedMul({4, CheckedAdd({cols, 7}) / 8, 8, 2});
  }
  return CheckedMul({2, cols, 2});
}

int64_t DepthwiseConvWrapperS8(const Build& b, const ConvParams& p,
                               const Dims& input, const Dims& filter,
                               const Dims& output, bool stride_known) {
  if (b.isa == Isa::kMve && input.c == 1 && output.c > DwToConvThreshold(b)) {
    // arm_deptwise_conv_s8_one_in_ch_get_buffer_size_mve: the layer as a
    // convolution with filter (c, h, w, n) plus the filter transposed.
    const Dims conv_filter{filter.c, filter.h, filter.w, filter.n};
    if (!stride_known && !Is1x1(p, input, conv_filter) && input.h == 1 &&
        p.dilation_w == 1 && conv_filter.h == 1 && input.c == conv_filter.c) {
      return -1;  // arm_nn_is_convolve_1_x_n reads the stride
    }
    return CheckedAdd({ConvolveWrapperS8Mve(p, input, conv_filter, output),
                       CheckedMul({filter.c, filter.h, filter.w, filter.n})});
  }
  if (!DepthwiseOptApplies(p, input, output)) return 0;
  if (b.isa != Isa::kMve && filter.w == 3 && filter.h == 3 && p.pad_h <= 1 &&
      p.pad_w <= 1) {
    return 0;  // arm_depthwise_conv_3x3_s8 needs no buffer
  }
  return DepthwiseOptS8(b, input, filter);
}

int64_t DepthwiseConvWrapperS4(const Build& b, const ConvParams& p,
                               const Dims& input, const Dims& filter,
                               const Dims& output) {
  if (!DepthwiseOptApplies(p, input, output)) return 0;
  // arm_depthwise_conv_s4_opt_get_buffer_size: the MVE size with MVE, the
  // DSP size otherwise (also without DSP).
  if (b.isa == Isa::kMve) {
    return CheckedMul({4, kChInBlockMve, filter.w, filter.h});
  }
  return CheckedMul({input.c, filter.w, filter.h, 2});
}

int64_t FullyConnectedS8(const Build& b, const Dims& filter) {
  return b.isa == Isa::kMve ? filter.c * 4 : 0;
}

int64_t FullyConnectedS16(const Build&, const Dims&) { return 0; }

int64_t AvgpoolS8(const Build& b, int64_t, int64_t ch_src) {
  return b.isa == Isa::kDsp ? ch_src * 4 : 0;
}

int64_t AvgpoolS16(const Build& b, int64_t, int64_t ch_src) {
  return b.isa == Isa::kDsp ? ch_src * 4 : 0;
}

int64_t SvdfS8(const Build& b, const Dims& weights_feature) {
  return b.isa == Isa::kMve ? weights_feature.n * 4 : 0;
}

int64_t TransposeConvS8(const Build& b, const ConvParams& p, const Dims& input,
                        const Dims& filter, const Dims& output) {
  const bool reverse_possible = p.stride_w <= 2 && p.stride_h <= 2;
  const bool reverse_efficient = input.c > kReverseTcolThreshold;
  if (reverse_possible && reverse_efficient) {
    const Dims reverse_input{input.n, CheckedMul({input.h, p.stride_h}),
                             CheckedMul({input.w, p.stride_w}), input.c};
    return ConvolveS8(b, reverse_input, filter);
  }
  // As in CMSIS-NN: the column count uses stride.h with filter.w.
  const int64_t buf_x =
      CheckedMul({CheckedAdd({CheckedMul({input.w - 1, p.stride_w}),
                              std::max(filter.w, p.stride_h)}),
                  output.c});
  const int64_t buf_y = std::max(filter.h, p.stride_h);
  return CheckedMul({buf_x, buf_y, 4});
}

int64_t TransposeConvS8Reverse(const ConvParams& p, const Dims& input,
                               const Dims& filter) {
  if (p.stride_w <= 2 && p.stride_h <= 2 && input.c > kReverseTcolThreshold) {
    return CheckedMul({input.c, filter.w, filter.h, filter.n});
  }
  return 0;
}

}  // namespace arenaplan::cmsis_nn
