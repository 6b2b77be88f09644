// What model.h declares besides the structures: names and sizes of TFLite
// types and operators.
#include "model/model.h"

#include <iterator>

#include "model/builtin_ops.h"

namespace arenaplan {

size_t Model::TensorCount() const {
  size_t count = 0;
  for (const ModelSubgraph& s : subgraphs) count += s.tensors.size();
  return count;
}

std::string OperatorName(const ModelOperator& op) {
  if (op.kernel_code == op::kCustom) return "CUSTOM:" + op.custom_code;
  const char* name = BuiltinOperatorName(op.kernel_code);
  return name ? name : "BUILTIN_" + std::to_string(op.kernel_code);
}

int TensorTypeSize(int8_t type) {
  switch (type) {
    case 0:
      return 4;  // FLOAT32
    case 1:
      return 2;  // FLOAT16
    case 2:
      return 4;  // INT32
    case 3:
      return 1;  // UINT8
    case 4:
      return 8;  // INT64
    case 6:
      return 1;  // BOOL
    case 7:
      return 2;  // INT16
    case 8:
      return 8;  // COMPLEX64
    case 9:
      return 1;  // INT8
    case 10:
      return 8;  // FLOAT64
    case 11:
      return 16;  // COMPLEX128
    case 12:
      return 8;  // UINT64
    case 13:
      return 4;  // RESOURCE: an int32 handle
    case 15:
      return 4;  // UINT32
    case 16:
      return 2;  // UINT16
    case 17:
      return 1;  // INT4: TFLM counts one byte per element
    case 18:
      return 2;  // BFLOAT16
    default:
      return -1;  // STRING, VARIANT, INT2, UINT4, FLOAT8_*, unknown
  }
}

std::string TensorTypeName(int8_t type) {
  static const char* const kNames[] = {
      "FLOAT32", "FLOAT16",       "INT32",      "UINT8",     "INT64",
      "STRING",  "BOOL",          "INT16",      "COMPLEX64", "INT8",
      "FLOAT64", "COMPLEX128",    "UINT64",     "RESOURCE",  "VARIANT",
      "UINT32",  "UINT16",        "INT4",       "BFLOAT16",  "INT2",
      "UINT4",   "FLOAT8_E4M3FN", "FLOAT8_E5M2"};
  if (type >= 0 && type < static_cast<int>(std::size(kNames))) {
    return kNames[type];
  }
  return "TYPE_" + std::to_string(type);
}

std::string FlexNote(const Model& model) {
  if (model.flex_ops.empty()) return "";
  std::string names;
  for (const std::string& name : model.flex_ops) {
    names += (names.empty() ? "" : ", ") + name;
  }
  return " (the model uses Flex ops " + names +
         ": select-TF ops, which TFLM cannot run)";
}

}  // namespace arenaplan
