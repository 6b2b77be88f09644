#include "emit/offline_tflite.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "emit/flatbuffer_bytes.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using flatbuffer_bytes::Editor;
using flatbuffer_bytes::Reader;

constexpr const char* kMetadataName = "OfflineMemoryAllocation";

// Model, SubGraph, Tensor, Operator, Buffer and Metadata field ids (facts
// doc §7; the TFLite schema, tensorflow/compiler/mlir/lite/schema/schema.fbs).
namespace field {
constexpr int kModelSubgraphs = 2, kModelBuffers = 4, kModelMetadataBuffer = 5,
              kModelMetadata = 6;
constexpr int kSubgraphTensors = 0, kSubgraphOperators = 3;
constexpr int kTensorBuffer = 2;
constexpr int kOperatorLargeCustomOptionsOffset = 9;
constexpr int kBufferData = 0, kBufferOffset = 1, kBufferSize = 2,
              kBufferFields = 3;
}  // namespace field

// What the writer needs to know of the input model.
struct Input {
  size_t root = 0;
  size_t buffers_vector = 0;  // 0: no Model.buffers
  std::vector<size_t> buffers;
  std::vector<bool> used;  // by a tensor, metadata_buffer or other metadata
  std::vector<size_t> kept_metadata;  // entries not named kMetadataName
  int64_t own_buffer = -1;  // of the last OfflineMemoryAllocation entry
  // Data stored at absolute file positions (TFLite's > 2 GiB format):
  // moving the input's bytes would break it.
  bool absolute_positions = false;
};

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
    const uint32_t buffer = in.U32Field(entry, 1, 0);
    if (in.String(in.Slot(entry, 0)) == kMetadataName) {
      m.own_buffer = buffer;
    } else {
      m.kept_metadata.push_back(entry);
      use(buffer);
    }
  }
  return m;
}

// A Buffer table with no field but an empty data vector: re-pointing its
// Model.buffers element loses nothing.
bool IsEmptyBuffer(const Reader& in, size_t table) {
  for (int id = 0; id < in.FieldCount(table); ++id) {
    const size_t slot = in.Slot(table, id);
    if (slot && (id != field::kBufferData || in.U32(in.Deref(slot)) != 0)) {
      return false;
    }
  }
  return true;
}

// The Buffer table right after Model.buffers' last element, when the vector
// can grow over its first word: only Model.buffers points to a Buffer table
// (TFLite schema), so once its elements point to a copy, that word is free.
// Its vtable must lie elsewhere (other tables may share it) and it must
// have no field arenaplan cannot copy.
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

// A Buffer table holding `data` (only the data field).
size_t AppendDataBuffer(Editor& out, const uint8_t* data, size_t size) {
  const size_t vtable = out.Vtable({4}, 8);
  const size_t table = out.TableStart(vtable, 4);
  const size_t slot = out.Put<uint32_t>(0);
  out.Point(slot, out.DataVector(data, size));
  return table;
}

// A copy of the input's Buffer table at `table` (fields data, offset, size;
// data copied, 16-aligned). Adds the data's size to `copied`.
size_t CopyBuffer(const Reader& in, const std::vector<uint8_t>& input,
                  Editor& out, size_t table, size_t& copied) {
  const size_t data_slot = in.Slot(table, field::kBufferData);
  const size_t offset_slot = in.Slot(table, field::kBufferOffset);
  const size_t size_slot = in.Slot(table, field::kBufferSize);
  const size_t vtable = out.Vtable({static_cast<uint16_t>(data_slot ? 4 : 0),
                                    static_cast<uint16_t>(offset_slot ? 8 : 0),
                                    static_cast<uint16_t>(size_slot ? 16 : 0)},
                                   24);
  const size_t copy = out.TableStart(vtable, 8);
  const size_t new_data_slot = out.Put<uint32_t>(0);
  out.Put<uint64_t>(offset_slot ? in.U64(offset_slot) : 0);
  out.Put<uint64_t>(size_slot ? in.U64(size_slot) : 0);
  if (data_slot) {
    const size_t data = in.Deref(data_slot);
    const size_t size = in.U32(data);
    out.Point(new_data_slot, out.DataVector(&input[data + 4], size));
    copied += size;
  }
  return copy;
}

// A Metadata table (name, buffer index).
size_t AppendMetadata(Editor& out, const std::string& name, uint32_t buffer) {
  const size_t vtable = out.Vtable({4, 8}, 12);
  const size_t table = out.TableStart(vtable, 4);
  const size_t name_slot = out.Put<uint32_t>(0);
  out.Put<uint32_t>(buffer);
  out.Point(name_slot, out.StringValue(name));
  return table;
}

