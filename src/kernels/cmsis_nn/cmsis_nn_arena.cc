// The cmsis_nn kernels' Init and Prepare arena calls: convolutions, fully
// connected, pooling, softmax, add (this file) and SVDF, LSTM, BATCH_MATMUL
// (cmsis_nn_arena_seq.cc). Each rule names the TFLM file and function it
// follows (tensorflow/lite/micro/kernels/cmsis_nn/ at TFLM 90b983c2).
// OpData sizes were measured by compiling those structs with
// arm-none-eabi-g++ 12.2 (-mthumb -mcpu=cortex-m4 -mfloat-abi=soft, short
// enums) and with g++ 12.2 x86-64; the Cortex-M sizes equal the
// kernel_init rows of the ground truth (tflm-arena/armv7em32-cmsis-nn-dsp).
#include "kernels/cmsis_nn/cmsis_nn_arena.h"

#include "kernels/cmsis_nn/cmsis_nn_arena_ops.h"
#include "kernels/reference/reference_arena.h"
#include "kernels/reference/reference_arena_common.h"
#include "model/builtin_ops.h"

namespace arenaplan {
namespace cmsis_nn_arena {
namespace {

namespace code = op;  // BuiltinOperator values (schema.fbs)
namespace rc = reference_common;

// conv.cc / depthwise_conv.cc `struct OpData`: OpDataConv (56 / 72) and an
// int buffer_idx.
constexpr AbiSize kConvOpData{60, 80};
// fully_connected.cc `struct OpData`: OpDataFullyConnected (48 / 64), two
// buffer indices, kernel_sums pointer, batches, accum_depth, output_depth.
constexpr AbiSize kFullyConnectedOpData{72, 96};
// pooling.cc `struct OpData`: OpDataPooling (32) and an int buffer_idx.
constexpr AbiSize kPoolingOpData{36, 36};
// softmax.cc CMSISNNSoftmaxParams: SoftmaxParams (56 / 80, 8-aligned),
// num_rows, row_size.
constexpr AbiSize kSoftmaxOpData{64, 88};
// add.cc `struct OpData`: a bool and 14 four-byte fields.
constexpr AbiSize kAddOpData{60, 60};
// transpose_conv.cc `struct OpData`: ConvParams (56), three buffer indices,
// two int32_t pointers.
constexpr AbiSize kTransposeConvOpData{76, 88};

// conv.cc and depthwise_conv.cc, Init and Prepare: the per-channel arrays
// of the filter's quantized dimension (conv 0, depthwise 3) only for int8
// and int16 (the reference kernels allocate them for float too).
std::optional<KernelArenaUse> ConvOrDepthwise(const OpContext& c,
                                              bool depthwise) {
  const OpView& op = c.op;
  const int32_t input = op.input(0), filter = op.input(1);
  if (input < 0 || filter < 0 || op.output(0) < 0) return std::nullopt;
  OpCalls calls(c, kConvOpData);
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_filter = p.Input(1);
  const int32_t h_output = p.Output(0);
  // conv.cc fetches the bias with AllocateTempOutputTensor(node,
  // kConvBiasTensor): output 2, which a CONV_2D does not have (nullptr,
  // nothing allocated). depthwise_conv.cc does not fetch it.
  const int32_t h_bias = depthwise ? -1 : p.Output(2);
  if (IsInt8OrInt16(TypeOf(op, input))) {
    const int64_t channels = DimOrNone(op, filter, depthwise ? 3 : 0);
    if (channels < 0) return std::nullopt;
    rc::PerChannelArrays(p, channels);
  }
  if (depthwise) {
    rc::CalculateOpDataDepthwiseConv(p);
  } else {
    rc::CalculateOpDataConv(p);
  }
  p.Free({h_output, h_input, h_filter, h_bias});
  return calls.Take();
}
std::optional<KernelArenaUse> Conv(const OpContext& c) {
  return ConvOrDepthwise(c, false);
}
std::optional<KernelArenaUse> DepthwiseConv(const OpContext& c) {
  return ConvOrDepthwise(c, true);
}

// transpose_conv.cc, Init, Prepare and CalculateOpData. Inputs: 0 the
// output shape (ignored), 1 filter, 2 input, 3 bias.
std::optional<KernelArenaUse> TransposeConv(const OpContext& c) {
  const OpView& op = c.op;
  const int32_t input = op.input(2), filter = op.input(1);
  if (input < 0 || filter < 0 || op.output(0) < 0) return std::nullopt;
  const int64_t channels = DimOrNone(op, filter, 0);
  if (channels < 0) return std::nullopt;
  OpCalls calls(c, kTransposeConvOpData);
  ArenaCalls& p = calls.prepare;
  const int32_t h_output = p.Output(0);
  const int32_t h_input = p.Input(2);
  const int32_t h_filter = p.Input(1);
  rc::PerChannelArrays(p, channels);
  rc::TransposeConvCalculateOpData(p);
  p.Free({h_output, h_input, h_filter});
  return calls.Take();
}

// fully_connected.cc, Init and Prepare. With KERNELS_OPTIMIZED_FOR_SPEED an
// int8 kernel that is not run as a 1x1 convolution keeps its kernel sums
// persistent when arm_fully_connected_s8_get_buffer_size is > 0: only the
// MVE variant (filter_dims.c = output depth int32s); DSP and plain C ask 0.
// Optimised for size, the same bytes are a scratch request instead.
std::optional<KernelArenaUse> FullyConnected(const OpContext& c) {
  const OpView& op = c.op;
  const int32_t input = op.input(0), filter = op.input(1), bias = op.input(2),
                output = op.output(0);
  if (input < 0 || filter < 0 || output < 0) return std::nullopt;
  const int64_t out_rank = Rank(op, output);
  const int64_t filter_rank = Rank(op, filter);
  if (out_rank < 1 || filter_rank < 1) return std::nullopt;
  const int8_t type = TypeOf(op, input);
  // Prepare refuses per-channel quantization except int8 with an int8
  // filter (the reference kernel also takes int16).
  const bool per_channel = type != tflite_type::kFloat32 &&
                           IsAffineQuantized(op, filter) &&
                           op.tensor(filter).quantization.scale.size() > 1;
  if (per_channel && (type != tflite_type::kInt8 ||
                      TypeOf(op, filter) == tflite_type::kInt4)) {
    return std::nullopt;
  }
  OpCalls calls(c, kFullyConnectedOpData);
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_filter = p.Input(1);
  const int32_t h_bias = p.Input(2);
  const int32_t h_output = p.Output(0);
  rc::CalculateOpDataFullyConnected(p, type, filter);
  const int64_t accum_depth = DimOrNone(op, filter, filter_rank - 1);
  const int64_t output_depth = DimOrNone(op, output, out_rank - 1);
  const bool conv_1x1 = out_rank > 2 && accum_depth % 4 == 0;
  if (type == tflite_type::kInt8 && TypeOf(op, filter) != tflite_type::kInt4 &&
      !conv_1x1 && c.Mve() && c.ForSpeed() && output_depth > 0 &&
      IsConstant(op, filter) && (bias < 0 || IsConstant(op, bias))) {
    p.Persistent(output_depth * 4);  // kernel_sums
  }
  p.Free({h_output, h_input, h_filter, h_bias});
  return calls.Take();
}

// add.cc, InitAdd and PrepareAdd (its own OpData and CalculateOpData, no
// allocation beyond the three temporaries).
std::optional<KernelArenaUse> Add(const OpContext& c) {
  const OpView& op = c.op;
  if (op.input(0) < 0 || op.input(1) < 0 || op.output(0) < 0) {
    return std::nullopt;
  }
  OpCalls calls(c, kAddOpData);
  ArenaCalls& p = calls.prepare;
  const int32_t h_input1 = p.Input(0);
  const int32_t h_input2 = p.Input(1);
  const int32_t h_output = p.Output(0);
  p.Free({h_input1, h_input2, h_output});
  return calls.Take();
}

// softmax.cc, Init and Prepare (CalculateSoftmaxParams from softmax_common).
std::optional<KernelArenaUse> Softmax(const OpContext& c) {
  const OpView& op = c.op;
  if (op.input(0) < 0 || op.output(0) < 0) return std::nullopt;
  OpCalls calls(c, kSoftmaxOpData);
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_output = p.Output(0);
  rc::CalculateSoftmaxParams(p, TypeOf(op, op.input(0)));
  p.Free({h_input, h_output});
  return calls.Take();
}

// pooling.cc, Init and MaxPrepare: PoolingPrepare only.
std::optional<KernelArenaUse> MaxPool(const OpContext& c) {
  if (c.op.input(0) < 0 || c.op.output(0) < 0) return std::nullopt;
  OpCalls calls(c, kPoolingOpData);
  rc::PoolingPrepare(calls.prepare);
  return calls.Take();
}

// pooling.cc, Init and AveragePrepare: PoolingPrepare, then input and output
// again for the int8/int16 scratch, freed output first.
std::optional<KernelArenaUse> AveragePool(const OpContext& c) {
  if (c.op.input(0) < 0 || c.op.output(0) < 0) return std::nullopt;
  OpCalls calls(c, kPoolingOpData);
  ArenaCalls& p = calls.prepare;
  rc::PoolingPrepare(p);
  const int32_t h_input = p.Input(0);
  const int32_t h_output = p.Output(0);
  p.Free({h_output, h_input});
  return calls.Take();
}

// The ops whose cmsis_nn kernel is not the reference one.
struct CodeRule {
  int32_t builtin_code;
  OpRule rule;
};
constexpr CodeRule kRules[] = {
    {code::kAdd, Add},
    {code::kAveragePool2d, AveragePool},
    {code::kConv2d, Conv},
    {code::kDepthwiseConv2d, DepthwiseConv},
    {code::kFullyConnected, FullyConnected},
    {code::kMaxPool2d, MaxPool},
    {code::kSoftmax, Softmax},
    {code::kSvdf, Svdf},
    {code::kUnidirectionalSequenceLstm, UnidirectionalSequenceLstm},
    {code::kTransposeConv, TransposeConv},
    {code::kBatchMatmul, BatchMatmul},
};

OpRule RuleFor(int32_t builtin_code) {
  for (const CodeRule& r : kRules) {
    if (r.builtin_code == builtin_code) return r.rule;
  }
  return nullptr;
}

}  // namespace
}  // namespace cmsis_nn_arena

bool CmsisNnOverridesArena(int32_t builtin_code) {
  return cmsis_nn_arena::RuleFor(builtin_code) != nullptr;
}

std::optional<KernelArenaUse> CmsisNnOwnArena(const OpView& op,
                                              const KernelOptions& options,
                                              Abi abi) {
  const cmsis_nn_arena::OpRule rule =
      cmsis_nn_arena::RuleFor(op.op().kernel_code);
  if (rule == nullptr) return std::nullopt;
  return rule(cmsis_nn_arena::OpContext{op, options, abi});
}

std::optional<KernelArenaUse> CmsisNnArena(const OpView& op,
                                           const KernelOptions& options,
                                           Abi abi) {
  if (!CmsisNnOverridesArena(op.op().kernel_code)) {
    return ReferenceArena(op, options, abi);
  }
  return CmsisNnOwnArena(op, options, abi);
}

}  // namespace arenaplan
