// Writes the fuzzers' seed corpora from the project's own models:
//   arenaplan_fuzz_seeds OUTDIR
// OUTDIR/model/*.tflite (seed models), OUTDIR/recording/*.csv (their
// AddBuffer lists plus one scratch row), OUTDIR/csv and OUTDIR/problem_csv
// (MiniMalloc-style problems), OUTDIR/custom_options (flexbuffer options of
// the custom ops the kernel rules read); OUTDIR/model_roundtrip and
// OUTDIR/kernels stay empty (those targets' input is a recipe, not a file
// format).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "seed_models.h"

namespace {

void Write(const std::filesystem::path& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) {
    std::cerr << path.string() << ": cannot write\n";
    std::exit(5);
  }
}

std::string RecordingCsv(const arenaplan::BufferList& list) {
  std::string csv = "id,lower,upper,size\n";
  size_t id = 0;
  for (const arenaplan::ModelBuffer& b : list.buffers) {
    csv += std::to_string(id++) + "," + std::to_string(b.first) + "," +
           std::to_string(b.last + 1) + "," + std::to_string(b.size) + "\n";
  }
  // One scratch buffer alive during the first op.
  csv += std::to_string(id) + ",1,2,64\n";
  return csv;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: arenaplan_fuzz_seeds OUTDIR\n";
    return 2;
  }
  const std::filesystem::path out = argv[1];
  for (const char* dir : {"model", "recording", "csv", "problem_csv",
                          "model_roundtrip", "kernels", "custom_options"}) {
    std::filesystem::create_directories(out / dir);
  }
  for (const auto& [name, spec] : arenaplan::fuzz::AllSeedModelSpecs()) {
    const std::vector<uint8_t> bytes = arenaplan::BuildModel(spec);
    Write(out / "model" / (name + ".tflite"),
          std::string(bytes.begin(), bytes.end()));
    const arenaplan::Model model =
        arenaplan::ReadModel(bytes.data(), bytes.size(), name);
    Write(out / "recording" / (name + ".csv"),
          RecordingCsv(arenaplan::DeriveBufferList(model, name)));
  }
  int k = 0;
  for (const std::vector<uint8_t>& options :
       arenaplan::fuzz::SeedCustomOptions()) {
    Write(out / "custom_options" / ("flex" + std::to_string(k++) + ".bin"),
          std::string(options.begin(), options.end()));
  }
  for (const char* dir : {"csv", "problem_csv"}) {
    Write(out / dir / "minimalloc.csv",
          "id,lower,upper,size\nb1,0,3,4\nb2,3,9,4\nb3,0,9,4\n");
    Write(out / dir / "offsets.csv",
          "id,lower,upper,size,alignment,offset\n0,0,2,16,16,0\n1,1,3,32,8,\n");
  }
  return 0;
}