std::vector<uint8_t> MetadataWords(const std::vector<int32_t>& offsets,
                                   int32_t subgraph_count) {
  std::vector<int32_t> words = {0, subgraph_count,
                                static_cast<int32_t>(offsets.size())};
  words.insert(words.end(), offsets.begin(), offsets.end());
  std::vector<uint8_t> bytes(words.size() * 4);
  for (size_t i = 0; i < words.size(); ++i) {
    const uint32_t w = static_cast<uint32_t>(words[i]);
    for (int b = 0; b < 4; ++b)
      bytes[4 * i + b] = static_cast<uint8_t>(w >> (8 * b));
  }
  return bytes;
}

// The new root table in the front region: new slots for Model.metadata (and
// Model.buffers with kNewVector); every other field of the old root table
// is read where it is. Returns the slots; fills the vtable after
// PlaceInput (FinishRoot).
struct FrontRoot {
  size_t vtable = 0, table = 0, metadata_slot = 0, buffers_slot = 0;
  int field_count = 0;
};

FrontRoot StartRoot(const Reader& in, const Input& m, Editor& out,
                    bool new_buffers) {
  FrontRoot r;
  r.field_count = std::max(in.FieldCount(m.root), field::kModelMetadata + 1);
  r.vtable = out.Vtable(std::vector<uint16_t>(r.field_count, 0), 0);
  r.table = out.TableStart(r.vtable, 4);
  r.metadata_slot = out.Put<uint32_t>(0);
  if (new_buffers) r.buffers_slot = out.Put<uint32_t>(0);
  return r;
}

void FinishRoot(const Reader& in, const Input& m, Editor& out,
                const FrontRoot& r, const std::string& label) {
  const auto offset = [&](size_t slot) {
    if (slot - r.table > 0xffff) {
      throw Error(label +
                      ": cannot add OfflineMemoryAllocation without loss: the "
                      "root table would lie more than 64 KiB before its fields",
                  ExitCode::kInvalidInput);
    }
    return static_cast<uint16_t>(slot - r.table);
  };
  for (int id = 0; id < in.FieldCount(m.root); ++id) {
    const size_t slot = in.Slot(m.root, id);
    if (!slot || id == field::kModelMetadata ||
        (id == field::kModelBuffers && r.buffers_slot)) {
      continue;
    }
    out.Set<uint16_t>(r.vtable + 4 + 2 * id, offset(out.At(slot)));
  }
  out.Set<uint16_t>(r.vtable + 4 + 2 * field::kModelMetadata,
                    offset(r.metadata_slot));
  if (r.buffers_slot) {
    out.Set<uint16_t>(r.vtable + 4 + 2 * field::kModelBuffers,
                      offset(r.buffers_slot));
  }
  const size_t old_end = m.root + in.U16(in.VtableOf(m.root) + 2);
  out.Set<uint16_t>(r.vtable + 2, offset(std::max(out.At(old_end), r.table)));
  out.Point(0, r.table);
}

OfflineTflite Build(const std::vector<uint8_t>& input, const Input& m,
                    OfflineBufferRoute route, uint32_t index,
                    const std::vector<uint8_t>& words,
                    const std::string& label) {
  const Reader in(input);
  Editor out(input);
  const bool front = route != OfflineBufferRoute::kOwnEntry;
  if (front && m.absolute_positions) {
    throw Error(label +
                    ": cannot add OfflineMemoryAllocation without loss: the "
                    "model keeps data at absolute file positions "
                    "(Buffer.offset or large custom options)",
                ExitCode::kInvalidInput);
  }
  const size_t count = m.buffers.size();
  FrontRoot root;
  std::vector<size_t> buffer_elements, metadata_elements;
  if (front) {
    root = StartRoot(in, m, out, route == OfflineBufferRoute::kNewVector);
    if (route == OfflineBufferRoute::kNewVector) {
      buffer_elements = out.TableVector(count + 1);
    }
    metadata_elements = out.TableVector(m.kept_metadata.size() + 1);
  }
  out.PlaceInput();
  OfflineTflite result;
  const size_t words_table = AppendDataBuffer(out, words.data(), words.size());
  const auto element = [&](size_t i) {
    return out.At(m.buffers_vector + 4 + 4 * i);
  };
  switch (route) {
    case OfflineBufferRoute::kOwnEntry:
    case OfflineBufferRoute::kSpareBuffer:
      out.Point(element(index), words_table);
      break;
    case OfflineBufferRoute::kGrownVector: {
      const size_t next = m.buffers_vector + 4 + 4 * count;
      const size_t copy = CopyBuffer(in, input, out, next, result.copied_bytes);
      for (size_t i = 0; i < count; ++i) {
        if (m.buffers[i] == next) out.Point(element(i), copy);
      }
      out.Set<uint32_t>(out.At(m.buffers_vector),
                        static_cast<uint32_t>(count + 1));
      out.Point(out.At(next), words_table);
      break;
    }
    case OfflineBufferRoute::kNewVector:
      for (size_t i = 0; i < count; ++i) {
        out.Point(buffer_elements[i], out.At(m.buffers[i]));
      }
      out.Point(buffer_elements.back(), words_table);
      out.Point(root.buffers_slot, buffer_elements.front() - 4);
      break;
  }
  if (front) {
    for (size_t k = 0; k < m.kept_metadata.size(); ++k) {
      out.Point(metadata_elements[k], out.At(m.kept_metadata[k]));
    }
    out.Point(metadata_elements.back(),
              AppendMetadata(out, kMetadataName, index));
    out.Point(root.metadata_slot, metadata_elements.front() - 4);
    FinishRoot(in, m, out, root, label);
  }
  result.route = route;
  result.metadata_buffer = index;
  result.metadata_bytes = words.size();
  result.shift = out.Shift();
  result.patched = out.Patched();
  result.bytes = out.TakeBytes();
  return result;
}

