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

namespace arenaplan {
namespace cmsis_nn_arena {
namespace {

namespace code {  // BuiltinOperator values (schema.fbs)
constexpr int32_t kAdd = 0;
constexpr int32_t kAveragePool2d = 1;
constexpr int32_t kConv2d = 3;
constexpr int32_t kDepthwiseConv2d = 4;
constexpr int32_t kFullyConnected = 9;
constexpr int32_t kMaxPool2d = 17;
constexpr int32_t kSoftmax = 25;
constexpr int32_t kSvdf = 27;
constexpr int32_t kUnidirectionalSequenceLstm = 44;
constexpr int32_t kTransposeConv = 67;
constexpr int32_t kBatchMatmul = 126;
}  // namespace code

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

// conv.cc, Init and Prepare.
std::optional<KernelArenaUse> Conv(const OpContext& c) {
  const OpView& op = c.op;
  const int32_t input = op.input(0), filter = op.input(1);
  if (input < 0 || filter < 0 || op.output(0) < 0) return std::nullopt;
  OpCalls calls(op);
  calls.init.Persistent(kConvOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_filter = p.Input(1);
  const int32_t h_output = p.Output(0);
  // The bias is fetched with AllocateTempOutputTensor(node, kConvBiasTensor):
  // output 2, which a CONV_2D does not have (nullptr, nothing allocated).
  const int32_t h_bias = p.Output(2);
  if (IsInt8OrInt16(TypeOf(op, input))) {
    const int64_t channels =
        DimOrNone(op, filter, 0);  // kConvQuantizedDimension
    if (channels < 0) return std::nullopt;
    p.Persistent(channels * 4);  // per_channel_output_multiplier
    p.Persistent(channels * 4);  // per_channel_output_shift
  }
  reference_common::CalculateOpDataConv(p);
  p.Free(h_output);
  p.Free(h_input);
  p.Free(h_filter);
  p.Free(h_bias);
  return calls.Take();
}

// depthwise_conv.cc, Init and Prepare: the per-channel arrays only for int8
// and int16 (the reference kernel allocates them for float too).
std::optional<KernelArenaUse> DepthwiseConv(const OpContext& c) {
  const OpView& op = c.op;
  const int32_t input = op.input(0), filter = op.input(1);
  if (input < 0 || filter < 0 || op.output(0) < 0) return std::nullopt;
  OpCalls calls(op);
  calls.init.Persistent(kConvOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_filter = p.Input(1);
  const int32_t h_output = p.Output(0);
  if (IsInt8OrInt16(TypeOf(op, input))) {
    // kDepthwiseConvQuantizedDimension = 3.
    const int64_t channels = DimOrNone(op, filter, 3);
    if (channels < 0) return std::nullopt;
    p.Persistent(channels * 4);
    p.Persistent(channels * 4);
  }
  reference_common::CalculateOpDataDepthwiseConv(p);
  p.Free(h_output);
  p.Free(h_input);
  p.Free(h_filter);
  return calls.Take();
}

// transpose_conv.cc, Init, Prepare and CalculateOpData. Inputs: 0 the
// output shape (ignored), 1 filter, 2 input, 3 bias.
std::optional<KernelArenaUse> TransposeConv(const OpContext& c) {
  const OpView& op = c.op;
  const int32_t input = op.input(2), filter = op.input(1);
  if (input < 0 || filter < 0 || op.output(0) < 0) return std::nullopt;
  const int64_t channels = DimOrNone(op, filter, 0);
  if (channels < 0) return std::nullopt;
  OpCalls calls(op);
  calls.init.Persistent(kTransposeConvOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  const int32_t h_output = p.Output(0);
  const int32_t h_input = p.Input(2);
  const int32_t h_filter = p.Input(1);
  p.Persistent(channels * 4);
  p.Persistent(channels * 4);
  if (TypeOf(op, input) != tflite_type::kFloat32) {  // CalculateOpData
    const int32_t in = p.Input(2);
    const int32_t f = p.Input(1);
    const int32_t bias = p.Input(3);
    const int32_t out = p.Output(0);
    p.Free(in);
    p.Free(f);
    p.Free(out);
    p.Free(bias);
  }
  p.Free(h_output);
  p.Free(h_input);
  p.Free(h_filter);
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
  OpCalls calls(op);
  calls.init.Persistent(kFullyConnectedOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_filter = p.Input(1);
  const int32_t h_bias = p.Input(2);
  const int32_t h_output = p.Output(0);
  reference_common::CalculateOpDataFullyConnected(p, type, filter);
  const int64_t accum_depth = DimOrNone(op, filter, filter_rank - 1);
  const int64_t output_depth = DimOrNone(op, output, out_rank - 1);
  const bool conv_1x1 = out_rank > 2 && accum_depth % 4 == 0;
  if (type == tflite_type::kInt8 && TypeOf(op, filter) != tflite_type::kInt4 &&
      !conv_1x1 && c.Mve() && c.ForSpeed() && output_depth > 0 &&
      IsConstant(op, filter) && (bias < 0 || IsConstant(op, bias))) {
    p.Persistent(output_depth * 4);  // kernel_sums
  }
  p.Free(h_output);
  p.Free(h_input);
  p.Free(h_filter);
  p.Free(h_bias);
  return calls.Take();
}

// add.cc, InitAdd and PrepareAdd (its own OpData and CalculateOpData, no
// allocation beyond the three temporaries).
std::optional<KernelArenaUse> Add(const OpContext& c) {
  const OpView& op = c.op;
  if (op.input(0) < 0 || op.input(1) < 0 || op.output(0) < 0) {
    return std::nullopt;
  }
  OpCalls calls(op);
  calls.init.Persistent(kAddOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  const int32_t h_input1 = p.Input(0);
  const int32_t h_input2 = p.Input(1);
  const int32_t h_output = p.Output(0);
  p.Free(h_input1);
  p.Free(h_input2);
  p.Free(h_output);
  return calls.Take();
}

// softmax.cc, Init and Prepare (CalculateSoftmaxParams from softmax_common).
std::optional<KernelArenaUse> Softmax(const OpContext& c) {
  const OpView& op = c.op;
  if (op.input(0) < 0 || op.output(0) < 0) return std::nullopt;
  OpCalls calls(op);
  calls.init.Persistent(kSoftmaxOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_output = p.Output(0);
  reference_common::CalculateSoftmaxParams(p, TypeOf(op, op.input(0)));
  p.Free(h_input);
  p.Free(h_output);
  return calls.Take();
}

// pooling.cc, Init and MaxPrepare: PoolingPrepare only.
std::optional<KernelArenaUse> MaxPool(const OpContext& c) {
  if (c.op.input(0) < 0 || c.op.output(0) < 0) return std::nullopt;
  OpCalls calls(c.op);
  calls.init.Persistent(kPoolingOpData.On(c.abi));
  reference_common::PoolingPrepare(calls.prepare);
  return calls.Take();
}

// pooling.cc, Init and AveragePrepare: PoolingPrepare, then input and output
// again for the int8/int16 scratch, freed output first.
std::optional<KernelArenaUse> AveragePool(const OpContext& c) {
  if (c.op.input(0) < 0 || c.op.output(0) < 0) return std::nullopt;
  OpCalls calls(c.op);
  calls.init.Persistent(kPoolingOpData.On(c.abi));
  ArenaCalls& p = calls.prepare;
  reference_common::PoolingPrepare(p);
  const int32_t h_input = p.Input(0);
  const int32_t h_output = p.Output(0);
  p.Free(h_output);
  p.Free(h_input);
  return calls.Take();
}

OpRule RuleFor(int32_t builtin_code) {
  switch (builtin_code) {
    case code::kAdd:
      return Add;
    case code::kAveragePool2d:
      return AveragePool;
    case code::kConv2d:
      return Conv;
    case code::kDepthwiseConv2d:
      return DepthwiseConv;
    case code::kFullyConnected:
      return FullyConnected;
    case code::kMaxPool2d:
      return MaxPool;
    case code::kSoftmax:
      return Softmax;
    case code::kSvdf:
      return Svdf;
    case code::kUnidirectionalSequenceLstm:
      return UnidirectionalSequenceLstm;
    case code::kTransposeConv:
      return TransposeConv;
    case code::kBatchMatmul:
      return BatchMatmul;
    default:
      return nullptr;
  }
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
