// Checks of an offline-plan .tflite against its input, written apart from
// the writer (offline_tflite.cc): through the flatbuffers API and the
// generated reduced schema, not through the writer's byte reader.
#pragma once

#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "emit/offline_tflite.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "model/tflite_schema_generated.h"

namespace arenaplan::testing {

namespace fb = schema;

// The int32 words of the last OfflineMemoryAllocation entry.
inline std::vector<int32_t> OfflineWords(const std::vector<uint8_t>& bytes) {
  const fb::Model* model = fb::GetModel(bytes.data());
  std::vector<int32_t> words;
  for (const fb::Metadata* m : *model->metadata()) {
    if (m->name()->str() != "OfflineMemoryAllocation") continue;
    const auto* data = model->buffers()->Get(m->buffer())->data();
    EXPECT_EQ(static_cast<size_t>(data->data() - bytes.data()) % 16, 0u)
        << "metadata data must be 16-aligned";
    words.assign(data->size() / 4, 0);
    std::memcpy(words.data(), data->data(), words.size() * 4);
  }
  return words;
}

// Every input byte outside the rewritten 4-byte words is in the output, at
// its position + shift from byte 8 on; the file identifier stays.
inline void ExpectInputKept(const std::vector<uint8_t>& input,
                            const OfflineTflite& out) {
  ASSERT_GE(out.bytes.size(), input.size() + out.shift);
  EXPECT_EQ(out.shift % 16, 0u) << "the shift must keep 16-byte alignment";
  // At most: root offset, Buffer slot, vector length, moved table's word.
  EXPECT_LE(out.patched.size(), 4u);
  for (const auto& [begin, end] : out.patched) EXPECT_EQ(end - begin, 4u);
  size_t lost = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    const size_t at = i < 8 ? i : i + out.shift;
    if (input[i] == out.bytes[at]) continue;
    bool patched = false;
    for (const auto& [begin, end] : out.patched) {
      patched |= begin <= i && i < end;
    }
    lost += !patched;
  }
  EXPECT_EQ(lost, 0u) << "input bytes changed outside the rewritten words";
}

// The root's fields other than buffers and metadata are read from the same
// bytes (moved by the shift); so are the kept Buffer and Metadata tables.
inline void ExpectSameFieldsRead(const std::vector<uint8_t>& input,
                                 const OfflineTflite& out) {
  const auto* a =
      reinterpret_cast<const flatbuffers::Table*>(fb::GetModel(input.data()));
  const auto* b = reinterpret_cast<const flatbuffers::Table*>(
      fb::GetModel(out.bytes.data()));
  const auto position = [](const uint8_t* p, const std::vector<uint8_t>& in) {
    return p ? static_cast<size_t>(p - in.data()) : 0;
  };
  const auto moved = [&](size_t p) { return p < 8 ? p : p + out.shift; };
  for (int id = 0; id < 32; ++id) {
    if (id == fb::Model::VT_BUFFERS / 2 - 2 ||
        id == fb::Model::VT_METADATA / 2 - 2) {
      continue;
    }
    const auto field = static_cast<flatbuffers::voffset_t>(4 + 2 * id);
    const size_t old_slot = position(a->GetAddressOf(field), input);
    const size_t new_slot = position(b->GetAddressOf(field), out.bytes);
    if (old_slot) {
      EXPECT_EQ(new_slot, moved(old_slot)) << "root field " << id;
    } else {
      EXPECT_EQ(new_slot, 0u) << "root field " << id;
    }
  }
  const fb::Model* x = fb::GetModel(input.data());
  const fb::Model* y = fb::GetModel(out.bytes.data());
  for (uint32_t i = 0; i < x->buffers()->size(); ++i) {
    if (i == out.metadata_buffer) continue;
    const auto* old_table = x->buffers()->Get(i);
    const auto* new_table = y->buffers()->Get(i);
    const size_t was =
        position(reinterpret_cast<const uint8_t*>(old_table), input);
    const size_t now =
        position(reinterpret_cast<const uint8_t*>(new_table), out.bytes);
    if (now == moved(was)) continue;
    // Only the Buffer table the grown vector moved is elsewhere: a copy.
    EXPECT_EQ(out.route, OfflineBufferRoute::kGrownVector) << "buffer " << i;
    EXPECT_GE(now, input.size() + out.shift) << "buffer " << i;
    const auto* d0 = old_table->data();
    const auto* d1 = new_table->data();
    ASSERT_EQ(d0 == nullptr, d1 == nullptr) << "buffer " << i;
    if (d0) {
      ASSERT_EQ(d0->size(), d1->size());
      EXPECT_EQ(std::memcmp(d0->data(), d1->data(), d0->size()), 0);
      EXPECT_EQ(position(d1->data(), out.bytes) % 16, 0u);
    }
    EXPECT_EQ(old_table->offset(), new_table->offset());
    EXPECT_EQ(old_table->size(), new_table->size());
  }
  if (out.route == OfflineBufferRoute::kOwnEntry) return;
  std::vector<size_t> kept;
  if (x->metadata()) {
    for (const fb::Metadata* m : *x->metadata()) {
      if (m->name()->str() != "OfflineMemoryAllocation") {
        kept.push_back(
            moved(position(reinterpret_cast<const uint8_t*>(m), input)));
      }
    }
  }
  ASSERT_EQ(y->metadata()->size(), kept.size() + 1);
  for (size_t k = 0; k < kept.size(); ++k) {
    EXPECT_EQ(position(reinterpret_cast<const uint8_t*>(
                           y->metadata()->Get(static_cast<uint32_t>(k))),
                       out.bytes),
              kept[k])
        << "metadata entry " << k;
  }
}