// Every input byte outside the rewritten ranges is in the output, moved up
// by the shift past the head; the file identifier stays.
void RequireInputKept(const std::vector<uint8_t>& input,
                      const OfflineTflite& result) {
  const auto kept = [&](size_t begin, size_t end) {
    const size_t head_end = std::min(end, Editor::kHead);
    const size_t body = std::max(begin, Editor::kHead);
    return (begin >= head_end ||
            std::equal(input.begin() + begin, input.begin() + head_end,
                       result.bytes.begin() + begin)) &&
           (body >= end ||
            std::equal(input.begin() + body, input.begin() + end,
                       result.bytes.begin() + body + result.shift));
  };
  size_t next = 0;
  bool same = true;
  for (const auto& [begin, end] : result.patched) {
    if (begin > next) same &= kept(next, begin);
    next = std::max(next, end);
  }
  same &= kept(next, input.size());
  if (!same) {
    throw Error("internal: offline .tflite lost an input byte",
                ExitCode::kInternal);
  }
}

}  // namespace

const char* OfflineBufferRouteName(OfflineBufferRoute route) {
  switch (route) {
    case OfflineBufferRoute::kOwnEntry:
      return "own entry";
    case OfflineBufferRoute::kSpareBuffer:
      return "spare buffer";
    case OfflineBufferRoute::kGrownVector:
      return "grown vector";
    case OfflineBufferRoute::kNewVector:
      return "new vector";
  }
  return "?";
}

OfflineTflite AddOfflinePlan(const std::vector<uint8_t>& input,
                             const std::vector<int32_t>& offsets,
                             int32_t subgraph_count, const std::string& label) {
  const Reader in(input);
  const Input m = Inspect(in);
  if (m.buffers.empty()) {
    throw Error(label +
                    ": Model.buffers is empty (TFLite requires the empty "
                    "buffer 0): cannot add OfflineMemoryAllocation",
                ExitCode::kInvalidInput);
  }
  const std::vector<uint8_t> words = MetadataWords(offsets, subgraph_count);
  // Buffer 0 is the schema's empty sentinel: never given the words.
  OfflineTflite result;
  if (m.own_buffer > 0 && m.own_buffer < static_cast<int64_t>(m.used.size()) &&
      !m.used[m.own_buffer]) {
    result = Build(input, m, OfflineBufferRoute::kOwnEntry,
                   static_cast<uint32_t>(m.own_buffer), words, label);
  } else {
    size_t spare = 1;
    while (spare < m.buffers.size() &&
           (m.used[spare] || !IsEmptyBuffer(in, m.buffers[spare]))) {
      ++spare;
    }
    if (spare < m.buffers.size()) {
      result = Build(input, m, OfflineBufferRoute::kSpareBuffer,
                     static_cast<uint32_t>(spare), words, label);
    } else {
      // A new last entry: grow the vector in place or write a new one,
      // whichever file is smaller (the grown vector on a tie).
      const uint32_t last = static_cast<uint32_t>(m.buffers.size());
      std::optional<OfflineTflite> grown;
      if (MovableNextBuffer(in, m)) {
        grown = Build(input, m, OfflineBufferRoute::kGrownVector, last, words,
                      label);
      }
      try {
        result =
            Build(input, m, OfflineBufferRoute::kNewVector, last, words, label);
        if (grown && grown->bytes.size() <= result.bytes.size()) {
          result = std::move(*grown);
        }
      } catch (const Error&) {
        if (!grown) throw;  // e.g. the front region is too large
        result = std::move(*grown);
      }
    }
  }
  if (result.bytes.size() > FLATBUFFERS_MAX_BUFFER_SIZE) {
    throw Error(label + ": with the offline plan the model would be " +
                    std::to_string(result.bytes.size()) +
                    " bytes, over flatbuffers' 2 GiB limit",
                ExitCode::kInvalidInput);
  }
  RequireInputKept(input, result);
  return result;
}

}  // namespace arenaplan
