// libFuzzer target: an untrusted --recorded CSV parsed and applied to the
// built-in example model's buffer list, then planned and verified.
#include <cstdint>
#include <cstdlib>
#include <sstream>

#include "model/buffer_list.h"
#include "model/example_model.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/model_plan.h"
#include "problem/csv_table.h"
#include "problem/error.h"

namespace {

struct Example {
  std::vector<uint8_t> bytes = arenaplan::ExampleModel();
  arenaplan::Model model =
      arenaplan::ReadModel(bytes.data(), bytes.size(), "x");
  arenaplan::BufferList list = arenaplan::DeriveBufferList(model, "x");
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace arenaplan;
  static const Example example;
  try {
    std::istringstream in(
        std::string(reinterpret_cast<const char*>(data), size));
    const CsvTable table = CsvTable::Parse(in, "fuzz.csv");
    BufferList list = example.list;
    ApplyRecording(example.model, ParseRecording(table), "fuzz.csv", list);
    if (list.buffers.size() <= 2000) {
      SolveOptions options;
      options.time_limit_seconds = 0.05;
      PlanModel(example.model, std::move(list), "fuzz", options);
    }
  } catch (const Error& e) {
    if (e.what()[0] == '\0') std::abort();
  }
  return 0;
}
