// Loading the model a command works on: a .tflite file or the built-in
// example, plus an optional recording of TFLM's AddBuffer stream.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan::cli {

struct LoadedModel {
  std::string label;  // file name as given, or "example"
  std::vector<uint8_t> bytes;
  Model model;
  BufferList list;
  std::string recording;  // path of the recording used, if any
};

// `path` empty = the built-in example.
LoadedModel LoadModel(const std::string& path,
                      const std::optional<std::string>& recording);

// "warning: <label>: <line>" on stderr for each warning.
void PrintWarnings(const std::string& label,
                   const std::vector<std::string>& warnings);

// One stderr note when the buffer list lacks scratch buffers that the
// reference kernels would request; nothing when it is complete.
void NoteMissingScratch(const LoadedModel& loaded);

}  // namespace arenaplan::cli
