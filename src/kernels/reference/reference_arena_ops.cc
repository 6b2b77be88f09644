// The reference kernels whose Init / Prepare do more than take temporary
// tensors of their inputs and outputs. Each rule names the TFLM 90b983c2
// file and function it follows.
#include <algorithm>

#include "kernels/reference/reference_arena.h"
#include "kernels/reference/reference_arena_common.h"

namespace arenaplan::reference_arena {
namespace {

namespace rc = reference_common;
using tflite_type::kInt16;
using tflite_type::kInt8;

int64_t Dim(const OpView& op, int32_t tensor, size_t k) {
  if (tensor < 0) return 0;
  const auto& dims = op.dims(tensor);
  return k < dims.size() ? dims[k] : 0;
}

}  // namespace

// conv_common.cc ConvInit / ConvPrepare and CalculateOpDataConv.
bool ConvRule(ArenaCalls& init, ArenaCalls& p, Abi abi) {
  const OpView& op = p.op();
  init.Persistent(Bytes(abi, 72, 56));  // OpDataConv
  const int32_t out = p.Output(0);
  const int32_t in = p.Input(0);
  const int32_t filter = p.Input(1);
  rc::PerChannelArrays(p, Dim(op, op.input(1), 0));
  rc::CalculateOpDataConv(p);
  p.Free({filter, in, out});
  return true;
}

// depthwise_conv.cc DepthwiseConvInit, depthwise_conv_common.cc
// DepthwiseConvPrepare and CalculateOpDataDepthwiseConv.
bool DepthwiseConvRule(ArenaCalls& init, ArenaCalls& p, Abi abi) {
  const OpView& op = p.op();
  init.Persistent(Bytes(abi, 72, 56));  // OpDataConv
  const int32_t out = p.Output(0);
  const int32_t in = p.Input(0);
  const int32_t filter = p.Input(1);
  rc::PerChannelArrays(p, Dim(op, op.input(1), 3));
  rc::CalculateOpDataDepthwiseConv(p);
  p.Free({out, in, filter});
  return true;
}

// transpose_conv.cc TransposeConvInit / TransposeConvPrepare and
// CalculateOpData (inputs: output shape, filter, input, bias).
bool TransposeConvRule(ArenaCalls& init, ArenaCalls& p, Abi abi) {
  const OpView& op = p.op();
  init.Persistent(Bytes(abi, 80, 72));  // OpData
  const int32_t out = p.Output(0);
  const int32_t in = p.Input(2);
  const int32_t filter = p.Input(1);
  rc::PerChannelArrays(p, Dim(op, op.input(1), 0));
  rc::TransposeConvCalculateOpData(p);
  p.Free({out, in, filter});
  return true;
}

// fully_connected.cc FullyConnectedInit / FullyConnectedPrepare,
// fully_connected_common.cc CalculateOpDataFullyConnected: per-channel
// arrays for a quantized op whose filter has several scales.
bool FullyConnectedRule(ArenaCalls& init, ArenaCalls& p, Abi abi) {
  const OpView& op = p.op();
  init.Persistent(Bytes(abi, 64, 48));  // OpDataFullyConnected
  const int32_t in = p.Input(0);
  const int32_t filter = p.Input(1);
  const int32_t bias = p.Input(2);
  const int32_t out = p.Output(0);
  rc::CalculateOpDataFullyConnected(p, TypeOf(op, op.input(0)), op.input(1));
  p.Free({in, filter, bias, out});
  return true;
}

// batch_matmul.cc BatchMatMulInit / BatchMatMulPrepare (PrepareOpContext,
// InitializeTemporaries, AllocInitTransposeTensorFromTfLiteTensor) and
// batch_matmul_common.cc ReshapeOutputTensor.
bool BatchMatMulRule(ArenaCalls& init, ArenaCalls& p, Abi abi) {
  const OpView& op = p.op();
  init.Persistent(Bytes(abi, 32, 16));  // OpDataBatchMatmul
  const int32_t lhs = p.Input(0);
  const int32_t rhs = p.Input(1);
  const int32_t out = p.Output(0);
  const int8_t type = TypeOf(op, op.input(0));
  if (type == kInt8 || type == kInt16) {
    p.Persistent(28);  // QuantizationOpDataBatchMatmul
  }
  const auto transposed = [&](int32_t tensor) {
    if (tensor < 0) return;
    const auto& dims = op.dims(tensor);
    int64_t elements = 1;
    for (int32_t d : dims) elements *= d;
    p.Persistent(Bytes(abi, 24, 12));  // TfLiteEvalTensor
    p.Persistent(DimsBytes(dims.size()));
    p.Persistent(elements * std::max(0, TensorTypeSize(TypeOf(op, tensor))));
  };
  if (op.op().options.adj_x) transposed(op.input(0));
  if (!op.op().options.adj_y) transposed(op.input(1));
  if (op.output(0) >= 0) {
    p.Persistent(DimsBytes(op.tensor(op.output(0)).shape.size()));
  }
  p.Free({lhs, rhs, out});
  return true;
}

// unidirectional_sequence_lstm.cc: Init allocates OpDataLSTM; Prepare holds
// LstmTensors (lstm_eval.cc: all 24 inputs that are present, then the
// output) for its whole run.
bool LstmRule(ArenaCalls& init, ArenaCalls& p, Abi) {
  init.Persistent(688);  // OpDataLSTM (same on both ABIs)
  rc::LstmTensorsFree(p, rc::LstmTensorsAllocate(p));
  return true;
}

// svdf.cc InitSvdf, svdf_common.cc PrepareSvdf (frees the bias last).
bool SvdfRule(ArenaCalls& init, ArenaCalls& p, Abi) {
  init.Persistent(36);  // OpDataSvdf
  const int32_t in = p.Input(0);
  const int32_t weights_feature = p.Input(1);
  const int32_t weights_time = p.Input(2);
  const int32_t bias = p.Input(3);
  const int32_t state = p.Input(4);
  const int32_t out = p.Output(0);
  p.Free({in, weights_feature, weights_time, state, out, bias});
  return true;
}

// reduce.cc InitReduce (OpDataReduce) and reduce_common.cc
// PrepareMeanOrSumHelper / PrepareMinMaxHelper / PrepareAllHelper, each
// with PrepareSimple (which takes the output only for int8).
bool ReduceRule(ArenaCalls& init, ArenaCalls& p, Abi) {
  const OpView& op = p.op();
  init.Persistent(44);
  const std::string name = OperatorName(op.op());
  const auto simple = [&] {
    const int32_t in = p.Input(0);
    const int32_t axis = p.Input(1);
    if (TypeOf(op, op.input(0)) == kInt8) p.Free(p.Output(0));
    p.Free({axis, in});
  };
  const auto held = [&](bool simple_first, bool simple_inside) {
    if (simple_first) simple();
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    const int32_t axis = p.Input(1);
    if (simple_inside) simple();
    p.Free({in, out, axis});
  };
  if (name == "MEAN" || name == "SUM") {
    held(false, true);
  } else if (name == "REDUCE_MAX" || name == "REDUCE_MIN") {
    held(true, false);
  } else if (name == "REDUCE_ALL") {
    held(false, true);
  } else {
    return false;
  }
  return true;
}

}  // namespace arenaplan::reference_arena
