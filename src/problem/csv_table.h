// A small, strict reader for the comma-separated files arenaplan takes in
// (MiniMalloc problems, TFLM recordings): a header row naming the columns,
// then rows of fields. Errors name the file, line and column.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace arenaplan {

class CsvTable {
 public:
  // Throws arenaplan::Error on an empty file, a row with a different number
  // of fields than the header, or more than `max_rows` rows.
  static CsvTable Parse(std::istream& in, const std::string& label,
                        size_t max_rows = 10'000'000);
  static CsvTable ReadFile(const std::string& path);

  // Column position by header name, or nullopt.
  std::optional<size_t> Column(const std::string& name) const;
  // Column position; throws when the column is missing.
  size_t RequireColumn(const std::string& name) const;

  size_t rows() const { return rows_.size(); }
  const std::string& Field(size_t row, size_t column) const {
    return rows_[row][column];
  }
  // The field as a whole decimal integer within [min, max]; throws naming
  // line and column otherwise.
  int64_t Integer(size_t row, size_t column, int64_t min, int64_t max) const;
  const std::string& label() const { return label_; }
  // 1-based line number of a data row, for messages.
  size_t LineOf(size_t row) const { return line_of_[row]; }

 private:
  std::string label_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> line_of_;
};

}  // namespace arenaplan
