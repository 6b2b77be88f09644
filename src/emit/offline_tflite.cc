#include "emit/offline_tflite.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "emit/flatbuffer_bytes.h"
#include "model/model_reader.h"
#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "problem/error.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {
namespace {

using flatbuffer_bytes::Appender;
using flatbuffer_bytes::Reader;

constexpr const char* kMetadataName = "OfflineMemoryAllocation";

// Model, SubGraph, Tensor, Buffer and Metadata field ids (facts doc §7).
namespace field {
constexpr int kModelSubgraphs = 2, kModelBuffers = 4, kModelMetadataBuffer = 5,
              kModelMetadata = 6;
constexpr int kSubgraphTensors = 0, kTensorBuffer = 2;
constexpr int kBufferData = 0, kBufferOffset = 1, kBufferSize = 2,
              kBufferFields = 3;
constexpr int kMetadataName = 0, kMetadataBuffer = 1, kMetadataFields = 2;
}  // namespace field

// A Buffer table holding `data` (only the data field).
size_t AppendDataBuffer(Appender& out, const std::vector<uint8_t>& data) {
  const size_t vtable = out.Vtable({4}, 8);
  const size_t table = out.TableStart(vtable, 4);
  const size_t slot = out.Put<uint32_t>(0);
  out.Point(slot, out.DataVector(data.data(), data.size()));
  return table;
}

// Gives the root table the fields in `ids` (appended slots), keeping all of
// its other fields where they are. Returns the new slot of each id.
std::map<int, size_t> AddRootFields(const Reader& in, Appender& out,
                                    const std::vector<int>& ids,
                                    const std::string& label) {
  const size_t root = in.U32(0);
  const int old_count = in.FieldCount(root);
  int count = old_count;
  for (int id : ids) count = std::max(count, id + 1);
  const size_t old_vtable = in.VtableOf(root);
  const uint16_t old_size = in.U16(old_vtable + 2);
  const size_t vtable_bytes = 4 + 2 * count;
  std::map<int, size_t> slots;
  const auto offsets_from = [&](size_t table_start,
                                const std::map<int, size_t>& new_slots) {
    std::vector<uint16_t> offsets(count, 0);
    for (int id = 0; id < old_count; ++id) {
      const size_t v = in.FieldOffset(root, id);
      if (v && root + v - table_start > 0xffff) {
        throw Error(label + ": root table too large to re-home",
                    ExitCode::kInvalidInput);
      }
      if (v) offsets[id] = static_cast<uint16_t>(root + v - table_start);
    }
    for (const auto& [id, slot] : new_slots) {
      offsets[id] = static_cast<uint16_t>(slot - table_start);
    }
    return offsets;
  };
  // 1. New slots right after a new vtable at the end, if the root table can
  // reach them (field offsets are 16-bit).
  size_t first_slot = out.Size() + (out.Size() % 2) + vtable_bytes;
  first_slot += (4 - first_slot % 4) % 4;
  const size_t end = first_slot + 4 * ids.size();
  if (end - root <= 0xffff) {
    for (size_t k = 0; k < ids.size(); ++k) slots[ids[k]] = first_slot + 4 * k;
    const size_t vtable = out.Vtable(offsets_from(root, slots),
                                     static_cast<uint16_t>(end - root));
    out.Pad(4);
    for (size_t k = 0; k < ids.size(); ++k) out.Put<uint32_t>(0);
    out.Set<int32_t>(root, static_cast<int32_t>(static_cast<int64_t>(root) -
                                                static_cast<int64_t>(vtable)));
    return slots;
  }
  // 2. Start the root table inside its old vtable, which lies between the
  // file identifier and the table and which the table then no longer uses.
  const size_t start = (old_vtable + 3) / 4 * 4;
  const size_t old_vtable_end = old_vtable + in.U16(old_vtable);
  // Zeros before the old vtable: no table (whose first word is never 0)
  // was built after the root table and could share that vtable.
  bool only_padding_before = true;
  for (size_t at = 8; at < old_vtable && at < root; ++at) {
    only_padding_before &= in.Byte(at) == 0;
  }
  if (old_vtable < 8 || old_vtable_end > root || !only_padding_before ||
      start + 4 + 4 * ids.size() > old_vtable_end) {
    throw Error(
        label +
            ": cannot add OfflineMemoryAllocation append-only: the model "
            "has no metadata field and its root table's layout leaves no "
            "slot for one",
        ExitCode::kInvalidInput);
  }
  for (size_t k = 0; k < ids.size(); ++k) slots[ids[k]] = start + 4 + 4 * k;
  const size_t vtable =
      out.Vtable(offsets_from(start, slots),
                 static_cast<uint16_t>(root + old_size - start));
  out.Point(0, start);
  out.Set<int32_t>(start, static_cast<int32_t>(static_cast<int64_t>(start) -
                                               static_cast<int64_t>(vtable)));
  return slots;
}

// A copy of an input Buffer table and its data (data 16-aligned).
size_t CopyBuffer(const Reader& in, Appender& out,
                  const std::vector<uint8_t>& input, size_t table,
                  const std::string& label, size_t& copied) {
  for (int id = field::kBufferFields; id < in.FieldCount(table); ++id) {
    if (in.FieldOffset(table, id)) {
      throw Error(label + ": a Buffer table has field " + std::to_string(id) +
                      ", unknown to arenaplan: it cannot copy it safely",
                  ExitCode::kInvalidInput);
    }
  }
  const size_t data_slot = in.Slot(table, field::kBufferData);
  const size_t offset_slot = in.Slot(table, field::kBufferOffset);
  const size_t size_slot = in.Slot(table, field::kBufferSize);
  const size_t vtable = out.Vtable({static_cast<uint16_t>(data_slot ? 4 : 0),
                                    static_cast<uint16_t>(offset_slot ? 8 : 0),
                                    static_cast<uint16_t>(size_slot ? 16 : 0)},
                                   24);
  const size_t copy = out.TableStart(vtable, 8);
  const size_t new_data_slot = out.Put<uint32_t>(0);
  uint64_t value = 0;
  if (offset_slot) std::memcpy(&value, &input[offset_slot], 8);
  out.Put<uint64_t>(offset_slot ? value : 0);
  if (size_slot) std::memcpy(&value, &input[size_slot], 8);
  out.Put<uint64_t>(size_slot ? value : 0);
  if (data_slot) {
    const size_t data = in.Deref(data_slot);
    const size_t size = in.U32(data);
    out.Point(new_data_slot, out.DataVector(&input[data + 4], size));
    copied += size;
  }
  return copy;
}

// A Metadata table (name, buffer index).
size_t AppendMetadata(Appender& out, const std::string& name, uint32_t buffer) {
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

}  // namespace

std::vector<int32_t> OfflineOffsets(const ModelPlan& plan) {
  std::vector<size_t> first_of_subgraph;
  size_t total = 0;
  for (const ModelSubgraph& sg : plan.model.subgraphs) {
    first_of_subgraph.push_back(total);
    total += sg.tensors.size();
  }
  std::vector<int32_t> offsets(total, -1);
  for (size_t i = 0; i < plan.list.buffers.size(); ++i) {
    const ModelBuffer& b = plan.list.buffers[i];
    if (b.kind != BufferKind::kTensor) continue;
    offsets[first_of_subgraph[b.subgraph] + b.index] =
        static_cast<int32_t>(plan.solve.plan.offsets[i]);
  }
  return offsets;
}

OfflineTflite AddOfflinePlan(const std::vector<uint8_t>& input,
                             const std::vector<int32_t>& offsets,
                             int32_t subgraph_count, const std::string& label) {
  const Reader in(input);
  Appender out(input);
  const size_t root = in.U32(0);
  const std::vector<size_t> buffers =
      in.Tables(in.Slot(root, field::kModelBuffers));
  const std::vector<size_t> metadata =
      in.Tables(in.Slot(root, field::kModelMetadata));

  // Which buffers something other than OfflineMemoryAllocation refers to.
  std::vector<bool> used(buffers.size(), false);
  const auto use = [&](uint32_t index) {
    if (index < used.size()) used[index] = true;
  };
  for (size_t subgraph : in.Tables(in.Slot(root, field::kModelSubgraphs))) {
    for (size_t tensor :
         in.Tables(in.Slot(subgraph, field::kSubgraphTensors))) {
      use(in.U32Field(tensor, field::kTensorBuffer, 0));
    }
  }
  if (const size_t slot = in.Slot(root, field::kModelMetadataBuffer)) {
    const size_t vec = in.Deref(slot);
    for (uint32_t i = 0; i < in.U32(vec); ++i) use(in.U32(vec + 4 + 4 * i));
  }
  std::vector<size_t> kept_metadata;
  int64_t offline_buffer = -1;  // of the last OfflineMemoryAllocation entry
  for (size_t entry : metadata) {
    for (int id = field::kMetadataFields; id < in.FieldCount(entry); ++id) {
      if (in.FieldOffset(entry, id)) {
        throw Error(label + ": a Metadata table has field " +
                        std::to_string(id) + ", unknown to arenaplan",
                    ExitCode::kInvalidInput);
      }
    }
    const uint32_t buffer = in.U32Field(entry, field::kMetadataBuffer, 0);
    if (in.String(in.Slot(entry, field::kMetadataName)) == kMetadataName) {
      offline_buffer = buffer;
    } else {
      kept_metadata.push_back(entry);
      use(buffer);
    }
  }
  int64_t reuse = -1;
  if (offline_buffer >= 0 &&
      offline_buffer < static_cast<int64_t>(used.size()) &&
      !used[offline_buffer]) {
    reuse = offline_buffer;
  } else {
    for (size_t i = 0; i < used.size() && reuse < 0; ++i) {
      if (!used[i]) reuse = static_cast<int64_t>(i);
    }
  }
  const bool new_buffers = reuse < 0;
  const uint32_t words_buffer =
      static_cast<uint32_t>(new_buffers ? buffers.size() : reuse);
  // Re-using the last OfflineMemoryAllocation entry's buffer leaves the
  // metadata list as it is (TFLM and ReadModel take the last entry).
  const bool new_metadata = !(reuse >= 0 && reuse == offline_buffer);

  std::vector<int> missing;
  if (new_buffers && !in.Slot(root, field::kModelBuffers)) {
    missing.push_back(field::kModelBuffers);
  }
  if (new_metadata && !in.Slot(root, field::kModelMetadata)) {
    missing.push_back(field::kModelMetadata);
  }
  std::map<int, size_t> slots;
  if (!missing.empty()) slots = AddRootFields(in, out, missing, label);
  for (int id : {field::kModelBuffers, field::kModelMetadata}) {
    if (!slots.count(id)) slots[id] = in.Slot(root, id);
  }

  const std::vector<uint8_t> words = MetadataWords(offsets, subgraph_count);
  size_t copied = 0;
  if (new_buffers) {
    const std::vector<size_t> elements = out.TableVector(buffers.size() + 1);
    out.Point(slots[field::kModelBuffers], elements.front() - 4);
    for (size_t i = 0; i < buffers.size(); ++i) {
      out.Point(elements[i],
                CopyBuffer(in, out, input, buffers[i], label, copied));
    }
    out.Point(elements.back(), AppendDataBuffer(out, words));
  } else {
    const size_t element =
        in.Deref(in.Slot(root, field::kModelBuffers)) + 4 + 4 * reuse;
    out.Point(element, AppendDataBuffer(out, words));
  }
  if (new_metadata) {
    const std::vector<size_t> elements =
        out.TableVector(kept_metadata.size() + 1);
    out.Point(slots[field::kModelMetadata], elements.front() - 4);
    for (size_t i = 0; i < kept_metadata.size(); ++i) {
      const size_t entry = kept_metadata[i];
      out.Point(
          elements[i],
          AppendMetadata(out, in.String(in.Slot(entry, field::kMetadataName)),
                         in.U32Field(entry, field::kMetadataBuffer, 0)));
    }
    out.Point(elements.back(),
              AppendMetadata(out, kMetadataName, words_buffer));
  }
  OfflineTflite result;
  result.patched = out.Patched();
  result.bytes = out.TakeBytes();
  result.copied_bytes = copied;
  if (result.bytes.size() > FLATBUFFERS_MAX_BUFFER_SIZE) {
    throw Error(label + ": with the offline plan the model would be " +
                    std::to_string(result.bytes.size()) +
                    " bytes, over flatbuffers' 2 GiB limit",
                ExitCode::kInvalidInput);
  }
  // Self-check: every input byte outside the patched ranges is unchanged.
  size_t next = 0;
  for (const auto& [begin, end] : result.patched) {
    if (!std::equal(input.begin() + next, input.begin() + begin,
                    result.bytes.begin() + next)) {
      throw Error("internal: offline .tflite changed an input byte",
                  ExitCode::kInternal);
    }
    next = std::max(next, end);
  }
  if (!std::equal(input.begin() + next, input.end(),
                  result.bytes.begin() + next)) {
    throw Error("internal: offline .tflite changed an input byte",
                ExitCode::kInternal);
  }
  return result;
}

int64_t CheckOfflineTflite(const std::vector<uint8_t>& tflite,
                           const ModelPlan& plan) {
  const std::string label = plan.label + " (offline plan)";
  const Model model = ReadModel(tflite.data(), tflite.size(), label);
  BufferList list = DeriveBufferList(model, label);
  const auto fail = [&](const std::string& what) {
    throw Error("internal: " + label + " reads back wrong: " + what,
                ExitCode::kInternal);
  };
  if (list.tensor_count != plan.list.tensor_count) {
    fail(std::to_string(list.tensor_count) + " tensor buffers, expected " +
         std::to_string(plan.list.tensor_count));
  }
  for (size_t i = 0; i < list.tensor_count; ++i) {
    const ModelBuffer& got = list.buffers[i];
    const ModelBuffer& want = plan.list.buffers[i];
    if (got.subgraph != want.subgraph || got.index != want.index ||
        got.size != want.size || got.first != want.first ||
        got.last != want.last) {
      fail("buffer " + std::to_string(i) + " differs");
    }
    if (got.pinned_offset != plan.solve.plan.offsets[i]) {
      fail("buffer " + std::to_string(i) + " is not pinned at its offset");
    }
  }
  // Scratch buffers as TFLM will add them: from the recording, if any.
  for (size_t i = plan.list.tensor_count; i < plan.list.buffers.size(); ++i) {
    list.buffers.push_back(plan.list.buffers[i]);
  }
  const Problem problem = ProblemFromBufferList(list);
  const Plan greedy = TflmGreedyPlan(problem);
  RequireValidPlan(problem, greedy);
  return PlanHeight(problem, greedy);
}

}  // namespace arenaplan
