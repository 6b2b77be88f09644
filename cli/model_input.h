// Loading the model a command works on: a .tflite file or the built-in
// example, with its scratch buffers as --kernels / --recorded ask.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kernels/scratch_source.h"
#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan::cli {

struct LoadedModel {
  std::string label;  // file name as given, or "example"
  std::vector<uint8_t> bytes;
  Model model;
  BufferList list;
  std::string recording;  // path of the recording used, if any
  ScratchSource scratch;  // what the list's scratch part is exact for
};

// `--kernels`, `--compiler`, `--optimize-kernels-for` and `--recorded` as
// the user gave them.
struct ScratchArgs {
  std::string kernels;
  std::string compiler = "gcc";
  std::string optimize_for = "speed";
  std::string recording;
};

// "warning: <label>: <line>" on stderr for each warning.
void PrintWarnings(const std::string& label,
                   const std::vector<std::string>& warnings);

// Registers --kernels, --compiler, --optimize-kernels-for and --recorded on
// `cmd`.
void AddScratchOptions(CLI::App* cmd, ScratchArgs& args);

// Throws arenaplan::Error(kUsage) naming the known values for an unknown
// --kernels, --compiler or --optimize-kernels-for.
ScratchChoice ParseScratchArgs(const ScratchArgs& args);

// `path` empty = the built-in example.
LoadedModel LoadModel(const std::string& path, const ScratchChoice& choice);

// The scratch part's notes and warnings, one stderr line each.
void PrintScratchNotes(const LoadedModel& loaded);

}  // namespace arenaplan::cli
