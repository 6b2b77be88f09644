#include "problem/problem_csv.h"

#include <sstream>

#include "problem/error.h"

namespace arenaplan {
namespace {

constexpr int64_t kMaxValue = int64_t{1} << 40;  // sums stay far from overflow

}  // namespace

ProblemCsv ProblemFromCsv(const CsvTable& table) {
  const size_t id = table.RequireColumn("id");
  const size_t lower = table.RequireColumn("lower");
  const size_t upper = table.RequireColumn("upper");
  const size_t size = table.RequireColumn("size");
  const auto alignment = table.Column("alignment");
  const auto offset = table.Column("offset");
  ProblemCsv result;
  result.has_alignment = alignment.has_value();
  result.problem.buffers.reserve(table.rows());
  for (size_t row = 0; row < table.rows(); ++row) {
    Buffer b;
    b.lower = table.Integer(row, lower, -kMaxValue, kMaxValue);
    b.upper = table.Integer(row, upper, -kMaxValue, kMaxValue);
    b.size = table.Integer(row, size, 0, kMaxValue);
    if (alignment) b.alignment = table.Integer(row, *alignment, 1, kMaxValue);
    if (offset && !table.Field(row, *offset).empty()) {
      b.fixed_offset = table.Integer(row, *offset, 0, kMaxValue);
    }
    if (b.lower >= b.upper) {
      throw Error(table.label() + ": line " +
                  std::to_string(table.LineOf(row)) +
                  ": empty lifetime, lower " + std::to_string(b.lower) +
                  " is not below upper " + std::to_string(b.upper));
    }
    result.ids.push_back(table.Field(row, id));
    result.problem.buffers.push_back(b);
  }
  return result;
}

ProblemCsv ReadProblemCsv(const std::string& path) {
  return ProblemFromCsv(CsvTable::ReadFile(path));
}

std::string SolutionCsv(const ProblemCsv& input, const Plan& plan) {
  std::ostringstream out;
  out << "id,lower,upper,size";
  if (input.has_alignment) out << ",alignment";
  out << ",offset\n";
  for (size_t i = 0; i < input.problem.buffers.size(); ++i) {
    const Buffer& b = input.problem.buffers[i];
    out << input.ids[i] << ',' << b.lower << ',' << b.upper << ',' << b.size;
    if (input.has_alignment) out << ',' << b.alignment;
    out << ',' << plan.offsets.at(i) << '\n';
  }
  return out.str();
}

}  // namespace arenaplan
