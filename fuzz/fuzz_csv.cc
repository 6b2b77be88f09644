// libFuzzer target: the strict CSV reader every CSV input goes through
// (MiniMalloc problems, recordings): parse, look up columns, read every
// field as an integer.
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "problem/csv_table.h"
#include "problem/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace arenaplan;
  try {
    std::istringstream in(
        std::string(reinterpret_cast<const char*>(data), size));
    const CsvTable table = CsvTable::Parse(in, "fuzz.csv", 100'000);
    for (const char* name : {"id", "lower", "upper", "size", "offset"}) {
      (void)table.Column(name);
    }
    const size_t columns = table.RequireColumn("id") + 1;
    for (size_t r = 0; r < table.rows(); ++r) {
      if (table.LineOf(r) == 0) std::abort();
      for (size_t c = 0; c < columns; ++c) {
        try {
          table.Integer(r, c, std::numeric_limits<int64_t>::min(),
                        std::numeric_limits<int64_t>::max());
        } catch (const Error&) {
        }
      }
    }
  } catch (const Error& e) {
    if (e.what()[0] == '\0') std::abort();
  }
  return 0;
}