// Everything planning reads is the same in both models.
inline void ExpectSameModel(const Model& a, const Model& b) {
  ASSERT_EQ(a.subgraphs.size(), b.subgraphs.size());
  for (size_t s = 0; s < a.subgraphs.size(); ++s) {
    const ModelSubgraph& x = a.subgraphs[s];
    const ModelSubgraph& y = b.subgraphs[s];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.outputs, y.outputs);
    ASSERT_EQ(x.tensors.size(), y.tensors.size());
    for (size_t t = 0; t < x.tensors.size(); ++t) {
      EXPECT_EQ(x.tensors[t].name, y.tensors[t].name);
      EXPECT_EQ(x.tensors[t].shape, y.tensors[t].shape);
      EXPECT_EQ(x.tensors[t].type, y.tensors[t].type);
      EXPECT_EQ(x.tensors[t].buffer, y.tensors[t].buffer);
      EXPECT_EQ(x.tensors[t].has_data, y.tensors[t].has_data);
      EXPECT_EQ(x.tensors[t].is_variable, y.tensors[t].is_variable);
    }
    ASSERT_EQ(x.operators.size(), y.operators.size());
    for (size_t o = 0; o < x.operators.size(); ++o) {
      EXPECT_EQ(x.operators[o].builtin_code, y.operators[o].builtin_code);
      EXPECT_EQ(x.operators[o].custom_code, y.operators[o].custom_code);
      EXPECT_EQ(x.operators[o].inputs, y.operators[o].inputs);
      EXPECT_EQ(x.operators[o].outputs, y.operators[o].outputs);
      EXPECT_EQ(x.operators[o].called_subgraphs,
                y.operators[o].called_subgraphs);
    }
  }
}

// Writes the offline .tflite for `plan` and checks it every way.
inline OfflineTflite CheckRoundTrip(const std::vector<uint8_t>& input,
                                    const ModelPlan& plan) {
  const OfflineTflite out = AddOfflinePlan(
      input, OfflineOffsets(plan),
      static_cast<int32_t>(plan.model.subgraphs.size()), plan.label);
  ExpectInputKept(input, out);
  ExpectSameFieldsRead(input, out);
  const Model back = ReadModel(out.bytes.data(), out.bytes.size(), "back");
  const Model original = ReadModel(input.data(), input.size(), "original");
  ExpectSameModel(original, back);
  const std::vector<int32_t> words = OfflineWords(out.bytes);
  EXPECT_EQ(words.size() * 4, out.metadata_bytes);
  EXPECT_EQ(words[1], static_cast<int32_t>(plan.model.subgraphs.size()));
  EXPECT_EQ(words[2], static_cast<int32_t>(original.TensorCount()));
  EXPECT_EQ(std::vector<int32_t>(words.begin() + 3, words.end()),
            OfflineOffsets(plan));
  const BufferList list = DeriveBufferList(back, "back");
  EXPECT_EQ(list.tensor_count, plan.list.tensor_count);
  for (size_t i = 0; i < list.tensor_count; ++i) {
    EXPECT_EQ(list.buffers[i].pinned_offset, plan.solve.plan.offsets[i]) << i;
    EXPECT_EQ(list.buffers[i].size, plan.list.buffers[i].size) << i;
    EXPECT_EQ(list.buffers[i].first, plan.list.buffers[i].first) << i;
    EXPECT_EQ(list.buffers[i].last, plan.list.buffers[i].last) << i;
  }
  EXPECT_GE(CheckOfflineTflite(out.bytes, plan), plan.solve.lower_bound);
  return out;
}

// The size promise: input + metadata words + 1 KiB.
inline size_t SizeLimit(const std::vector<uint8_t>& input,
                        const OfflineTflite& out) {
  return input.size() + out.metadata_bytes + 1024;
}

}  // namespace arenaplan::testing
