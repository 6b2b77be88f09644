// What the offline-plan .tflite writer (offline_tflite.cc) needs to know of
// its input model, read through raw flatbuffer positions: which buffers are
// used and by what, whether a buffer is empty, and whether Model.buffers can
// grow in place. Field ids: facts doc §7 (the TFLite schema,
// tensorflow/compiler/mlir/lite/schema/schema.fbs at TFLM 90b983c2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "emit/flatbuffer_bytes.h"

namespace arenaplan::offline_tflite {

inline constexpr const char* kMetadataName = "OfflineMemoryAllocation";

namespace field {
constexpr int kModelSubgraphs = 2, kModelBuffers = 4, kModelMetadataBuffer = 5,
              kModelMetadata = 6;
constexpr int kSubgraphTensors = 0, kSubgraphOperators = 3;
constexpr int kTensorBuffer = 2;
constexpr int kOperatorLargeCustomOptionsOffset = 9;
constexpr int kBufferData = 0, kBufferOffset = 1, kBufferSize = 2,
              kBufferFields = 3;
constexpr int kMetadataName = 0, kMetadataBuffer = 1;
}  // namespace field

struct Input {
  size_t root = 0;
  size_t buffers_vector = 0;  // 0: no Model.buffers
  std::vector<size_t> buffers;
  // Used by a tensor (Tensor.buffer), Model.metadata_buffer or a Metadata
  // entry other than OfflineMemoryAllocation: the schema's only references
  // to buffer indices.
  std::vector<bool> used;
  std::vector<size_t> kept_metadata;  // entries not named kMetadataName
  int64_t own_buffer = -1;  // of the last OfflineMemoryAllocation entry
  // Data stored at absolute file positions (Buffer.offset or
  // Operator.large_custom_options_offset > 1, TFLite's > 2 GiB format):
  // moving the input's bytes would break it.
  bool absolute_positions = false;
};

// `in` must hold a model that passed ReadModel (flatbuffers-verified).
Input Inspect(const flatbuffer_bytes::Reader& in);

// A Buffer table with no field but an empty data vector: re-pointing its
// Model.buffers element loses nothing.
bool IsEmptyBuffer(const flatbuffer_bytes::Reader& in, size_t table);

// The Buffer table right after Model.buffers' last element, when the vector
// can grow over its first word: only Model.buffers points to a Buffer table
// (TFLite schema), so once its elements point to a copy, that word is free.
// Its vtable must lie elsewhere (other tables may share it) and it must
// have no field beyond data, offset and size (the ones a copy keeps).
std::optional<size_t> MovableNextBuffer(const flatbuffer_bytes::Reader& in,
                                        const Input& m);

}  // namespace arenaplan::offline_tflite
