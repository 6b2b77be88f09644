// The model corpus as the benchmarks walk it: every .tflite below
// SHARED/corpus/models (../shared beside the checkout, or --shared DIR), in
// path order, each named by its path below that folder without the
// extension ("field/esphome_v2_vad").
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace arenaplan_bench {

struct Corpus {
  std::filesystem::path root;                 // SHARED/corpus/models
  std::vector<std::filesystem::path> models;  // sorted

  // "field/esphome_v2_vad" for root/field/esphome_v2_vad.tflite.
  std::string NameOf(const std::filesystem::path& model) const {
    return std::filesystem::relative(model, root).replace_extension().string();
  }
};

// The corpus below `shared`; nullopt, with "TOOL: ROOT not found" on stderr,
// when SHARED/corpus/models is not a folder.
inline std::optional<Corpus> FindCorpus(const std::string& shared,
                                        const char* tool) {
  Corpus corpus;
  corpus.root = shared + "/corpus/models";
  if (!std::filesystem::is_directory(corpus.root)) {
    std::fprintf(stderr, "%s: %s not found\n", tool, corpus.root.c_str());
    return std::nullopt;
  }
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(corpus.root)) {
    if (entry.path().extension() == ".tflite") {
      corpus.models.push_back(entry.path());
    }
  }
  std::sort(corpus.models.begin(), corpus.models.end());
  return corpus;
}

// The bytes of `path` (empty when it cannot be read).
inline std::vector<uint8_t> ReadBytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
}

}  // namespace arenaplan_bench
