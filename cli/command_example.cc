#include "cli/commands.h"
#include "emit/atomic_file.h"
#include "model/example_model.h"

namespace arenaplan::cli {

void AddExampleCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "example", "Write the built-in example model (a MobileNetV3-style int8 "
                 "classifier on which TFLM's greedy planner is 25% above the "
                 "optimum) as a .tflite file");
  auto out = std::make_shared<std::string>();
  cmd->add_option("OUT", *out, "where to write the .tflite")->required();
  cmd->callback([out] {
    const std::vector<uint8_t> bytes = ExampleModel();
    WriteFileAtomically(
        *out, std::string_view(reinterpret_cast<const char*>(bytes.data()),
                               bytes.size()));
  });
}

}  // namespace arenaplan::cli
