#include "kernels/reference/reference_arena_common.h"

namespace arenaplan::reference_common {

void CalculateOpDataConv(ArenaCallList& calls) {
  const int32_t input = calls.TempInput(0);
  const int32_t filter = calls.TempInput(1);
  const int32_t bias = calls.TempInput(2);
  const int32_t output = calls.TempOutput(0);
  calls.Free(output);
  calls.Free(input);
  calls.Free(filter);
  calls.Free(bias);
}

void CalculateOpDataDepthwiseConv(ArenaCallList& calls) {
  const int32_t input = calls.TempInput(0);
  const int32_t filter = calls.TempInput(1);
  const int32_t bias = calls.TempInput(2);
  const int32_t output = calls.TempOutput(0);
  calls.Free(input);
  calls.Free(filter);
  calls.Free(bias);
  calls.Free(output);
}

void PoolingPrepare(ArenaCallList& calls) {
  const int32_t input = calls.TempInput(0);
  const int32_t output = calls.TempOutput(0);
  calls.Free(input);
  calls.Free(output);
}

void CalculateSoftmaxParams(ArenaCallList& calls, int8_t input_type) {
  if (input_type == tflite_type::kInt16) {
    calls.Persistent(kInt16LutBytes);  // exp_lut
    calls.Persistent(kInt16LutBytes);  // one_over_one_plus_x_lut
  }
}

void CalculateOpDataFullyConnected(ArenaCallList& calls, const OpView& op,
                                   int8_t data_type, int32_t filter) {
  if (data_type == tflite_type::kFloat32) return;
  if (!IsAffineQuantized(op, filter)) return;
  const int64_t channels =
      static_cast<int64_t>(op.tensor(filter).quantization.scale.size());
  if (channels <= 1) return;
  calls.Persistent(channels * 4);  // per_channel_output_multiplier
  calls.Persistent(channels * 4);  // per_channel_output_shift
}

void LstmTensorsAllocate(ArenaCallList& calls, const OpView&) {
  for (int k = 0; k < kLstmInputs; ++k) calls.TempInput(k);
  calls.TempOutput(0);
}

void LstmTensorsFree(ArenaCallList& calls, const OpView& op) {
  for (int k = 0; k < kLstmInputs; ++k) calls.Free(op.input(k));
  calls.Free(op.output(0));
}

}  // namespace arenaplan::reference_common
