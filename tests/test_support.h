// Helpers shared by the test binaries: where ../shared is, and running the
// CLI as a user would.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace arenaplan::testing {

// ../shared beside the checkout, or "" when absent (a user's fresh clone).
std::string SharedDir();

// Skips the current test with a visible message when ../shared is absent.
#define ARENAPLAN_REQUIRE_SHARED()                                         \
  do {                                                                     \
    if (::arenaplan::testing::SharedDir().empty()) {                       \
      GTEST_SKIP() << "../shared not found beside the checkout: skipping " \
                      "the check against real models and TFLM traces";     \
    }                                                                      \
  } while (0)

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built arenaplan CLI with `args` (shell-quoted here).
CommandResult RunCli(const std::vector<std::string>& args);

// A fresh empty directory under the test's temp dir.
std::string TempDir(const std::string& name);

void WriteFile(const std::string& path, const std::vector<uint8_t>& bytes);
void WriteText(const std::string& path, const std::string& text);
std::string ReadText(const std::string& path);
bool FileExists(const std::string& path);

// Files in `dir` whose name ends with `suffix`, sorted.
std::vector<std::string> ListFiles(const std::string& dir,
                                   const std::string& suffix);

// Every .tflite below ../shared/corpus/models (field/ included), sorted;
// call after ARENAPLAN_REQUIRE_SHARED().
std::vector<std::string> CorpusModels();

// The lines of `text`, without their line ends.
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace arenaplan::testing
