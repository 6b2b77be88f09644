#include "kernels/reference/reference_arena_common.h"

namespace arenaplan::reference_common {

void CalculateOpDataConv(ArenaCalls& calls) {
  const int32_t input = calls.Input(0);
  const int32_t filter = calls.Input(1);
  const int32_t bias = calls.Input(2);
  const int32_t output = calls.Output(0);
  calls.Free(output);
  calls.Free(input);
  calls.Free(filter);
  calls.Free(bias);
}

void CalculateOpDataDepthwiseConv(ArenaCalls& calls) {
  const int32_t input = calls.Input(0);
  const int32_t filter = calls.Input(1);
  const int32_t bias = calls.Input(2);
  const int32_t output = calls.Output(0);
  calls.Free(input);
  calls.Free(filter);
  calls.Free(bias);
  calls.Free(output);
}

void PoolingPrepare(ArenaCalls& calls) {
  const int32_t input = calls.Input(0);
  const int32_t output = calls.Output(0);
  calls.Free(input);
  calls.Free(output);
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
  calls.Persistent(channels * 4);  // per_channel_output_multiplier
  calls.Persistent(channels * 4);  // per_channel_output_shift
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
