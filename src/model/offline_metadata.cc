#include "model/offline_metadata.h"

#include <cstring>

#include "problem/error.h"

namespace arenaplan {
namespace {

// Word k of the metadata as an unsigned 32-bit value (little-endian host).
uint32_t ReadWord(const flatbuffers::Vector<uint8_t>* data, size_t k) {
  uint32_t value;
  std::memcpy(&value, data->data() + 4 * k, 4);
  return value;
}

}  // namespace

std::optional<std::vector<int32_t>> ReadOfflineMemoryAllocation(
    const schema::Model& model, size_t tensor_count, const std::string& label,
    std::vector<std::string>& warnings) {
  if (model.metadata() == nullptr) return std::nullopt;
  const flatbuffers::Vector<uint8_t>* winner = nullptr;
  const uint32_t num_buffers = model.buffers() ? model.buffers()->size() : 0;
  std::string trailing;  // the warning for the entry that wins
  for (uint32_t m = 0; m < model.metadata()->size(); ++m) {
    const schema::Metadata* meta = model.metadata()->Get(m);
    if (!meta->name() || meta->name()->str() != "OfflineMemoryAllocation") {
      continue;
    }
    const std::string where =
        "metadata " + std::to_string(m) + " (OfflineMemoryAllocation)";
    const auto fail = [&](const std::string& what) {
      throw Error(label + ": " + where + ": " + what);
    };
    if (meta->buffer() >= num_buffers) {
      fail("buffer " + std::to_string(meta->buffer()) + " out of range (" +
           std::to_string(num_buffers) + " buffers)");
    }
    const auto* data = model.buffers()->Get(meta->buffer())->data();
    const size_t bytes = data ? data->size() : 0;
    if (bytes < 12) {
      fail(std::to_string(bytes) +
           " bytes, not [version, subgraphs, n, offsets...] int32 words");
    }
    const size_t n = ReadWord(data, 2);
    if (n != tensor_count) {
      fail(std::to_string(n) + " offsets but the model has " +
           std::to_string(tensor_count) +
           " tensors (TFLM fails AllocateTensors)");
    }
    if ((bytes - 12) / 4 < n) {
      fail("holds " + std::to_string((bytes - 12) / 4) + " offsets, declares " +
           std::to_string(n));
    }
    // Only the winning entry is decoded: hostile files may name one large
    // buffer from many entries.
    winner = data;
    const size_t extra = bytes - 12 - 4 * n;
    trailing = extra == 0
                   ? ""
                   : where + ": " + std::to_string(extra) +
                         " byte(s) after the last of its " + std::to_string(n) +
                         " offsets; TFLM reads the offsets and ignores them";
  }
  if (winner == nullptr) return std::nullopt;
  std::vector<int32_t> offsets(tensor_count);
  for (size_t k = 0; k < tensor_count; ++k) {
    offsets[k] = static_cast<int32_t>(ReadWord(winner, 3 + k));
  }
  if (!trailing.empty()) warnings.push_back(trailing);
  return offsets;
}

}  // namespace arenaplan
