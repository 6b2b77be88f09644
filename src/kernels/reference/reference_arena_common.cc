#include "kernels/reference/reference_arena_common.h"

namespace arenaplan::reference_common {

namespace {

// What CalculateOpDataConv and CalculateOpDataDepthwiseConv both take:
// temporaries for input 0, filter 1, bias 2 and output 0, in that order.
struct ConvTensors {
  int32_t input, filter, bias, output;
};
ConvTensors TakeConvTensors(ArenaCalls& calls) {
  ConvTensors t;
  t.input = calls.Input(0);
  t.filter = calls.Input(1);
  t.bias = calls.Input(2);
  t.output = calls.Output(0);
  return t;
}

}  // namespace

void CalculateOpDataConv(ArenaCalls& calls) {
  const ConvTensors t = TakeConvTensors(calls);
  calls.Free({t.output, t.input, t.filter, t.bias});
}

void CalculateOpDataDepthwiseConv(ArenaCalls& calls) {
  const ConvTensors t = TakeConvTensors(calls);
  calls.Free({t.input, t.filter, t.bias, t.output});
}

void PoolingPrepare(ArenaCalls& calls) {
  const int32_t input = calls.Input(0);
  const int32_t output = calls.Output(0);
  calls.Free({input, output});
}

void PerChannelArrays(ArenaCalls& calls, int64_t channels) {
  calls.Persistent(channels * 4);  // per_channel_output_multiplier
  calls.Persistent(channels * 4);  // per_channel_output_shift
}

void TransposeConvCalculateOpData(ArenaCalls& calls) {
  if (TypeOf(calls.op(), calls.op().input(2)) == tflite_type::kFloat32) return;
  const int32_t input = calls.Input(2);
  const int32_t filter = calls.Input(1);
  const int32_t bias = calls.Input(3);
  const int32_t output = calls.Output(0);
  calls.Free({input, filter, output, bias});
}

void CalculateSoftmaxParams(ArenaCalls& calls, int8_t input_type) {
  if (input_type == tflite_type::kInt16) {
    calls.Persistent(kInt16LutBytes);  // exp_lut
    calls.Persistent(kInt16LutBytes);  // one_over_one_plus_x_lut
  }
}

void CalculateOpDataFullyConnected(ArenaCalls& calls, int8_t data_type,
                                   int32_t filter) {
  const OpView& op = calls.op();
  if (data_type == tflite_type::kFloat32) return;
  if (!IsAffineQuantized(op, filter)) return;
  const int64_t channels =
      static_cast<int64_t>(op.tensor(filter).quantization.scale.size());
  if (channels <= 1) return;
  PerChannelArrays(calls, channels);
}

LstmTensorHandles LstmTensorsAllocate(ArenaCalls& calls) {
  LstmTensorHandles h;
  for (int k = 0; k < kLstmInputs; ++k) h.inputs[k] = calls.Input(k);
  h.output = calls.Output(0);
  return h;
}

void LstmTensorsFree(ArenaCalls& calls, const LstmTensorHandles& handles) {
  for (int32_t h : handles.inputs) calls.Free(h);
  calls.Free(handles.output);
}

}  // namespace arenaplan::reference_common
