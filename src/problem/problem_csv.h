// MiniMalloc's problem CSV: a header `id,lower,upper,size` plus optional
// `alignment` and `offset` columns (an offset pins the buffer; an empty
// offset field leaves it free). Lifetimes are half-open [lower, upper).
#pragma once

#include <string>
#include <vector>

#include "problem/csv_table.h"
#include "problem/problem.h"

namespace arenaplan {

struct ProblemCsv {
  Problem problem;
  std::vector<std::string> ids;  // one per buffer, as written
  bool has_alignment = false;    // the input had an alignment column
};

// Throws arenaplan::Error naming the line and column of a bad field.
ProblemCsv ProblemFromCsv(const CsvTable& table);
ProblemCsv ReadProblemCsv(const std::string& path);

// The input rows with an `offset` column holding the plan's offsets.
std::string SolutionCsv(const ProblemCsv& input, const Plan& plan);

}  // namespace arenaplan
