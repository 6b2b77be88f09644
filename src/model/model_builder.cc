#include "model/model_builder.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

#include "model/builtin_ops.h"
#include "model/op_options.h"
#include "model/tflite_schema_generated.h"

namespace arenaplan {
namespace fb = arenaplan::schema;

std::vector<uint8_t> BuildModel(const ModelSpec& spec) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
  buffers.push_back(fb::CreateBuffer(b));  // the conventional empty buffer 0
  const auto add_buffer = [&](const std::vector<uint8_t>& data) {
    b.ForceVectorAlignment(data.size(), 1, 16);
    const auto vec = b.CreateVector(data);
    buffers.push_back(fb::CreateBuffer(b, vec));
    return static_cast<uint32_t>(buffers.size() - 1);
  };
  std::vector<uint8_t> offline_bytes;
  if (spec.offline_offsets) {
    std::vector<int32_t> words = {
        0, static_cast<int32_t>(spec.subgraphs.size()),
        static_cast<int32_t>(spec.offline_offsets->size())};
    words.insert(words.end(), spec.offline_offsets->begin(),
                 spec.offline_offsets->end());
    offline_bytes.resize(words.size() * 4 + spec.offline_trailing_bytes);
    std::memcpy(offline_bytes.data(), words.data(),
                words.size() * 4);  // little-endian
  }
  // With buffers_first: every Buffer now, in the order they are used.
  std::vector<uint32_t> early;  // constants' buffers, then the metadata's
  flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::Buffer>>>
      buffers_vector;
  const auto finish_buffers = [&] {
    if (buffers_vector.IsNull()) {
      for (int32_t k = 0; k < spec.spare_buffers; ++k) {
        buffers.push_back(fb::CreateBuffer(b));
      }
      buffers_vector = b.CreateVector(buffers);
    }
    return buffers_vector;
  };
  if (spec.buffers_first) {
    for (const SubgraphSpec& sg : spec.subgraphs) {
      for (const TensorSpec& t : sg.tensors) {
        if (!t.data.empty()) early.push_back(add_buffer(t.data));
      }
    }
    if (spec.offline_offsets) early.push_back(add_buffer(offline_bytes));
    finish_buffers();
  }
  size_t next_early = 0;
  const auto buffer_for = [&](const std::vector<uint8_t>& data) {
    return spec.buffers_first ? early[next_early++] : add_buffer(data);
  };

  using CodeKey = std::tuple<int32_t, std::string, bool>;
  std::map<CodeKey, uint32_t> code_index;
  std::vector<CodeKey> codes;
  std::vector<flatbuffers::Offset<fb::SubGraph>> subgraphs;
  for (const SubgraphSpec& sg : spec.subgraphs) {
    std::vector<flatbuffers::Offset<fb::Tensor>> tensors;
    for (const TensorSpec& t : sg.tensors) {
      uint32_t buffer = t.data.empty() ? 0 : buffer_for(t.data);
      if (t.external_bytes > 0) {
        // Offsets > 1 mark data after the flatbuffer; where is irrelevant.
        // (Not combined with buffers_first, whose vector is already built.)
        buffers.push_back(
            fb::CreateBuffer(b, 0, uint64_t{1} << 20, t.external_bytes));
        buffer = static_cast<uint32_t>(buffers.size() - 1);
      }
      // Builder calls one per statement: argument evaluation order is
      // unspecified, and the bytes must not depend on the compiler.
      const auto shape = b.CreateVector(t.shape);
      const auto name = b.CreateString(t.name);
      const auto quantization = WriteQuantization(b, t.quantization);
      tensors.push_back(fb::CreateTensor(b, shape, t.type, buffer, name,
                                         quantization, t.is_variable));
    }
    std::vector<flatbuffers::Offset<fb::Operator>> ops;
    for (const OpSpec& op : sg.ops) {
      const CodeKey key{op.code, op.custom_code, op.deprecated_code_only};
      auto [it, inserted] = code_index.emplace(key, codes.size());
      if (inserted) codes.push_back(key);
      fb::BuiltinOptions options_type = fb::BuiltinOptions::NONE;
      flatbuffers::Offset<void> options;
      const auto sub = [&](size_t k) {
        return k < op.subgraphs.size() ? op.subgraphs[k] : 0;
      };
      if (!op.subgraphs.empty() && op.code == op::kIf) {
        options_type = fb::BuiltinOptions::IfOptions;
        options = fb::CreateIfOptions(b, sub(0), sub(1)).Union();
      } else if (!op.subgraphs.empty() && op.code == op::kWhile) {
        options_type = fb::BuiltinOptions::WhileOptions;
        options = fb::CreateWhileOptions(b, sub(0), sub(1)).Union();
      } else if (!op.subgraphs.empty() && op.code == op::kCallOnce) {
        options_type = fb::BuiltinOptions::CallOnceOptions;
        options = fb::CreateCallOnceOptions(b, sub(0)).Union();
      } else if (op.options.type != 0) {
        options = WriteOpOptions(b, op.options);
        if (!options.IsNull()) {
          options_type = static_cast<fb::BuiltinOptions>(op.options.type);
        }
      }
      const auto inputs = b.CreateVector(op.inputs);
      const auto outputs = b.CreateVector(op.outputs);
      const auto custom_options =
          op.custom_options.empty() ? 0 : b.CreateVector(op.custom_options);
      const auto intermediates = b.CreateVector(op.intermediates);
      ops.push_back(fb::CreateOperator(b, it->second, inputs, outputs,
                                       options_type, options, custom_options, 0,
                                       0, intermediates));
    }
    const auto tensor_vector = b.CreateVector(tensors);
    const auto inputs = b.CreateVector(sg.inputs);
    const auto outputs = b.CreateVector(sg.outputs);
    const auto op_vector = b.CreateVector(ops);
    const auto name = b.CreateString(sg.name);
    subgraphs.push_back(
        fb::CreateSubGraph(b, tensor_vector, inputs, outputs, op_vector, name));
  }
  std::vector<flatbuffers::Offset<fb::OperatorCode>> code_tables;
  for (const auto& [code, custom, deprecated_only] : codes) {
    const int8_t deprecated = static_cast<int8_t>(std::min(code, 127));
    code_tables.push_back(fb::CreateOperatorCode(
        b, deprecated, custom.empty() ? 0 : b.CreateString(custom), 1,
        deprecated_only ? 0 : code));
  }
  std::vector<flatbuffers::Offset<fb::Metadata>> metadata;
  if (spec.offline_offsets) {
    const uint32_t buffer = buffer_for(offline_bytes);
    metadata.push_back(fb::CreateMetadata(
        b, b.CreateString("OfflineMemoryAllocation"), buffer));
  }
  const auto code_vector = b.CreateVector(code_tables);
  const auto subgraph_vector = b.CreateVector(subgraphs);
  const auto description = b.CreateString(spec.description);
  const auto buffer_vector = finish_buffers();
  const auto metadata_vector = metadata.empty() ? 0 : b.CreateVector(metadata);
  const auto model =
      fb::CreateModel(b, 3, code_vector, subgraph_vector, description,
                      buffer_vector, 0, metadata_vector);
  fb::FinishModelBuffer(b, model);
  return std::vector<uint8_t>(b.GetBufferPointer(),
                              b.GetBufferPointer() + b.GetSize());
}

}  // namespace arenaplan
