#include "emit/offline_tflite_input.h"

#include <algorithm>

namespace arenaplan::offline_tflite {

using flatbuffer_bytes::Reader;

Input Inspect(const Reader& in) {
  Input m;
  m.root = in.U32(0);
  if (const size_t slot = in.Slot(m.root, field::kModelBuffers)) {
    m.buffers_vector = in.Deref(slot);
    m.buffers = in.Tables(slot);
  }
  m.used.assign(m.buffers.size(), false);
  const auto use = [&](uint32_t index) {
    if (index < m.used.size()) m.used[index] = true;
  };
  for (size_t subgraph : in.Tables(in.Slot(m.root, field::kModelSubgraphs))) {
    for (size_t tensor :
         in.Tables(in.Slot(subgraph, field::kSubgraphTensors))) {
      use(in.U32Field(tensor, field::kTensorBuffer, 0));
    }
    for (size_t op : in.Tables(in.Slot(subgraph, field::kSubgraphOperators))) {
      const size_t slot = in.Slot(op, field::kOperatorLargeCustomOptionsOffset);
      m.absolute_positions |= slot && in.U64(slot) > 1;
    }
  }
  for (size_t buffer : m.buffers) {
    const size_t slot = in.Slot(buffer, field::kBufferOffset);
    m.absolute_positions |= slot && in.U64(slot) > 1;
  }
  if (const size_t slot = in.Slot(m.root, field::kModelMetadataBuffer)) {
    const size_t vec = in.Deref(slot);
    for (uint32_t i = 0; i < in.U32(vec); ++i) use(in.U32(vec + 4 + 4 * i));
  }
  for (size_t entry : in.Tables(in.Slot(m.root, field::kModelMetadata))) {
    const uint32_t buffer = in.U32Field(entry, field::kMetadataBuffer, 0);
    if (in.String(in.Slot(entry, field::kMetadataName)) == kMetadataName) {
      m.own_buffer = buffer;
    } else {
      m.kept_metadata.push_back(entry);
      use(buffer);
    }
  }
  return m;
}

bool IsEmptyBuffer(const Reader& in, size_t table) {
  for (int id = 0; id < in.FieldCount(table); ++id) {
    const size_t slot = in.Slot(table, id);
    if (slot && (id != field::kBufferData || in.U32(in.Deref(slot)) != 0)) {
      return false;
    }
  }
  return true;
}

std::optional<size_t> MovableNextBuffer(const Reader& in, const Input& m) {
  if (!m.buffers_vector) return std::nullopt;
  const size_t end = m.buffers_vector + 4 + 4 * m.buffers.size();
  if (std::find(m.buffers.begin(), m.buffers.end(), end) == m.buffers.end()) {
    return std::nullopt;
  }
  const size_t vtable = in.VtableOf(end);
  if (vtable + in.U16(vtable) > end && vtable < end + 4) return std::nullopt;
  for (int id = field::kBufferFields; id < in.FieldCount(end); ++id) {
    if (in.FieldOffset(end, id)) return std::nullopt;
  }
  return end;
}

}  // namespace arenaplan::offline_tflite
