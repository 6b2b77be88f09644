// Reads an untrusted .tflite file: flatbuffers verification, then a check of
// every index, shape, type and control-flow reference planning relies on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"

namespace arenaplan {

// Throws arenaplan::Error with one line "<label>: <element>: <problem>".
Model ReadModel(const uint8_t* data, size_t size, const std::string& label);

// Reads the whole file (at most 2 GiB, the flatbuffers limit).
std::vector<uint8_t> ReadFileBytes(const std::string& path);

}  // namespace arenaplan
