// The scratch requests of TFLM's reference kernels that request any, one
// rule per kernel Prepare (TFLM commit 90b983c2). Sizes are the bytes passed
// to RequestScratchBufferInArena, before TFLM rounds them up to 16. The
// CMSIS-NN rules reuse the parts TFLM's cmsis_nn kernels share with the
// reference ones.
#pragma once

#include "kernels/prepare_support.h"

namespace arenaplan {

// CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED with an int4 filter: the filter
// unpacked to one byte per element, FlatSize(filter) bytes.
// kernels/conv_common.cc ConvPrepare, depthwise_conv_common.cc
// DepthwiseConvPrepare, fully_connected.cc FullyConnectedPrepare.
void ReferenceInt4FilterRule(const OpView& op, const KernelOptions& options,
                             ScratchRequests& out);

// TRANSPOSE_CONV: int8 input: FlatSize(output) * 4 (int32 accumulators);
// int16 input: FlatSize(output) * 8 (int64 accumulators), then
// ReferenceTransposeConvBias16.
// kernels/transpose_conv.cc TransposeConvPrepare.
void ReferenceTransposeConvRule(const OpView& op, const KernelOptions& options,
                                ScratchRequests& out);

// The request TRANSPOSE_CONV's CalculateOpData makes for 16x8 models with an
// int16 bias: FlatSize(bias) * 8 (the bias widened to int64).
// kernels/transpose_conv.cc and cmsis_nn/transpose_conv.cc CalculateOpData.
void TransposeConvBias16(const OpView& op, ScratchRequests& out);

// MEAN, SUM: int8/int16 input: FlatSize(output) * 4 (int32 sums); then
// rank(input) * 4 (input_iter) and NumElements(axis) * 4 (resolved_axis).
// kernels/reduce_common.cc PrepareMeanOrSumHelper.
void ReferenceMeanOrSumRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out);

// REDUCE_MAX, REDUCE_MIN, REDUCE_ALL: rank(input) * 4, NumElements(axis) * 4.
// kernels/reduce_common.cc PrepareMinMaxHelper, PrepareAllHelper.
void ReferenceMinMaxAllRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out);

// SVDF sizes as its Prepare reads them: batch = input dim 0, num_filters =
// weights_feature dim 0, num_units = num_filters / rank.
struct SvdfSizes {
  int64_t batch = 0, num_filters = 0, num_units = 0;
};
SvdfSizes SvdfSizesOf(const OpView& op);

// SVDF: int8 input: batch * num_filters * 4, batch * num_units * 4; float
// input: batch * num_filters * 4.
// kernels/svdf_common.cc PrepareSvdf.
void ReferenceSvdfRule(const OpView& op, const KernelOptions& options,
                       ScratchRequests& out);

// ADD_N: float32 or int8 output: one data pointer per input, inputs * 4 on
// the 32-bit targets TFLM runs on (sizeof(float*) and sizeof(int8_t*)).
// kernels/add_n.cc CalculateOpData.
void ReferenceAddNRule(const OpView& op, const KernelOptions& options,
                       ScratchRequests& out);

// MIRROR_PAD: two buffers of rank(input) * 4 bytes.
// kernels/mirror_pad.cc MirrorPadPrepare.
void ReferenceMirrorPadRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out);

// UNIDIRECTIONAL_SEQUENCE_LSTM: batch * state_dimension * bytes of the cell
// state type, where batch = input dim 1 if time_major else dim 0 and
// state_dimension = output state (input 18) dim 1
// (kernels/lstm_eval_common.cc CreateLstmSizeInfo).
int64_t LstmBufferBytes(const OpView& op);

// UNIDIRECTIONAL_SEQUENCE_LSTM: four LstmBufferBytes buffers.
// kernels/unidirectional_sequence_lstm.cc UnidirectionalSequenceLstmPrepare.
void ReferenceLstmRule(const OpView& op, const KernelOptions& options,
                       ScratchRequests& out);

// CUSTOM "TFLite_Detection_PostProcess": eleven buffers from num_boxes
// (input 0 dim 1), the class predictions' dims 1 and 2, and max_detections
// and num_classes from the custom options.
// kernels/detection_postprocess.cc DetectionPostProcessInit and Prepare.
void ReferenceDetectionPostProcessRule(const OpView& op,
                                       const KernelOptions& options,
                                       ScratchRequests& out);

// CUSTOM "SignalRfft": fft_length * sizeof(T), T and fft_length from the
// custom options.
// signal/micro/kernels/rfft.cc RfftInitAll, RfftInit and RfftPrepare.
void ReferenceRfftRule(const OpView& op, const KernelOptions& options,
                       ScratchRequests& out);

}  // namespace arenaplan
