// Builds .tflite bytes from a plain description with the flatbuffers
// builder: the project's own example model, test models for every planning
// rule, and fuzzing seeds. Writes only what the reduced schema knows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace arenaplan {

namespace tensor_type {
constexpr int8_t kFloat32 = 0;
constexpr int8_t kFloat16 = 1;
constexpr int8_t kInt32 = 2;
constexpr int8_t kString = 5;
constexpr int8_t kInt16 = 7;
constexpr int8_t kInt8 = 9;
constexpr int8_t kResource = 13;
constexpr int8_t kVariant = 14;
constexpr int8_t kInt4 = 17;
}  // namespace tensor_type

struct TensorSpec {
  std::string name;
  std::vector<int32_t> shape;
  int8_t type = tensor_type::kInt8;
  bool is_variable = false;
  std::vector<uint8_t> data;       // non-empty: a constant
  ModelQuantization quantization;  // written when `present`
  // Non-zero: a Buffer with no data but offset/size naming this many bytes
  // stored after the flatbuffer (the schema's external buffer data).
  uint64_t external_bytes = 0;
};

struct OpSpec {
  int32_t code = 0;         // BuiltinOperator
  std::string custom_code;  // for CUSTOM
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<int32_t> intermediates;
  // IF: {then, else}; WHILE: {cond, body}; CALL_ONCE: {init}.
  std::vector<int32_t> subgraphs;
  // Store the code only in the old deprecated_builtin_code field.
  bool deprecated_code_only = false;
  std::vector<uint8_t> custom_options;
  // Builtin options: the table named by options.type (a BuiltinOptions
  // union value, see tflite_schema.fbs) is written with these fields.
  OpOptions options;
};

// An ordinary op: code, inputs, outputs.
inline OpSpec MakeOp(int32_t code, std::vector<int32_t> inputs,
                     std::vector<int32_t> outputs) {
  OpSpec op;
  op.code = code;
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  return op;
}

struct SubgraphSpec {
  std::string name;
  std::vector<TensorSpec> tensors;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<OpSpec> ops;
};

struct ModelSpec {
  std::vector<SubgraphSpec> subgraphs;
  // Written as OfflineMemoryAllocation metadata [0, subgraphs, n, ...].
  std::optional<std::vector<int32_t>> offline_offsets;
  // Bytes of zeros after the last offset of that metadata.
  size_t offline_trailing_bytes = 0;
  std::string description = "built by arenaplan";
  // Layout knobs for the offline-plan writer's tests. buffers_first builds
  // every Buffer table, then Model.buffers right after the last one (as
  // TFLite's converter does: the vector is directly followed by a Buffer
  // table); otherwise Buffers are built as their tensors are.
  bool buffers_first = false;
  int32_t spare_buffers = 0;  // empty buffers no tensor uses, added last
};

inline ModelSpec MakeModel(std::vector<SubgraphSpec> subgraphs) {
  ModelSpec spec;
  spec.subgraphs = std::move(subgraphs);
  return spec;
}

std::vector<uint8_t> BuildModel(const ModelSpec& spec);

}  // namespace arenaplan
