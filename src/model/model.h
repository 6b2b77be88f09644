// A decoded, validated view of a .tflite model: only what planning needs.
// Produced by ReadModel (model_reader.h) from untrusted bytes; every index in
// it has been checked, so later stages can use them without re-checking.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arenaplan {

// A tensor's QuantizationParameters (schema table), as TFLM reads them into
// a TfLiteAffineQuantization when `scale` is non-empty
// (micro_allocator.cc, InitializeTfLiteTensorFromFlatbuffer).
struct ModelQuantization {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
  bool present = false;  // the tensor has a quantization table at all
};

struct ModelTensor {
  std::string name;
  std::vector<int32_t> shape;  // as stored; empty = scalar
  int8_t type = 0;             // TFLite TensorType
  uint32_t buffer = 0;
  bool is_variable = false;
  bool has_data = false;   // a constant: its buffer holds data (length > 0)
  uint64_t data_size = 0;  // bytes of flatbuffer data (0 = none)
  // The constant's bytes when data_size <= kKeptDataBytes, else empty. Kernels
  // read only small constant operands in Prepare (axes, permutations,
  // paddings, shapes), so this is all the tool needs.
  std::vector<uint8_t> data;
  ModelQuantization quantization;
};

// Constant data up to this size is kept in ModelTensor::data.
constexpr uint64_t kKeptDataBytes = 4096;

// The BuiltinOptions fields TFLM kernels read (schema defaults where a table
// or field is absent). One flat struct: each op uses the fields of its own
// options table (tflite_schema.fbs names them; enums are raw schema values:
// padding 0 SAME / 1 VALID, activation 0 NONE / 1 RELU / 2 RELU_N1_TO_1 /
// 3 RELU6 / 4 TANH / 5 SIGN_BIT).
struct OpOptions {
  uint8_t type = 0;  // BuiltinOptions union type, 0 = none
  int32_t padding = 0;
  int32_t stride_w = 0, stride_h = 0;
  int32_t dilation_w = 1, dilation_h = 1;
  int32_t depth_multiplier = 0;
  int32_t filter_w = 0, filter_h = 0;  // Pool2DOptions
  int32_t activation = 0;
  int32_t rank = 0;                // SVDFOptions
  int32_t axis = 0;                // Concatenation, Gather, Pack, Unpack
  int32_t count = 0;               // Pack values_count, Unpack num
  int32_t batch_dims = 0;          // GatherOptions
  int32_t weights_format = 0;      // FullyConnectedOptions
  int32_t mirror_pad_mode = 0;     // 0 REFLECT, 1 SYMMETRIC
  int8_t quantized_bias_type = 0;  // a TensorType, 0 = unset
  bool keep_dims = false;          // ReducerOptions
  bool keep_num_dims = false;      // FullyConnectedOptions
  bool asymmetric_quantize_inputs = false;
  bool time_major = false;             // UnidirectionalSequenceLSTMOptions
  bool adj_x = false, adj_y = false;   // BatchMatMulOptions
  bool pot_scale_int16 = true;         // Add/SubOptions
  float beta = 0;                      // SoftmaxOptions
  float cell_clip = 0, proj_clip = 0;  // LSTM options
  // VarHandleOptions: which resource variable (MicroResourceVariables keys
  // them by both strings).
  std::string container, shared_name;
};

struct ModelOperator {
  int32_t builtin_code = 0;  // OperatorCode field 3 (what lifetimes use)
  int32_t kernel_code = 0;   // max of the two code fields (kernel lookup)
  std::string custom_code;
  std::vector<int32_t> inputs;  // -1 = absent optional input
  std::vector<int32_t> outputs;
  std::vector<int32_t> intermediates;
  // Subgraphs the lifetime pass enters, in order (IF then/else, WHILE
  // cond/body, CALL_ONCE init); recognised by builtin_code only.
  std::vector<int32_t> called_subgraphs;
  bool has_custom_options = false;
  // The custom_options bytes (a flexbuffer for TFLM's custom ops) when they
  // are at most kKeptDataBytes long, else empty. Kernels such as
  // TFLite_Detection_PostProcess and SignalRfft read them in Init.
  std::vector<uint8_t> custom_options;
  OpOptions options;
};

struct ModelSubgraph {
  std::string name;
  std::vector<ModelTensor> tensors;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<ModelOperator> operators;
};

struct Model {
  std::vector<ModelSubgraph> subgraphs;
  // OfflineMemoryAllocation offsets, one per tensor of all subgraphs in
  // order, when the model carries that metadata (-1 = plan at run time).
  std::optional<std::vector<int32_t>> offline_offsets;
  // Custom op codes of TensorFlow's select-TF ops ("Flex..."), which TFLM
  // has no kernels for, in operator-code order.
  std::vector<std::string> flex_ops;
  // Places where TFLM does something the user would not expect but does
  // not fail (model_warnings.h): one line each, without the file name.
  std::vector<std::string> warnings;
  size_t TensorCount() const;
};

// "CONV_2D", "CUSTOM:name", or "BUILTIN_<code>".
std::string OperatorName(const ModelOperator& op);

// Bytes per element of a TFLite TensorType as TFLM counts them, or -1 for a
// type TFLM cannot size.
int TensorTypeSize(int8_t type);
// "FLOAT32", "INT8", ... or "TYPE_<n>".
std::string TensorTypeName(int8_t type);

// "" when the model has no Flex ops, else " (the model uses Flex ops A, B:
// select-TF ops, which TFLM cannot run)", to append to an error that they
// cause.
std::string FlexNote(const Model& model);

}  // namespace arenaplan
