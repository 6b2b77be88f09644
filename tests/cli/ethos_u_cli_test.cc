// Vela models (Himax WiseEye2 boards, Ethos-U55) planned from the model
// alone: `plan MODEL --kernels cmsis-nn-dsp --header --report` writes a
// header with kArenaBytes, and the scratch rows of each "ethos-u" op are
// the two its Prepare requests (kernels/ethos_u/ethosu.cc), sized from the
// op's input and output counts. ESP-NN builds have no Ethos-U kernel.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan {
namespace {

int64_t RoundUp16(int64_t bytes) { return (bytes + 15) / 16 * 16; }

std::vector<std::string> HimaxModels() {
  std::vector<std::string> models;
  for (const std::string& path : testing::CorpusModels()) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (name.rfind("HimaxWiseEyePlus_", 0) == 0) models.push_back(path);
  }
  return models;
}

// The scratch rows the ethos-u ops of `path` must get: "op I" and the size,
// two per op in Prepare order, n = the op's inputs + outputs (-1 included).
std::vector<std::pair<std::string, int64_t>> ExpectedEthosURows(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  const Model model = ReadModel(bytes.data(), bytes.size(), path);
  std::vector<std::pair<std::string, int64_t>> rows;
  const auto& ops = model.subgraphs.at(0).operators;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].custom_code != "ethos-u") continue;
    const int64_t n =
        static_cast<int64_t>(ops[i].inputs.size() + ops[i].outputs.size());
    rows.push_back({"op " + std::to_string(i), RoundUp16(8 * n)});
    rows.push_back({"op " + std::to_string(i), RoundUp16(4 * n)});
  }
  return rows;
}

TEST(EthosUCli, HimaxModelsPlanWithHeaderFromTheModelAlone) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::vector<std::string> models = HimaxModels();
  ASSERT_GE(models.size(), 3u);
  const std::string dir = testing::TempDir("ethos_u_himax");
  for (const std::string& model : models) {
    const std::string h = dir + "/h.h", r = dir + "/r.json";
    std::filesystem::remove(h);
    std::filesystem::remove(r);
    const auto run =
        testing::RunCli({"plan", model, "--kernels", "cmsis-nn-dsp", "--header",
                         h, "--report", r});
    ASSERT_EQ(run.exit_code, 0) << model << ": " << run.err;
    EXPECT_NE(run.err.find("CUSTOM:ethos-u op"), std::string::npos) << run.err;
    const std::string header = testing::ReadText(h);
    // No <regex>: GCC 12's trips -Wmaybe-uninitialized in the CI build.
    const std::string key = "constexpr size_t kArenaBytes = ";
    const size_t at = header.find(key);
    ASSERT_NE(at, std::string::npos) << model;
    const auto report = nlohmann::json::parse(testing::ReadText(r));
    EXPECT_EQ(std::stoll(header.substr(at + key.size())),
              report["arena_bytes_required"]["header"].get<int64_t>())
        << model;
    EXPECT_EQ(report["verified_against_real_build"], false) << model;
    std::vector<std::pair<std::string, int64_t>> rows;
    for (const auto& b : report["buffers"]) {
      const std::string name = b["name"];
      if (b["kind"] != "scratch" || name.rfind("CUSTOM:ethos-u ", 0) != 0) {
        continue;
      }
      // "CUSTOM:ethos-u op 3: Ethos-U base addresses, ..." -> "op 3".
      const size_t colon = name.find(':', 8);
      rows.push_back({name.substr(15, colon - 15), b["size"].get<int64_t>()});
    }
    const auto expected = ExpectedEthosURows(model);
    EXPECT_FALSE(expected.empty()) << model;
    EXPECT_EQ(rows, expected) << model;
  }
}

TEST(EthosUCli, EspNnHasNoEthosUKernel) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::vector<std::string> models = HimaxModels();
  ASSERT_FALSE(models.empty());
  const auto run =
      testing::RunCli({"buffers", models[0], "--kernels", "esp-nn"});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("(CUSTOM:ethos-u): arenaplan does not know which "
                         "scratch buffers its esp-nn kernel requests "
                         "(builds with this library (ESP32) do not link"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace arenaplan
