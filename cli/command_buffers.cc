#include <iostream>

#include "cli/commands.h"
#include "cli/model_input.h"
#include "plan/pin_checks.h"

namespace arenaplan::cli {
namespace {

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void AddBuffersCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "buffers",
      "Print TFLM's non-persistent buffer list for a model as CSV "
      "(id,lower,upper,size,kind,subgraph,index,name), in AddBuffer order");
  auto model = std::make_shared<std::string>();
  auto scratch = std::make_shared<ScratchArgs>();
  cmd->add_option("MODEL", *model, "the .tflite model (omit with --example)");
  auto* example = cmd->add_flag("--example", "use the built-in example model");
  AddScratchOptions(cmd, *scratch);
  cmd->callback([=] {
    if (model->empty() && !*example) {
      throw CLI::ValidationError("MODEL", "give a model or --example");
    }
    const LoadedModel loaded =
        LoadModel(*example ? "" : *model, ParseScratchArgs(*scratch));
    PrintWarnings(loaded.label, loaded.model.warnings);
    PrintWarnings(loaded.label, PinOverlapWarnings(loaded.model, loaded.list));
    std::cout << "id,lower,upper,size,kind,subgraph,index,name\n";
    for (size_t i = 0; i < loaded.list.buffers.size(); ++i) {
      const ModelBuffer& b = loaded.list.buffers[i];
      std::cout << i << ',' << b.first << ',' << (b.last + 1) << ',' << b.size
                << ',' << BufferKindName(b.kind) << ',' << b.subgraph << ','
                << b.index << ',' << CsvField(b.name) << '\n';
    }
    PrintScratchNotes(loaded);
  });
}

}  // namespace arenaplan::cli
