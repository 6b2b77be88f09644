// The cmsis_nn kernels' Init and Prepare arena calls for SVDF,
// UNIDIRECTIONAL_SEQUENCE_LSTM and BATCH_MATMUL (tensorflow/lite/micro/
// kernels/cmsis_nn/ at TFLM 90b983c2, CMSIS-NN 4ab83cc3). Sizes as in
// cmsis_nn_arena.cc.
#include "kernels/cmsis_nn/cmsis_nn_arena_ops.h"
#include "kernels/reference/reference_arena_common.h"

namespace arenaplan::cmsis_nn_arena {
namespace {

// svdf.cc CmsisNnOpDataSvdf with KERNELS_OPTIMIZED_FOR_SPEED: four scales,
// two scratch indices, three zero points (ints) and the kernel_sums pointer;
// with _FOR_SIZE a third scratch index (scratch_weight_tensor_index).
constexpr AbiSize kSvdfOpDataForSpeed{40, 48};
constexpr AbiSize kSvdfOpDataForSize{44, 48};
// unidirectional_sequence_lstm.cc `struct OpData`: OpDataLSTM (688, 8-aligned)
// and cmsis_nn_lstm_params (220 / 320).
constexpr AbiSize kLstmOpData{912, 1008};
// batch_matmul.cc `struct OpData`: OpDataBatchMatmul (16 / 32),
// cmsis_nn_dims output_shape, int buffer_idx.
constexpr AbiSize kBatchMatmulOpData{36, 56};
// batch_matmul.h QuantizationOpDataBatchMatmul: seven 4-byte fields.
constexpr int64_t kBatchMatmulQuantization = 28;

}  // namespace

// svdf.cc, Init and CmsisNnPrepareSvdf. With _FOR_SPEED an int8 SVDF keeps
// its kernel sums persistent when arm_svdf_s8_get_buffer_size > 0: only MVE
// (num_filters int32s); DSP and plain C ask 0. With _FOR_SIZE they are a
// scratch request.
std::optional<KernelArenaUse> Svdf(const OpContext& c) {
  const OpView& op = c.op;
  if (op.input(0) < 0 || op.input(1) < 0 || op.input(2) < 0 ||
      op.input(4) < 0 || op.output(0) < 0) {
    return std::nullopt;
  }
  const int64_t num_filters = DimOrNone(op, op.input(1), 0);
  if (num_filters < 0) return std::nullopt;
  OpCalls calls(c, c.ForSpeed() ? kSvdfOpDataForSpeed : kSvdfOpDataForSize);
  ArenaCalls& p = calls.prepare;
  const int32_t h_input = p.Input(0);
  const int32_t h_weights_feature = p.Input(1);
  const int32_t h_weights_time = p.Input(2);
  const int32_t h_bias = p.Input(3);
  const int32_t h_activation_state = p.Input(4);
  const int32_t h_output = p.Output(0);
  if (TypeOf(op, op.input(0)) == tflite_type::kInt8 && c.Mve() &&
      c.ForSpeed() && num_filters > 0) {
    p.Persistent(num_filters * 4);  // kernel_sums
  }
  p.Free({h_input, h_weights_feature, h_weights_time, h_activation_state,
          h_output, h_bias});
  return calls.Take();
}

// unidirectional_sequence_lstm.cc, UnidirectionalSequenceLstmInit and
// UnidirectionalSequenceLstmPrepare: LstmTensors holds temporaries for all
// present inputs and the output through Prepare; for int8 or int16
// activations with an int16 cell state CMSIS_NN_PortOpData keeps eight
// effective-bias / kernel-sum arrays of state_dimension BiasType (int32 for
// int8, int64 for int16), state_dimension being the hidden state's dims[1].
std::optional<KernelArenaUse> UnidirectionalSequenceLstm(const OpContext& c) {
  namespace rc = reference_common;
  const OpView& op = c.op;
  if (op.op().inputs.size() != rc::kLstmInputs || op.input(0) < 0 ||
      op.input(rc::kLstmOutputStateTensor) < 0 ||
      op.input(rc::kLstmCellStateTensor) < 0 || op.output(0) < 0) {
    return std::nullopt;
  }
  const int8_t activation = TypeOf(op, op.input(0));
  const int8_t cell = TypeOf(op, op.input(rc::kLstmCellStateTensor));
  int64_t bias_bytes = 0;
  if (cell == tflite_type::kInt16 && activation == tflite_type::kInt8) {
    bias_bytes = 4;
  } else if (cell == tflite_type::kInt16 && activation == tflite_type::kInt16) {
    bias_bytes = 8;
  }
  const int64_t state = DimOrNone(op, op.input(rc::kLstmOutputStateTensor), 1);
  if (bias_bytes > 0 && state < 0) return std::nullopt;
  OpCalls calls(c, kLstmOpData);
  ArenaCalls& p = calls.prepare;
  const rc::LstmTensorHandles tensors = rc::LstmTensorsAllocate(p);
  if (bias_bytes > 0) {
    for (int k = 0; k < 8; ++k) p.Persistent(state * bias_bytes);
  }
  rc::LstmTensorsFree(p, tensors);
  return calls.Take();
}

namespace {

// batch_matmul.cc, AllocInitTransposeTensorFromTfLiteTensor: a persistent
// TfLiteEvalTensor, its dims array and its data.
bool TransposeTensor(const OpContext& c, ArenaCalls& p, int32_t t) {
  const int type_size = TfLiteTypeSize(TypeOf(c.op, t));
  if (type_size <= 0) return false;
  p.Persistent(kEvalTensorSize.On(c.abi));
  p.Persistent(TfLiteIntArrayBytes(Rank(c.op, t)));
  p.Persistent(FlatSize(c.op, t) * type_size);
  return true;
}

}  // namespace

// batch_matmul.cc, Init and Prepare, with ReshapeOutputTensor
// (batch_matmul_common.cc), whose CreateWritableTensorDimsWithCopy
// (kernel_util.cc) gives the output a persistent dims array.
std::optional<KernelArenaUse> BatchMatmul(const OpContext& c) {
  const OpView& op = c.op;
  const int32_t lhs = op.input(0), rhs = op.input(1), output = op.output(0);
  if (lhs < 0 || rhs < 0 || output < 0) return std::nullopt;
  OpCalls calls(c, kBatchMatmulOpData);
  ArenaCalls& p = calls.prepare;
  const int32_t h_lhs = p.Input(0);
  const int32_t h_rhs = p.Input(1);
  const int32_t h_output = p.Output(0);
  const OpOptions& params = op.op().options;
  if (params.adj_x && !TransposeTensor(c, p, lhs)) return std::nullopt;
  if (!params.adj_y && !TransposeTensor(c, p, rhs)) return std::nullopt;
  p.Persistent(TfLiteIntArrayBytes(Rank(op, output)));
  if (TypeOf(op, lhs) != tflite_type::kFloat32 &&
      TypeOf(op, rhs) != tflite_type::kFloat32) {
    p.Persistent(kBatchMatmulQuantization);
  }
  p.Free({h_output, h_lhs, h_rhs});
  return calls.Take();
}

}  // namespace arenaplan::cmsis_nn_arena
