#include "cli/model_input.h"

#include <iostream>

#include "model/example_model.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "problem/error.h"

namespace arenaplan::cli {

LoadedModel LoadModel(const std::string& path,
                      const std::optional<std::string>& recording) {
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
  if (recording) {
    const CsvTable table = CsvTable::ReadFile(*recording);
    ApplyRecording(loaded.model, ParseRecording(table), *recording,
                   loaded.list);
    loaded.recording = *recording;
  }
  return loaded;
}

void PrintWarnings(const std::string& label,
                   const std::vector<std::string>& warnings) {
  for (const std::string& line : warnings) {
    std::cerr << "warning: " << label << ": " << line << "\n";
  }
}

void NoteMissingScratch(const LoadedModel& loaded) {
  if (loaded.list.scratch_recorded || loaded.list.scratch_ops.empty()) return;
  std::string ops;
  for (const ScratchRequestingOp& s : loaded.list.scratch_ops) {
    if (!ops.empty()) ops += ", ";
    ops += "subgraph " + std::to_string(s.subgraph) + " op " +
           std::to_string(s.op) + " (" + s.op_name + ")";
  }
  std::cerr << "note: " << loaded.label << ": "
            << loaded.list.scratch_ops.size()
            << " op(s) request scratch in TFLM's reference kernels: " << ops
            << "; their scratch buffers are not listed: pass --recorded with "
               "a recording of your TFLM build (a C++ plan needs it)\n";
}

}  // namespace arenaplan::cli
