// The scratch requests of TFLM's cmsis_nn kernels (tensorflow/lite/micro/
// kernels/cmsis_nn/*.cc at 90b983c2): what each Prepare passes to
// RequestScratchBufferInArena, with CMSIS-NN's buffer-size functions
// (cmsis_nn_buffer_sizes.h) for the library's instruction-set branch.
#pragma once

#include "kernels/prepare_support.h"

namespace arenaplan {

// CONV_2D: int8 input: arm_convolve_wrapper_s8_get_buffer_size; int16 input:
// arm_convolve_wrapper_s16_get_buffer_size (Prepare reads the bias as an
// output, so it is always null and int16 always asks); requested when > 0.
// Float: nothing. cmsis_nn/conv.cc Prepare.
void CmsisConvRule(const OpView& op, const KernelOptions& options,
                   ScratchRequests& out);

// DEPTHWISE_CONV_2D: int8 input only: arm_depthwise_conv_wrapper_s8 (int8
// filter) or _s4 (int4 filter) _get_buffer_size, requested when > 0.
// cmsis_nn/depthwise_conv.cc Prepare.
void CmsisDepthwiseConvRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out);

// FULLY_CONNECTED: int8 input, int8 filter, output rank > 2 and
// accum_depth % 4 == 0 ("conv 1x1 possible"): per-tensor filters first ask
// output_depth * 8 (faked per-channel parameters), then
// arm_convolve_1x1_s8_fast_get_buffer_size; other int8:
// arm_fully_connected_s8_get_buffer_size, moved to persistent memory when
// optimised for speed with a constant filter and bias; int16:
// arm_fully_connected_s16_get_buffer_size (0). Requested when > 0.
// cmsis_nn/fully_connected.cc Prepare.
void CmsisFullyConnectedRule(const OpView& op, const KernelOptions& options,
                             ScratchRequests& out);

// AVERAGE_POOL_2D: int8/int16 input: arm_avgpool_s8/_s16_get_buffer_size
// (output width, channels), requested when > 0. MAX_POOL_2D: nothing.
// cmsis_nn/pooling.cc AveragePrepare, MaxPrepare.
void CmsisAveragePoolRule(const OpView& op, const KernelOptions& options,
                          ScratchRequests& out);

// SVDF: as the reference kernel, then for int8 arm_svdf_s8_get_buffer_size
// when > 0 and optimised for size (for speed it is persistent memory).
// cmsis_nn/svdf.cc CmsisNnPrepareSvdf.
void CmsisSvdfRule(const OpView& op, const KernelOptions& options,
                   ScratchRequests& out);

// TRANSPOSE_CONV: int8: arm_transpose_conv_s8_get_buffer_size, then
// arm_transpose_conv_s8_get_reverse_conv_buffer_size (both always asked,
// even 0); int16: FlatSize(output) * 8; then the int16-bias request.
// cmsis_nn/transpose_conv.cc Prepare and CalculateOpData.
void CmsisTransposeConvRule(const OpView& op, const KernelOptions& options,
                            ScratchRequests& out);

// BATCH_MATMUL: int8 operands: arm_fully_connected_s8_get_buffer_size with
// c = the output's last dimension, requested when > 0.
// cmsis_nn/batch_matmul.cc Prepare.
void CmsisBatchMatmulRule(const OpView& op, const KernelOptions& options,
                          ScratchRequests& out);

// UNIDIRECTIONAL_SEQUENCE_LSTM: int8 or int16 activations with an int16 cell
// state: three LstmBufferBytes buffers; otherwise four.
// cmsis_nn/unidirectional_sequence_lstm.cc UnidirectionalSequenceLstmPrepare.
void CmsisLstmRule(const OpView& op, const KernelOptions& options,
                   ScratchRequests& out);

}  // namespace arenaplan
