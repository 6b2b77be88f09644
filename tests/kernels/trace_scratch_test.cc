// The scratch rules against real TFLM: every AddBuffer row (id, lower,
// upper, size; scratch included) of the recorded traces in ../shared must be
// reproduced from the model alone (DeriveBufferList + AppendDerivedScratch,
// no recording). Each library's test prints one line of the summary table:
//   kernels_tests --gtest_filter='ScratchTraces.*'
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kernels/derive_scratch.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::SharedDir;

struct TraceSet {
  const char* dir;  // under corpus/
  size_t expected_files;
};

struct Outcome {
  size_t rows = 0;
  size_t matched = 0;
  std::string first_difference;  // empty: every row matches
};

std::string Row(int64_t lower, int64_t upper, int64_t size) {
  return "lower " + std::to_string(lower) + " upper " + std::to_string(upper) +
         " size " + std::to_string(size);
}

// Derives `model`'s list for `library` and compares it with the trace.
Outcome CheckTrace(const std::string& csv, const std::string& model_path,
                   KernelLibrary library) {
  const CsvTable table = CsvTable::ReadFile(csv);
  const size_t id = table.RequireColumn("id");
  const size_t lower = table.RequireColumn("lower");
  const size_t upper = table.RequireColumn("upper");
  const size_t size = table.RequireColumn("size");
  const size_t kind = table.RequireColumn("kind");
  Outcome out;
  out.rows = table.rows();
  BufferList list;
  try {
    const std::vector<uint8_t> bytes = ReadFileBytes(model_path);
    const Model model = ReadModel(bytes.data(), bytes.size(), model_path);
    list = DeriveBufferList(model, model_path);
    KernelOptions options;
    options.library = library;
    AppendDerivedScratch(model, list, options, model_path);
  } catch (const Error& e) {
    out.first_difference = e.what();
    return out;
  }
  for (size_t r = 0; r < table.rows(); ++r) {
    const int64_t want_lower = table.Integer(r, lower, -1, 1LL << 40);
    const int64_t want_upper = table.Integer(r, upper, -1, 1LL << 40);
    const int64_t want_size = table.Integer(r, size, 0, 1LL << 40);
    const std::string where =
        "row " + table.Field(r, id) + " (" + table.Field(r, kind) + ")";
    if (r >= list.buffers.size()) {
      if (out.first_difference.empty()) {
        out.first_difference = where + ": trace has " +
                               Row(want_lower, want_upper, want_size) +
                               ", derived list ends after " +
                               std::to_string(list.buffers.size()) + " rows";
      }
      continue;
    }
    const ModelBuffer& b = list.buffers[r];
    const bool same = b.first == want_lower && b.last + 1 == want_upper &&
                      b.size == want_size &&
                      BufferKindName(b.kind) == table.Field(r, kind);
    if (same) {
      ++out.matched;
    } else if (out.first_difference.empty()) {
      out.first_difference = where + ": trace has " +
                             Row(want_lower, want_upper, want_size) +
                             ", derived " + BufferKindName(b.kind) + " '" +
                             b.name + "' " + Row(b.first, b.last + 1, b.size);
    }
  }
  if (out.first_difference.empty() && list.buffers.size() != table.rows()) {
    out.first_difference = "derived " + std::to_string(list.buffers.size()) +
                           " rows, trace " + std::to_string(table.rows()) +
                           " (first extra: '" +
                           list.buffers[table.rows()].name + "')";
  }
  return out;
}

// Checks every trace of `sets` with `library` and prints the summary line
// "| library | files matched/total | rows matched/total |".
void CheckLibrary(KernelLibrary library, const std::vector<TraceSet>& sets) {
  size_t files = 0, files_matched = 0, rows = 0, rows_matched = 0;
  for (const TraceSet& set : sets) {
    size_t in_set = 0;
    const std::string dir = SharedDir() + "/corpus/" + set.dir;
    for (const std::string& csv : testing::ListFiles(dir, ".csv")) {
      const std::string stem = std::filesystem::path(csv).stem().string();
      const size_t sep = stem.find("__");
      if (sep == std::string::npos) continue;  // SUMMARY.csv
      const std::string model = SharedDir() + "/corpus/models/" +
                                stem.substr(0, sep) + "/" +
                                stem.substr(sep + 2) + ".tflite";
      const Outcome o = CheckTrace(csv, model, library);
      ++in_set;
      ++files;
      rows += o.rows;
      rows_matched += o.matched;
      files_matched += o.first_difference.empty();
      EXPECT_EQ(o.first_difference, "")
          << set.dir << "/" << stem << ".csv with --kernels "
          << KernelLibraryName(library) << ": first difference";
    }
    EXPECT_EQ(in_set, set.expected_files) << set.dir;
  }
  std::cout << "| " << KernelLibraryName(library) << " | " << files_matched
            << " / " << files << " | " << rows_matched << " / " << rows
            << " |\n";
}

TEST(ScratchTraces, Reference) {
  ARENAPLAN_REQUIRE_SHARED();
  // esp-nn-ansi's traces are byte-identical to the reference ones (its
  // README): extra reference checks.
  CheckLibrary(KernelLibrary::kReference,
               {{"tflm-traces", 15},
                {"tflm-traces-field/reference", 14},
                {"tflm-traces-esp-nn/esp-nn-ansi", 29}});
}

TEST(ScratchTraces, CmsisNn) {
  ARENAPLAN_REQUIRE_SHARED();
  CheckLibrary(KernelLibrary::kCmsisNn, {{"tflm-traces-cmsis-nn/portable", 15},
                                         {"tflm-traces-field/cmsis-nn", 14}});
}

TEST(ScratchTraces, CmsisNnDsp) {
  ARENAPLAN_REQUIRE_SHARED();
  CheckLibrary(KernelLibrary::kCmsisNnDsp,
               {{"tflm-traces-cmsis-nn/dsp", 15},
                {"tflm-traces-field/cmsis-nn-dsp", 14}});
}

// esp-tflite-micro 99f49e14 with esp-nn 1.2.3 (tflm-traces-esp-nn/README.md).
TEST(ScratchTraces, EspNn) {
  ARENAPLAN_REQUIRE_SHARED();
  CheckLibrary(KernelLibrary::kEspNn, {{"tflm-traces-esp-nn/esp-nn", 29}});
}

TEST(ScratchTraces, EspNnS3) {
  ARENAPLAN_REQUIRE_SHARED();
  CheckLibrary(KernelLibrary::kEspNnS3, {{"tflm-traces-esp-nn/esp-nn-s3", 29}});
}

TEST(ScratchTraces, EspNnAnsi) {
  ARENAPLAN_REQUIRE_SHARED();
  CheckLibrary(KernelLibrary::kEspNnAnsi,
               {{"tflm-traces-esp-nn/esp-nn-ansi", 29}});
}

}  // namespace
}  // namespace arenaplan
