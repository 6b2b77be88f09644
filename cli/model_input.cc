#include "cli/model_input.h"

#include <iostream>

#include "model/example_model.h"
#include "model/model_reader.h"
#include "problem/csv_table.h"
#include "problem/error.h"

namespace arenaplan::cli {

void AddScratchOptions(CLI::App* cmd, ScratchArgs& args) {
  cmd->add_option("--kernels", args.kernels,
                  "the TFLM kernel library of your build (" +
                      KernelLibraryNames() +
                      "): its scratch buffers are derived from the model "
                      "(docs/kernels.md); default: reference kernels assumed "
                      "and the ops other libraries add are named");
  cmd->add_option("--compiler", args.compiler,
                  "compiler of a cmsis-nn build: gcc (default) or armclang "
                  "(arm_convolve_1x1_s8_fast requests scratch only under "
                  "armclang)");
  cmd->add_option("--optimize-kernels-for", args.optimize_for,
                  "TFLM's OPTIMIZE_KERNELS_FOR of a cmsis-nn build: speed "
                  "(default, KERNELS_OPTIMIZED_FOR_SPEED) or size (the kernel "
                  "sums of FULLY_CONNECTED and SVDF go to scratch)");
  cmd->add_option("--recorded", args.recording,
                  "CSV recording of TFLM's AddBuffer stream "
                  "(runtime/recording_planner.h): supplies the scratch "
                  "buffers; wins over --kernels, and is checked against it "
                  "when both are given")
      ->check(CLI::ExistingFile);
}

ScratchChoice ParseScratchArgs(const ScratchArgs& args) {
  ScratchChoice choice;
  if (!args.kernels.empty()) {
    choice.library = ParseKernelLibrary(args.kernels);
    if (!choice.library) {
      throw Error("--kernels '" + args.kernels +
                      "' is not a kernel library arenaplan knows; known: " +
                      KernelLibraryNames() +
                      " (for another library, pass --recorded)",
                  ExitCode::kUsage);
    }
  }
  const auto compiler = ParseKernelCompiler(args.compiler);
  if (!compiler) {
    throw Error(
        "--compiler '" + args.compiler + "' is not known; known: gcc, armclang",
        ExitCode::kUsage);
  }
  choice.compiler = *compiler;
  const auto optimization = ParseKernelOptimization(args.optimize_for);
  if (!optimization) {
    throw Error("--optimize-kernels-for '" + args.optimize_for +
                    "' is not known; known: speed, size",
                ExitCode::kUsage);
  }
  choice.optimization = *optimization;
  choice.recording = args.recording;
  return choice;
}

LoadedModel LoadModel(const std::string& path, const ScratchChoice& choice) {
  LoadedModel loaded;
  if (path.empty()) {
    loaded.label = "example";
    loaded.bytes = ExampleModel();
  } else {
    loaded.label = path;
    loaded.bytes = ReadFileBytes(path);
  }
  loaded.model =
      ReadModel(loaded.bytes.data(), loaded.bytes.size(), loaded.label);
  try {
    loaded.list = DeriveBufferList(loaded.model, loaded.label);
  } catch (const Error& e) {
    // Flex ops (TensorList, ...) are the usual cause of what TFLM cannot
    // allocate: name them.
    throw Error(e.what() + FlexNote(loaded.model), e.code());
  }
  loaded.scratch =
      CompleteScratch(loaded.model, loaded.list, choice, loaded.label);
  loaded.recording = choice.recording;
  return loaded;
}

void PrintWarnings(const std::string& label,
                   const std::vector<std::string>& warnings) {
  for (const std::string& line : warnings) {
    std::cerr << "warning: " << label << ": " << line << "\n";
  }
}

void PrintScratchNotes(const LoadedModel& loaded) {
  for (const std::string& line : loaded.scratch.warnings) {
    std::cerr << "warning: " << line << "\n";
  }
  for (const std::string& line : loaded.scratch.notes) {
    std::cerr << "note: " << line << "\n";
  }
}

}  // namespace arenaplan::cli
