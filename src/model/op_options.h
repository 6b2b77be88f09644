// Reading an operator's BuiltinOptions table and a tensor's quantization
// parameters into the plain structs of model.h.
#pragma once

#include "model/model.h"
#include "model/tflite_schema_generated.h"

namespace arenaplan {

// The options TFLM's kernels read, from `op`'s BuiltinOptions union (tables
// the reduced schema does not declare leave every field at its default).
OpOptions ReadOpOptions(const schema::Operator& op);

// `q` may be null (no quantization table).
ModelQuantization ReadQuantization(const schema::QuantizationParameters* q);

// The inverse of ReadOpOptions for the model builder: writes the table named
// by options.type (0 or an undeclared type writes nothing and returns 0).
flatbuffers::Offset<void> WriteOpOptions(flatbuffers::FlatBufferBuilder& b,
                                         const OpOptions& options);

flatbuffers::Offset<schema::QuantizationParameters> WriteQuantization(
    flatbuffers::FlatBufferBuilder& b, const ModelQuantization& q);

}  // namespace arenaplan
