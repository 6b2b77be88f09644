// `cmake --install` gives a package another CMake project can use:
// find_package(arenaplan), arenaplan::core and arenaplan::runtime.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.h"

namespace arenaplan {
namespace {

int RunShell(const std::string& command, const std::string& log) {
  return std::system((command + " > " + log + " 2>&1").c_str());
}

TEST(Package, FindPackageFromAnotherProject) {
#ifdef ARENAPLAN_SANITIZED_BUILD
  GTEST_SKIP() << "sanitizer build: the installed library needs the "
                  "sanitizer runtime; checked in the normal build";
#endif
  const std::string dir = testing::TempDir("package");
  const std::string log = dir + "/log.txt";
  const std::string source = ARENAPLAN_SOURCE_DIR;
  ASSERT_EQ(RunShell("cmake --install " + std::string(ARENAPLAN_BINARY_DIR) +
                         " --prefix " + dir + "/prefix",
                     log),
            0)
      << testing::ReadText(log);
  ASSERT_EQ(
      RunShell("cmake -S " + source + "/tests/runtime/package_consumer -B " +
                   dir + "/build -DCMAKE_PREFIX_PATH=" + dir +
                   "/prefix -DTFLM_INCLUDE_DIR=" + source +
                   "/tests/runtime/tflm_stand_in",
               log),
      0)
      << testing::ReadText(log);
  ASSERT_EQ(RunShell("cmake --build " + dir + "/build -j2", log), 0)
      << testing::ReadText(log);
  ASSERT_EQ(RunShell(dir + "/build/plan_example", log), 0);
  EXPECT_EQ(testing::ReadText(log), "8192\n");
}

}  // namespace
}  // namespace arenaplan
