// Malformed CSV inputs (recordings and MiniMalloc problems) through the
// library: one arenaplan::Error line naming file, line and column.
#include <gtest/gtest.h>

#include <sstream>

#include "model/buffer_list.h"
#include "model/example_model.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "problem/problem_csv.h"

namespace arenaplan {
namespace {

CsvTable Table(const std::string& text) {
  std::istringstream in(text);
  return CsvTable::Parse(in, "in.csv");
}

template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kInvalidInput) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  return "";
}

std::string RecordingError(const std::string& csv) {
  return ErrorOf([&] {
    const std::vector<uint8_t> bytes = ExampleModel();
    const Model model = ReadModel(bytes.data(), bytes.size(), "example");
    BufferList list = DeriveBufferList(model, "example");
    ApplyRecording(model, ParseRecording(Table(csv)), "in.csv", list);
  });
}

std::string ProblemError(const std::string& csv) {
  return ErrorOf([&] { ProblemFromCsv(Table(csv)); });
}

TEST(MalformedCsv, MissingColumn) {
  EXPECT_EQ(RecordingError("id,lower,size\n0,0,16\n"),
            "in.csv: missing column 'upper'");
  EXPECT_EQ(ProblemError("id,lower,upper\n0,0,1\n"),
            "in.csv: missing column 'size'");
}

TEST(MalformedCsv, RowWithMissingField) {
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,0,1,16\n1,0,1\n"),
            "in.csv: line 3: 3 fields, header has 4");
}

TEST(MalformedCsv, NegativeSize) {
  EXPECT_EQ(RecordingError("id,lower,upper,size\n0,0,1,-16\n"),
            "in.csv: line 2, column 'size': -16 out of range [0, "
            "2147483647]");
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,0,1,-16\n"),
            "in.csv: line 2, column 'size': -16 out of range [0, "
            "1099511627776]");
}

TEST(MalformedCsv, LowerNotBelowUpper) {
  EXPECT_EQ(RecordingError("id,lower,upper,size\n0,3,3,16\n"),
            "in.csv: line 2: lower 3 >= upper 3");
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,5,2,16\n"),
            "in.csv: line 2: empty lifetime, lower 5 is not below upper 2");
}

TEST(MalformedCsv, NonNumericField) {
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,0,1,12abc\n"),
            "in.csv: line 2, column 'size': '12abc' is not an integer");
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,0x1,2,16\n"),
            "in.csv: line 2, column 'lower': '0x1' is not an integer");
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,,2,16\n"),
            "in.csv: line 2, column 'lower': '' is not an integer");
}

TEST(MalformedCsv, NumberBeyondInt64) {
  EXPECT_EQ(ProblemError("id,lower,upper,size\n0,0,1,99999999999999999999\n"),
            "in.csv: line 2, column 'size': '99999999999999999999' is not an "
            "integer");
}

TEST(MalformedCsv, EmptyFile) {
  EXPECT_EQ(ProblemError(""), "in.csv: empty file, no header");
  EXPECT_EQ(ProblemError("\n \n\r\n"), "in.csv: empty file, no header");
}

TEST(MalformedCsv, RecordingOfAnotherModel) {
  EXPECT_EQ(RecordingError("id,lower,upper,size\n0,0,2,16\n"),
            "in.csv: 1 recorded buffers, but the model has 16 tensor "
            "buffers: recorded with another model");
}

// A field echoed in a message is cut short and kept printable, so a hostile
// file cannot flood or split the one error line.
TEST(MalformedCsv, EchoedFieldIsShortAndPrintable) {
  const std::string error = ProblemError(
      "id,lower,upper,size\n0,0,1," + std::string(5000, '7') + "\x1b[2J\r7\n");
  EXPECT_LT(error.size(), 200u) << error;
  for (char c : error) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << error;
}

}  // namespace
}  // namespace arenaplan
