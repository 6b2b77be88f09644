#include "problem/csv_table.h"

#include <charconv>
#include <fstream>

#include "problem/error.h"

namespace arenaplan {
namespace {

std::vector<std::string> SplitLine(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    std::string field = line.substr(start, comma - start);
    // Trim spaces and a Windows line end.
    const size_t b = field.find_first_not_of(" \t\r");
    const size_t e = field.find_last_not_of(" \t\r");
    fields.push_back(b == std::string::npos ? "" : field.substr(b, e - b + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

// A field as quoted in a message: short, and without control characters
// that could split or garble the one error line.
std::string Echo(const std::string& field) {
  constexpr size_t kMaxEcho = 40;
  std::string out;
  for (size_t i = 0; i < field.size() && i < kMaxEcho; ++i) {
    const unsigned char c = static_cast<unsigned char>(field[i]);
    out += c < 0x20 || c == 0x7f ? '?' : field[i];
  }
  return field.size() > kMaxEcho ? out + "..." : out;
}

}  // namespace

CsvTable CsvTable::Parse(std::istream& in, const std::string& label,
                         size_t max_rows) {
  CsvTable table;
  table.label_ = label;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<std::string> fields = SplitLine(line);
    if (table.header_.empty()) {
      table.header_ = std::move(fields);
      continue;
    }
    if (fields.size() != table.header_.size()) {
      throw Error(label + ": line " + std::to_string(line_number) + ": " +
                  std::to_string(fields.size()) + " fields, header has " +
                  std::to_string(table.header_.size()));
    }
    if (table.rows_.size() >= max_rows) {
      throw Error(label + ": more than " + std::to_string(max_rows) + " rows");
    }
    table.rows_.push_back(std::move(fields));
    table.line_of_.push_back(line_number);
  }
  if (table.header_.empty()) throw Error(label + ": empty file, no header");
  return table;
}

CsvTable CsvTable::ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open", ExitCode::kIo);
  return Parse(in, path);
}

std::optional<size_t> CsvTable::Column(const std::string& name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

size_t CsvTable::RequireColumn(const std::string& name) const {
  const auto column = Column(name);
  if (!column) throw Error(label_ + ": missing column '" + name + "'");
  return *column;
}

int64_t CsvTable::Integer(size_t row, size_t column, int64_t min,
                          int64_t max) const {
  const std::string& text = rows_[row][column];
  int64_t value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  const std::string where = label_ + ": line " + std::to_string(line_of_[row]) +
                            ", column '" + header_[column] + "': ";
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw Error(where + "'" + Echo(text) + "' is not an integer");
  }
  if (value < min || value > max) {
    throw Error(where + std::to_string(value) + " out of range [" +
                std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return value;
}

}  // namespace arenaplan
