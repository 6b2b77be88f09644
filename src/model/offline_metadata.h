// The model's OfflineMemoryAllocation metadata, read as TFLM reads it
// (AllocationInfoBuilder::GetOfflinePlannedOffsets in
// micro/micro_allocation_info.cc): int32 words [version, subgraphs, n,
// offset_0 ... offset_{n-1}], n equal to the tensor count of all subgraphs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/tflite_schema_generated.h"

namespace arenaplan {

// The offsets of the last OfflineMemoryAllocation entry (TFLM keeps the
// last one it finds), or nullopt when there is none. Bytes after the last
// offset, which TFLM never reads, are accepted with a line in `warnings`.
// Throws arenaplan::Error "<label>: metadata M (OfflineMemoryAllocation):
// ..." for a buffer index out of range, fewer than 12 bytes, fewer offsets
// than declared, or a count other than `tensor_count` (TFLM fails
// AllocateTensors).
std::optional<std::vector<int32_t>> ReadOfflineMemoryAllocation(
    const schema::Model& model, size_t tensor_count, const std::string& label,
    std::vector<std::string>& warnings);

}  // namespace arenaplan
