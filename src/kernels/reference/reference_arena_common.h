// Arena calls of TFLM's shared kernel helpers (tensorflow/lite/micro/kernels/
// *_common.cc, lstm_eval.cc at TFLM 90b983c2) that the optimized libraries'
// kernels (cmsis_nn, esp_nn) call from their own Prepare. Each appends to
// `calls` what the helper does, in its order.
#pragma once

#include <array>
#include <cstdint>

#include "kernels/kernel_arena.h"
#include "kernels/op_facts.h"

namespace arenaplan::reference_common {

// conv_common.cc, CalculateOpDataConv: temporaries for input 0, filter 1,
// bias 2 (when present) and output 0; PopulateConvolutionQuantizationParams
// writes into the caller's arrays (no allocation); frees output, input,
// filter, bias.
void CalculateOpDataConv(ArenaCalls& calls);

// depthwise_conv_common.cc, CalculateOpDataDepthwiseConv: the same
// temporaries; frees input, filter, bias, output.
void CalculateOpDataDepthwiseConv(ArenaCalls& calls);

// pooling_common.cc, PoolingPrepare: temporaries for input 0 and output 0,
// freed in that order.
void PoolingPrepare(ArenaCalls& calls);

// conv_common.cc ConvPrepare (likewise depthwise_conv_common.cc
// DepthwiseConvPrepare, transpose_conv.cc TransposeConvPrepare and
// fully_connected_common.cc CalculateOpDataFullyConnected):
// per_channel_output_multiplier and per_channel_output_shift, two persistent
// int32 arrays of `channels` entries.
void PerChannelArrays(ArenaCalls& calls, int64_t channels);

// transpose_conv.cc, CalculateOpData (inputs: 0 output shape, 1 filter,
// 2 input, 3 bias): for an input that is not float32, temporaries for input
// 2, filter 1, bias 3 and output 0, freed input, filter, output, bias.
// cmsis_nn's transpose_conv.cc CalculateOpData takes and frees the same.
void TransposeConvCalculateOpData(ArenaCalls& calls);

// softmax_common.cc, CalculateSoftmaxParams (InitializeLutForInt16): an int16
// input gets two persistent LUTs of LUTSize<int16_t>() = 513 int16 each.
void CalculateSoftmaxParams(ArenaCalls& calls, int8_t input_type);
constexpr int64_t kInt16LutBytes = 513 * 2;

// fully_connected_common.cc, CalculateOpDataFullyConnected: for a non-float
// `data_type` and a filter whose affine quantization has more than one scale,
// two persistent int32 arrays of that many entries (multiplier, shift).
void CalculateOpDataFullyConnected(ArenaCalls& calls, int8_t data_type,
                                   int32_t filter);

// lstm_eval.cc, LstmTensors: the constructor takes a temporary for each of
// the 24 inputs that is present, in index order, then output 0; the
// destructor frees them in the same order.
constexpr int kLstmInputs = 24;
constexpr int kLstmOutputStateTensor = 18;  // lstm_shared.h
constexpr int kLstmCellStateTensor = 19;
struct LstmTensorHandles {
  std::array<int32_t, kLstmInputs> inputs;
  int32_t output;
};
LstmTensorHandles LstmTensorsAllocate(ArenaCalls& calls);
void LstmTensorsFree(ArenaCalls& calls, const LstmTensorHandles& handles);

}  // namespace arenaplan::reference_common
