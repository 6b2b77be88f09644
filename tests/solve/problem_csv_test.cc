// MiniMalloc CSV reading and writing, and the `solve` command end to end.
#include "problem/problem_csv.h"

#include <gtest/gtest.h>

#include <sstream>

#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

ProblemCsv Parse(const std::string& text) {
  std::istringstream in(text);
  return ProblemFromCsv(CsvTable::Parse(in, "test.csv"));
}

TEST(ProblemCsvTest, ReadsOptionalAlignmentAndFixedOffsets) {
  const ProblemCsv csv = Parse(
      "id,lower,upper,size,alignment,offset\n"
      "a,0,3,8,4,\n"
      "b,1,2,16,8,32\n");
  ASSERT_EQ(csv.problem.buffers.size(), 2u);
  EXPECT_EQ(csv.ids[1], "b");
  EXPECT_EQ(csv.problem.buffers[0].alignment, 4);
  EXPECT_FALSE(csv.problem.buffers[0].fixed_offset.has_value());
  EXPECT_EQ(csv.problem.buffers[1].fixed_offset, 32);
  EXPECT_EQ(csv.problem.buffers[1].upper, 2);
}

TEST(ProblemCsvTest, WritesTheRowsWithOffsets) {
  const ProblemCsv csv = Parse("id,lower,upper,size\nx,0,2,4\ny,1,3,4\n");
  Plan plan;
  plan.offsets = {0, 4};
  EXPECT_EQ(SolutionCsv(csv, plan),
            "id,lower,upper,size,offset\nx,0,2,4,0\ny,1,3,4,4\n");
}

TEST(ProblemCsvTest, RejectsBadFieldsWithLineAndColumn) {
  try {
    Parse("id,lower,upper,size\nx,0,2,4\ny,1,3,big\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("size"), std::string::npos);
  }
  EXPECT_THROW(Parse("id,lower,size\nx,0,4\n"), Error);          // no upper
  EXPECT_THROW(Parse("id,lower,upper,size\nx,3,3,4\n"), Error);  // empty life
  EXPECT_THROW(Parse("id,lower,upper,size\nx,0,3,-4\n"), Error);
}

using testing::ReadText;
using testing::RunCli;
using testing::TempDir;
using testing::WriteText;

TEST(SolveCommandTest, WritesOffsetsAndReport) {
  const std::string dir = TempDir("solve_cli");
  WriteText(dir + "/p.csv", "id,lower,upper,size\na,0,2,4\nb,1,3,4\nc,2,4,4\n");
  const auto run = RunCli({"solve", dir + "/p.csv", "-o", dir + "/out.csv",
                           "--report", dir + "/r.json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("height:       8 bytes"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("optimal:      yes"), std::string::npos);
  const std::string out = ReadText(dir + "/out.csv");
  EXPECT_EQ(out.rfind("id,lower,upper,size,offset\n", 0), 0u) << out;
  const std::string report = ReadText(dir + "/r.json");
  for (const char* key : {"\"height\": 8", "\"lower_bound\": 8",
                          "\"optimal\": true", "\"seconds\""}) {
    EXPECT_NE(report.find(key), std::string::npos) << key << "\n" << report;
  }
}

TEST(SolveCommandTest, BadInputGetsOneLineAndNoOutput) {
  const std::string dir = TempDir("solve_cli_bad");
  WriteText(dir + "/bad.csv", "id,lower,upper,size\na,0,2,four\n");
  auto run = RunCli({"solve", dir + "/bad.csv", "-o", dir + "/out.csv"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_FALSE(testing::FileExists(dir + "/out.csv"));

  WriteText(dir + "/clash.csv",
            "id,lower,upper,size,offset\na,0,2,8,0\nb,1,3,8,4\n");
  run = RunCli({"solve", dir + "/clash.csv", "-o", dir + "/out.csv"});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_FALSE(testing::FileExists(dir + "/out.csv"));
}

}  // namespace
}  // namespace arenaplan
