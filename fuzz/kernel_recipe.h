// Structure-aware inputs for the kernel-stage fuzzers: a few ops of any
// builtin code (or a custom op the kernel libraries read options of), with
// tensors of fuzzed ranks, dims (small, or hostile: 2^31-1, 0, -1), types,
// constant data and quantization, every BuiltinOptions field, and flexbuffer
// custom options built from fuzzed keys and values. Byte mutation of a
// .tflite rarely reaches the kernel rules' arithmetic; this does.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <vector>

#include "model/model_builder.h"

namespace arenaplan::fuzz {

// The custom codes the kernel libraries know (custom options read by the
// signal library and TFLite_Detection_PostProcess).
extern const char* const kCustomCodes[];
extern const size_t kCustomCodeCount;

// A flexbuffer map from `in`: keys from the ones the rules read and a few
// others, values of every flexbuffer type (ints of any size, floats
// including huge ones, strings, vectors, booleans, null).
std::vector<uint8_t> FuzzedFlexbufferMap(FuzzedDataProvider& in);

// One subgraph of up to 4 ops over up to 26 tensors: half the time
// FuzzedTemplateModel, else any op codes over any tensors.
ModelSpec FuzzedKernelModel(FuzzedDataProvider& in);

// One op whose kernel the libraries have rules for (CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED, pooling, SOFTMAX, SVDF, LSTM,
// TRANSPOSE_CONV, reductions, BATCH_MATMUL, MIRROR_PAD, ADD_N, the custom
// ops), with tensors of the ranks and types its Prepare expects (now and
// then one off) and fuzzed dims, options and quantization:
// kernel_templates.cc.
ModelSpec FuzzedTemplateModel(FuzzedDataProvider& in);

// A dimension: mostly small, sometimes one that breaks arithmetic (0, -1,
// 65536, 2^31-1, any int32).
int32_t FuzzedDim(FuzzedDataProvider& in);
// Every BuiltinOptions field fuzzed, the union type among those the
// reduced schema declares.
OpOptions FuzzedOptions(FuzzedDataProvider& in);

}  // namespace arenaplan::fuzz
