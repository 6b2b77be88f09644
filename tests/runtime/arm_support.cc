#include "arm_support.h"

#include <cstdlib>
#include <sstream>

#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"

namespace arenaplan::testing {

int RunShell(const std::string& command, const std::string& log) {
  return std::system((command + " > " + log + " 2>&1").c_str());
}

bool HaveProgram(const std::string& program) {
  return RunShell("command -v " + program, "/dev/null") == 0;
}

std::string ArmCompiler() {
  return "arm-none-eabi-g++ -Os -mcpu=cortex-m4 -mthumb -std=c++11 -Wall "
         "-Wextra -Werror -ffreestanding -fno-exceptions -fno-rtti "
         "-fno-threadsafe-statics -ffunction-sections -fdata-sections";
}

std::string RuntimeIncludes() {
  const std::string source = ARENAPLAN_SOURCE_DIR;
  return " -I" + source + "/runtime -I" + source +
         "/tests/runtime/tflm_stand_in ";
}

ModelPlan PlanWithScratch(const std::vector<uint8_t>& bytes,
                          const std::string& label,
                          const std::vector<std::vector<int>>& scratch) {
  Model model = ReadModel(bytes.data(), bytes.size(), label);
  BufferList list = DeriveBufferList(model, label);
  if (!scratch.empty()) {
    std::ostringstream csv;
    csv << "id,lower,upper,size\n";
    int id = 0;
    for (const ModelBuffer& b : list.buffers) {
      csv << id++ << "," << b.first << "," << b.last + 1 << "," << b.size
          << "\n";
    }
    for (const std::vector<int>& row : scratch) {
      csv << id++ << "," << row.at(0) << "," << row.at(1) << "," << row.at(2)
          << "\n";
    }
    std::istringstream in(csv.str());
    ApplyRecording(model, ParseRecording(CsvTable::Parse(in, label)), label,
                   list);
  }
  SolveOptions options;
  options.time_limit_seconds = 2;
  return PlanModel(std::move(model), std::move(list), label, options);
}

}  // namespace arenaplan::testing
