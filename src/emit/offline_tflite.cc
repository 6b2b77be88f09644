#include "emit/offline_tflite.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "emit/flatbuffer_bytes.h"
#include "emit/offline_tflite_input.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using flatbuffer_bytes::Editor;
using flatbuffer_bytes::Reader;
using offline_tflite::Input;
using offline_tflite::Inspect;
using offline_tflite::IsEmptyBuffer;
using offline_tflite::kMetadataName;
using offline_tflite::MovableNextBuffer;
namespace field = offline_tflite::field;

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
