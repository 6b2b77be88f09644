// libFuzzer target: an untrusted MiniMalloc problem CSV, solved with a small
// node budget; the plan must pass the verifier, and the solution CSV must
// read back as the same problem with every buffer pinned where it was put.
#include <cstdint>
#include <cstdlib>
#include <sstream>

#include "plan/verifier.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "problem/problem_csv.h"
#include "solve/solver.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

arenaplan::ProblemCsv Parse(const std::string& text) {
  std::istringstream in(text);
  return arenaplan::ProblemFromCsv(
      arenaplan::CsvTable::Parse(in, "fuzz.csv", 5000));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace arenaplan;
  ProblemCsv input;
  try {
    input = Parse(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const Error& e) {
    Require(e.what()[0] != '\0');
    return 0;
  }
  SolveOptions options;
  options.time_limit_seconds = 0;
  options.node_limit = 2000;
  options.threads = 1;
  SolveResult result;
  try {
    result = Solve(input.problem, options);
  } catch (const Error& e) {
    Require(e.code() == ExitCode::kInfeasible);  // colliding pins
    return 0;
  }
  Require(VerifyPlan(input.problem, result.plan).ok);
  Require(result.height >= result.lower_bound);
  Require(result.height == PlanHeight(input.problem, result.plan));

  const ProblemCsv again = Parse(SolutionCsv(input, result.plan));
  Require(again.problem.buffers.size() == input.problem.buffers.size());
  for (size_t i = 0; i < again.problem.buffers.size(); ++i) {
    Require(again.problem.buffers[i].fixed_offset == result.plan.offsets[i]);
    Require(again.problem.buffers[i].size == input.problem.buffers[i].size);
  }
  return 0;
}
