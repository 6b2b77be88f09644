#include "model/model_warnings.h"

#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

constexpr int8_t kFloat32 = 0;
constexpr int8_t kUint8 = 3;
constexpr int8_t kInt16 = 7;
constexpr int8_t kInt8 = 9;

std::string OpWhere(const Model& model, size_t s, size_t i) {
  return "subgraph " + std::to_string(s) + " op " + std::to_string(i) + " (" +
         OperatorName(model.subgraphs[s].operators[i]) + ")";
}

}  // namespace

void AddModelWarnings(Model& model) {
  std::vector<std::string> warnings;
  // DEQUANTIZE ops the kernel refuses, by input type; reported once per
  // type with the first op and the count (fp16 models have dozens).
  struct Refused {
    int8_t input_type;
    int8_t output_type;
    std::string first;
    size_t count;
  };
  std::vector<Refused> refused;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    const ModelSubgraph& sg = model.subgraphs[s];
    for (size_t i = 0; i < sg.operators.size(); ++i) {
      const ModelOperator& op = sg.operators[i];
      if ((op.kernel_code == op::kIf || op.kernel_code == op::kWhile) &&
          op.builtin_code != op.kernel_code) {
        warnings.push_back(
            OpWhere(model, s, i) +
            ": its code is stored only in the old deprecated_builtin_code "
            "field; TFLM runs the op but its lifetime pass reads "
            "builtin_code and sees no control flow, so the tensors of the "
            "subgraphs it calls get no lifetime and may be placed over live "
            "data");
      }
      if (op.kernel_code == op::kDequantize && !op.inputs.empty() &&
          op.inputs[0] >= 0 && !op.outputs.empty()) {
        const int8_t in = sg.tensors[op.inputs[0]].type;
        const int8_t out = sg.tensors[op.outputs[0]].type;
        const bool in_ok = in == kInt8 || in == kInt16 || in == kUint8;
        if (in_ok && out == kFloat32) continue;
        bool counted = false;
        for (Refused& r : refused) {
          if (r.input_type == in && r.output_type == out) {
            ++r.count;
            counted = true;
          }
        }
        if (!counted) refused.push_back({in, out, OpWhere(model, s, i), 1});
      }
    }
  }
  for (const Refused& r : refused) {
    const bool input_refused = r.input_type != kInt8 &&
                               r.input_type != kInt16 && r.input_type != kUint8;
    warnings.push_back(
        std::to_string(r.count) + " DEQUANTIZE op(s) from " +
        TensorTypeName(r.input_type) + " to " + TensorTypeName(r.output_type) +
        " (first: " + r.first + "): TFLM's DEQUANTIZE kernel cannot run " +
        (input_refused ? TensorTypeName(r.input_type) + " input"
                       : TensorTypeName(r.output_type) + " output") +
        " (it takes INT8, INT16 or UINT8 to FLOAT32), so AllocateTensors "
        "fails on the device; planned as if it ran");
  }
  if (!model.flex_ops.empty()) {
    std::string names;
    for (const std::string& name : model.flex_ops) {
      names += (names.empty() ? "" : ", ") + name;
    }
    warnings.push_back("the model uses Flex ops " + names +
                       " (select-TF ops): TFLM has no kernels for them; "
                       "planned as custom ops with no scratch");
  }
  model.warnings.insert(model.warnings.end(), warnings.begin(), warnings.end());
}

}  // namespace arenaplan
