#include "kernels/cmsis_nn/cmsis_nn_rules.h"

#include <algorithm>

#include "kernels/cmsis_nn/cmsis_nn_buffer_sizes.h"
#include "kernels/reference/reference_rules.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using namespace tflite_type;  // NOLINT(build/namespaces)
using cmsis_nn::Build;
using cmsis_nn::ConvParams;
using cmsis_nn::Dims;

Build BuildOf(const KernelOptions& options) {
  Build b;
  b.isa = cmsis_nn::IsaOf(options.library);
  b.armclang = options.compiler == KernelCompiler::kArmclang;
  return b;
}

// An NHWC tensor's dims as cmsis_nn_dims.
Dims Nhwc(const OpView& op, int32_t t, const char* what) {
  return Dims{Dim(op, t, 0, what), Dim(op, t, 1, what), Dim(op, t, 2, what),
              Dim(op, t, 3, what)};
}

// The stride, dilation and padding CalculateOpDataConv /
// CalculateOpDataDepthwiseConv give (ComputePaddingHeightWidth).
ConvParams WindowParams(const OpView& op, const Dims& input,
                        const Dims& filter) {
  const OpOptions& o = op.op().options;
  const PaddingValues pad = ComputePaddingHeightWidth(
      o.stride_h, o.stride_w, o.dilation_h, o.dilation_w,
      static_cast<int>(input.h), static_cast<int>(input.w),
      static_cast<int>(filter.h), static_cast<int>(filter.w), o.padding);
  if (o.stride_w < 1 || o.stride_h < 1 || o.dilation_w < 1 ||
      o.dilation_h < 1) {
    throw Error("stride " + std::to_string(o.stride_w) + "x" +
                std::to_string(o.stride_h) + ", dilation " +
                std::to_string(o.dilation_w) + "x" +
                std::to_string(o.dilation_h) +
                ": TFLM's cmsis_nn Prepare needs them positive");
  }
  ConvParams p;
  p.stride_w = o.stride_w;
  p.stride_h = o.stride_h;
  p.dilation_w = o.dilation_w;
  p.dilation_h = o.dilation_h;
  p.pad_w = pad.width;
  p.pad_h = pad.height;
  return p;
}

void AddIfPositive(ScratchRequests& out, int64_t bytes, const char* reason) {
  if (bytes > 0) out.Add(bytes, reason);
}

}  // namespace

void CmsisConvRule(const OpView& op, const KernelOptions& options,
                   ScratchRequests& out) {
  const char* what = "CONV_2D";
  const int32_t input = RequiredInput(op, 0, what);
  const int8_t type = TypeOf(op, input);
  if (type != kInt8 && type != kInt16) return;
  const Dims in = Nhwc(op, input, what);
  const Dims f = Nhwc(op, RequiredInput(op, 1, what), what);
  const Dims filter{1, f.h, f.w, f.c};
  const Dims output = Nhwc(op, RequiredOutput(op, 0, what), what);
  const Build b = BuildOf(options);
  if (type == kInt8) {
    AddIfPositive(out,
                  cmsis_nn::ConvolveWrapperS8(b, WindowParams(op, in, filter),
                                              in, filter, output),
                  "im2col buffer");
  } else {
    AddIfPositive(out, cmsis_nn::ConvolveWrapperS16(b, in, filter),
                  "im2col buffer");
  }
}

void CmsisDepthwiseConvRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out) {
  const char* what = "DEPTHWISE_CONV_2D";
  const int32_t input = RequiredInput(op, 0, what);
  if (TypeOf(op, input) != kInt8) return;
  const int32_t filter_t = RequiredInput(op, 1, what);
  const Dims in = Nhwc(op, input, what);
  const Dims f = Nhwc(op, filter_t, what);
  const Dims o = Nhwc(op, RequiredOutput(op, 0, what), what);
  const Dims filter{1, f.h, f.w, o.c};
  const Dims output{in.n, o.h, o.w, o.c};
  const ConvParams p = WindowParams(op, in, filter);
  const Build b = BuildOf(options);
  int64_t bytes = 0;
  if (TypeOf(op, filter_t) == kInt8) {
    bytes = cmsis_nn::DepthwiseConvWrapperS8(b, p, in, filter, output,
                                             /*stride_known=*/false);
    if (bytes < 0) {
      out.Unknown(
          "with one input channel and a 1-row input and filter, CMSIS-NN's "
          "MVE buffer size reads a stride that TFLM's cmsis_nn Prepare "
          "leaves uninitialised");
      return;
    }
  } else if (TypeOf(op, filter_t) == kInt4) {
    bytes = cmsis_nn::DepthwiseConvWrapperS4(b, p, in, filter, output);
  } else {
    throw Error("filter type " + TensorTypeName(TypeOf(op, filter_t)) +
                " with int8 input; TFLM's cmsis_nn DEPTHWISE_CONV_2D rejects "
                "it");
  }
  AddIfPositive(out, bytes, "depthwise buffer");
}

