// TFLite builtin operator codes arenaplan treats specially, and their names.
#pragma once

#include <cstdint>

namespace arenaplan {

namespace op {
constexpr int32_t kAdd = 0;
constexpr int32_t kAveragePool2d = 1;
constexpr int32_t kConv2d = 3;
constexpr int32_t kDepthwiseConv2d = 4;
constexpr int32_t kDequantize = 6;
constexpr int32_t kFullyConnected = 9;
constexpr int32_t kMaxPool2d = 17;
constexpr int32_t kMul = 18;
constexpr int32_t kRelu = 19;
constexpr int32_t kReshape = 22;
constexpr int32_t kSoftmax = 25;
constexpr int32_t kSvdf = 27;
constexpr int32_t kCustom = 32;
constexpr int32_t kMean = 40;
constexpr int32_t kUnidirectionalSequenceLstm = 44;
constexpr int32_t kTransposeConv = 67;
constexpr int32_t kSum = 74;
constexpr int32_t kReduceMax = 82;
constexpr int32_t kReduceMin = 89;
constexpr int32_t kMirrorPad = 100;
constexpr int32_t kAddN = 106;
constexpr int32_t kIf = 118;
constexpr int32_t kWhile = 119;
constexpr int32_t kBatchMatmul = 126;
constexpr int32_t kCallOnce = 129;
constexpr int32_t kVarHandle = 142;
constexpr int32_t kDynamicUpdateSlice = 151;
constexpr int32_t kStablehloComposite = 206;
}  // namespace op

// "CONV_2D" for a known code, nullptr for an unknown one.
const char* BuiltinOperatorName(int32_t code);

}  // namespace arenaplan
