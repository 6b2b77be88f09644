// A decoded, validated view of a .tflite model: only what planning needs.
// Produced by ReadModel (model_reader.h) from untrusted bytes; every index in
// it has been checked, so later stages can use them without re-checking.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arenaplan {

struct ModelTensor {
  std::string name;
  std::vector<int32_t> shape;  // as stored; empty = scalar
  int8_t type = 0;             // TFLite TensorType
  uint32_t buffer = 0;
  bool is_variable = false;
  bool has_data = false;  // a constant: its buffer holds data (length > 0)
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