void CmsisFullyConnectedRule(const OpView& op, const KernelOptions& options,
                             ScratchRequests& out) {
  const char* what = "FULLY_CONNECTED";
  const int32_t input = RequiredInput(op, 0, what);
  const int32_t filter = RequiredInput(op, 1, what);
  const int32_t bias = OptionalInput(op, 2);
  const int32_t output = RequiredOutput(op, 0, what);
  const int8_t type = TypeOf(op, input);
  if (type != kInt8 || TypeOf(op, filter) == kInt4) return;  // int16: 0
  const int output_rank = Rank(op, output);
  const int64_t accum_depth = Dim(op, filter, Rank(op, filter) - 1, what);
  const int64_t output_depth = Dim(op, output, output_rank - 1, what);
  const Build b = BuildOf(options);
  int64_t bytes = 0;
  if (output_rank > 2 && accum_depth % 4 == 0) {
    if (ScaleCount(op, filter) <= 1) {
      out.Add(Mul(output_depth, 4 * 2), "per-channel parameters for conv 1x1");
    }
    Dims in;
    in.n = 1;  // FlatSizeSkipDim(output, last): the batches
    for (int d = 0; d + 1 < output_rank; ++d) {
      in.n = Mul(in.n, Dim(op, output, d, what));
    }
    in.h = in.w = 1;
    in.c = accum_depth;
    bytes = cmsis_nn::Convolve1x1S8Fast(b, in);
  } else {
    Dims filter_dims{accum_depth, 1, 1, output_depth};
    bytes = cmsis_nn::FullyConnectedS8(b, filter_dims);
    if (bytes > 0 && options.optimization == KernelOptimization::kSpeed &&
        IsConstant(op, filter) && (bias < 0 || IsConstant(op, bias))) {
      bytes = 0;  // kernel sums in persistent memory
    }
  }
  AddIfPositive(out, bytes, "fully connected buffer");
}

void CmsisAveragePoolRule(const OpView& op, const KernelOptions& options,
                          ScratchRequests& out) {
  const char* what = "AVERAGE_POOL_2D";
  const int32_t input = RequiredInput(op, 0, what);
  const int8_t type = TypeOf(op, input);
  if (type != kInt8 && type != kInt16) return;
  const int32_t output = RequiredOutput(op, 0, what);
  const int64_t depth = Dim(op, input, 3, what);
  const int64_t width = Dim(op, output, 2, what);
  const Build b = BuildOf(options);
  AddIfPositive(out,
                type == kInt16 ? cmsis_nn::AvgpoolS16(b, width, depth)
                               : cmsis_nn::AvgpoolS8(b, width, depth),
                "average pool sums");
}

void CmsisSvdfRule(const OpView& op, const KernelOptions& options,
                   ScratchRequests& out) {
  ReferenceSvdfRule(op, options, out);
  if (TypeOf(op, RequiredInput(op, 0, "SVDF")) != kInt8) return;
  const SvdfSizes s = SvdfSizesOf(op);
  Dims weights_feature;
  weights_feature.n = s.num_filters;
  weights_feature.h = Dim(op, RequiredInput(op, 1, "SVDF"), 1, "SVDF");
  const int64_t bytes = cmsis_nn::SvdfS8(BuildOf(options), weights_feature);
  if (bytes <= 0) return;
  if (options.optimization == KernelOptimization::kSize) {
    out.Add(bytes, "SVDF kernel sums");
  } else if (!IsConstant(op, RequiredInput(op, 1, "SVDF"))) {
    throw Error(
        "SVDF weights_feature is not constant; TFLM's cmsis_nn SVDF "
        "optimised for speed rejects it");
  }
}

void CmsisTransposeConvRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out) {
  const char* what = "TRANSPOSE_CONV";
  const int32_t input = RequiredInput(op, 2, what);
  const int32_t output = RequiredOutput(op, 0, what);
  const int8_t type = TypeOf(op, input);
  if (type == kInt8) {
    const Dims in = Nhwc(op, input, what);
    const Dims f = Nhwc(op, RequiredInput(op, 1, what), what);
    const Dims o = Nhwc(op, output, what);
    const Dims input_dims{in.n, in.h, in.w, in.c};
    const Dims filter_dims{f.n, f.h, f.w, in.c};
    const Dims output_dims{in.n, o.h, o.w, f.n};
    ConvParams p;
    p.stride_w = op.op().options.stride_w;
    p.stride_h = op.op().options.stride_h;
    const Build b = BuildOf(options);
    out.Add(
        cmsis_nn::TransposeConvS8(b, p, input_dims, filter_dims, output_dims),
        "transpose conv buffer");
    out.Add(cmsis_nn::TransposeConvS8Reverse(p, input_dims, filter_dims),
            "reversed filter");
  } else if (type == kInt16) {
    out.Add(Mul(FlatSize(op, output), 8), "int64 accumulators");
  }
  TransposeConvBias16(op, out);
}

void CmsisBatchMatmulRule(const OpView& op, const KernelOptions& options,
                          ScratchRequests& out) {
  const char* what = "BATCH_MATMUL";
  const int32_t lhs = RequiredInput(op, 0, what);
  const int32_t rhs = RequiredInput(op, 1, what);
  if (TypeOf(op, lhs) != kInt8 || TypeOf(op, rhs) == kFloat32) return;
  const int rank = Rank(op, rhs);
  // ReshapeOutputTensor: the output's last dimension is the rhs columns.
  Dims output;
  output.c = Dim(op, rhs, op.op().options.adj_y ? rank - 2 : rank - 1, what);
  AddIfPositive(out, cmsis_nn::FullyConnectedS8(BuildOf(options), output),
                "batch matmul buffer");
}

void CmsisLstmRule(const OpView& op, const KernelOptions&,
                   ScratchRequests& out) {
  const int64_t bytes = LstmBufferBytes(op);
  const int8_t activation = TypeOf(op, RequiredInput(op, 0, "LSTM"));
  const int8_t cell = TypeOf(op, RequiredInput(op, 19, "LSTM"));
  const bool cmsis =
      (activation == kInt8 || activation == kInt16) && cell == kInt16;
  for (int i = 0; i < (cmsis ? 3 : 4); ++i) out.Add(bytes, "LSTM gate buffer");
}

}  // namespace arenaplan
