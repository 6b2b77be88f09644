// The runtime on the Cortex-M4 instruction set: plans of the built-in
// example and of small models made with the model builder (and, when
// ../shared is present, a real TFLM recording) are written as headers, and
// their AddBuffer streams, as recorded and altered (one size, one
// lifetime, one call more or fewer, one pin) and crossed with other
// models' headers, become cases of tests/runtime/cortex_m4/stream_check.cc.
// That program is built with arm-none-eabi-g++ (-Os, Cortex-M4) for the
// MPS2-AN386 board, twice (VerifyingPlanner and ARENAPLAN_FULL_CHECK), and
// run under qemu-system-arm with semihosting: the recorded streams must be
// accepted with the header's offsets and head, every altered or crossed
// one refused with one line and no offset handed out.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "arm_support.h"
#include "emit/cpp_header.h"
#include "emit/emit_support.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "stream_support.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::Call;

struct Base {
  std::string name;  // the header's namespace and file name
  std::vector<Call> calls;
};

struct Case {
  std::string name;
  std::string header;  // namespace of the plan
  std::vector<Call> calls;
  bool accept;
};

// Writes `plan`'s header into `dir` and returns its stream.
Base WriteHeader(const std::string& dir, const std::string& name,
                 const ModelPlan& plan) {
  const HeaderSource source{name + ".tflite", "0", ""};
  testing::WriteText(dir + "/" + name + ".h",
                     BufferPlanHeader(plan, name, source));
  return Base{name, testing::CallsOf(plan.list)};
}

std::vector<Base> WriteBases(const std::string& dir) {
  std::vector<Base> bases;
  bases.push_back(WriteHeader(
      dir, "example", testing::PlanWithScratch(ExampleModel(), "example")));
  // The example with its image pinned high by OfflineMemoryAllocation
  // metadata: TFLM's 4-argument AddBuffer.
  ModelSpec spec = ExampleModelSpec();
  size_t tensors = 0;
  for (const SubgraphSpec& sg : spec.subgraphs) tensors += sg.tensors.size();
  spec.offline_offsets = std::vector<int32_t>(tensors, -1);
  (*spec.offline_offsets)[0] = 65536;
  bases.push_back(WriteHeader(
      dir, "pinned", testing::PlanWithScratch(BuildModel(spec), "pinned")));
  // MEAN with the scratch buffer of two kernel builds (256 and 512 bytes
  // at the op's step).
  const std::vector<uint8_t> mean = testing::MeanModel();
  bases.push_back(WriteHeader(
      dir, "mean256", testing::PlanWithScratch(mean, "mean", {{1, 2, 256}})));
  bases.push_back(WriteHeader(
      dir, "mean512", testing::PlanWithScratch(mean, "mean", {{1, 2, 512}})));
  if (!testing::SharedDir().empty()) {
    // A real TFLM recording of person_detect (reference kernels).
    const std::string shared = testing::SharedDir() + "/corpus/";
    const std::string trace =
        shared + "tflm-traces/tflite-micro__person_detect.csv";
    const std::string path =
        shared + "models/tflite-micro/person_detect.tflite";
    const std::vector<uint8_t> bytes = ReadFileBytes(path);
    Model model = ReadModel(bytes.data(), bytes.size(), path);
    BufferList list = DeriveBufferList(model, path);
    ApplyRecording(model, ParseRecording(CsvTable::ReadFile(trace)), trace,
                   list);
    SolveOptions options;
    options.time_limit_seconds = 2;
    bases.push_back(WriteHeader(
        dir, "person_detect",
        PlanModel(std::move(model), std::move(list), path, options)));
  }
  return bases;
}

std::vector<Case> CasesOf(const std::vector<Base>& bases) {
  std::vector<Case> cases;
  for (const Base& b : bases) {
    cases.push_back({b.name + " as recorded", b.name, b.calls, true});
    auto altered = [&](const std::string& what, auto change) {
      Case c{b.name + ": " + what, b.name, b.calls, false};
      change(c.calls);
      cases.push_back(c);
    };
    const size_t k = b.calls.size() / 2;
    altered("size of one buffer +16",
            [&](std::vector<Call>& c) { c[k].size += 16; });
    altered("last use of one buffer +1",
            [&](std::vector<Call>& c) { c[k].last += 1; });
    altered("first use of one buffer -1",
            [&](std::vector<Call>& c) { c[0].first -= 1; });
    altered("one call more", [](std::vector<Call>& c) {
      c.push_back({16, 0, 0});
    });
    altered("one call fewer", [](std::vector<Call>& c) { c.pop_back(); });
    altered("pin changed", [](std::vector<Call>& c) {
      for (Call& call : c) {
        if (call.pin != -1) {
          call.pin += 16;
          return;
        }
      }
      c[0].pin = 0;
    });
  }
  // Headers of another model or kernel build.
  auto crossed = [&](const std::string& stream, const std::string& header) {
    for (const Base& b : bases) {
      if (b.name == stream) {
        cases.push_back({stream + " stream, " + header + " header", header,
                         b.calls, false});
      }
    }
  };
  crossed("example", "pinned");
  crossed("pinned", "example");
  crossed("mean256", "mean512");
  crossed("mean512", "mean256");
  crossed("example", "mean256");
  crossed("person_detect", "example");
  return cases;
}

// stream_cases.inc: the headers, the streams and kCases.
void WriteCases(const std::string& dir, const std::vector<Base>& bases,
                const std::vector<Case>& cases) {
  std::ostringstream out;
  for (const Base& b : bases) out << "#include \"" << b.name << ".h\"\n";
  out << "namespace {\n";
  size_t max_calls = 1;
  for (size_t i = 0; i < cases.size(); ++i) {
    out << "const StreamCall kStream" << i << "[] = {";
    for (const Call& c : cases[i].calls) {
      out << "{" << c.size << "," << c.first << "," << c.last << "," << c.pin
          << "},";
    }
    out << "};\n";
    max_calls = std::max(max_calls, cases[i].calls.size());
  }
  out << "const StreamCase kCases[] = {\n";
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string& h = cases[i].header;
    out << "  {\"" << cases[i].name << "\", " << h << "::buffer_plan(), " << h
        << "::kStreamDigest, " << h << "::shared_pairs(), " << h
        << "::kSharedPairCount, kStream" << i << ", " << cases[i].calls.size()
        << ", " << (cases[i].accept ? "true" : "false") << ", " << h
        << "::kHeadBytes},\n";
  }
  out << "};\nconst int kCaseCount = " << cases.size()
      << ";\nconst int kMaxCalls = " << max_calls << ";\n}  // namespace\n";
  testing::WriteText(dir + "/stream_cases.inc", out.str());
}

// Builds stream_check.elf in `dir` (`defines` added); "" or the log.
std::string Build(const std::string& dir, const std::string& defines,
                  const std::string& elf) {
  const std::string source = ARENAPLAN_SOURCE_DIR;
  const std::string m4 = source + "/tests/runtime/cortex_m4";
  // The example firmware's start-up, linker script and formatting.
  const std::string board = source + "/examples/firmware";
  const std::string log = dir + "/build.log";
  std::string objects;
  const std::vector<std::string> sources = {
      m4 + "/stream_check.cc", m4 + "/device_log.cc",
      source + "/runtime/verifying_planner.cc",
      source + "/runtime/full_check_planner.cc"};
  for (const std::string& file : sources) {
    const std::string object = dir + "/" +
                               file.substr(file.find_last_of('/') + 1) +
                               std::to_string(defines.size()) + ".o";
    if (testing::RunShell(testing::ArmCompiler() + " " + defines +
                              testing::RuntimeIncludes() + "-I" + dir + " -I" +
                              m4 + " -I" + board + " -c " + file + " -o " +
                              object,
                          log) != 0) {
      return file + ":\n" + testing::ReadText(log);
    }
    objects += " " + object;
  }
  const std::string flags = "-mcpu=cortex-m4 -mthumb";
  if (testing::RunShell(
          "arm-none-eabi-gcc -Os -Wall -Wextra -Werror " + flags +
              " -ffreestanding -DSTARTUP_FAULT_TEXT='\"arenaplan-m4: "
              "fault\\n\"' -c " +
              board + "/startup.c -o " + dir + "/startup.o",
          log) != 0 ||
      testing::RunShell("arm-none-eabi-g++ " + flags +
                            " -nostdlib -nostartfiles -Wl,--gc-sections -T " +
                            board + "/mps2_an386.ld " + dir + "/startup.o" +
                            objects + " -lgcc -o " + elf,
                        log) != 0) {
    return "startup/link:\n" + testing::ReadText(log);
  }
  return "";
}

TEST(CortexM4, RecordedStreamsAcceptedAlteredOnesRefused) {
  for (const char* tool : {"arm-none-eabi-g++", "qemu-system-arm"}) {
    if (!testing::HaveProgram(tool)) {
      GTEST_SKIP() << tool
                   << " not installed: skipping the Cortex-M4 run of the "
                      "runtime (scripts/deps.sh installs gcc-arm-none-eabi "
                      "and qemu-system-arm)";
    }
  }
  if (testing::SharedDir().empty()) {
    std::cout << "../shared not found: running without the person_detect "
                 "recording\n";
  }
  const std::string dir = testing::TempDir("cortex_m4");
  const std::vector<Base> bases = WriteBases(dir);
  const std::vector<Case> cases = CasesOf(bases);
  WriteCases(dir, bases, cases);
  for (const std::string defines : {"", "-DARENAPLAN_FULL_CHECK"}) {
    const std::string planner =
        defines.empty() ? "VerifyingPlanner" : "FullCheckPlanner";
    const std::string elf =
        dir + "/stream_check" + std::to_string(defines.size()) + ".elf";
    const std::string built = Build(dir, defines, elf);
    ASSERT_EQ(built, "") << planner;
    const std::string log =
        dir + "/qemu" + std::to_string(defines.size()) + ".log";
    const int status = testing::RunShell(
        "timeout 120 qemu-system-arm -M mps2-an386 -nographic -monitor none "
        "-semihosting-config enable=on,target=native -kernel " +
            elf,
        log);
    const std::string output = testing::ReadText(log);
    EXPECT_EQ(status, 0) << planner << ":\n" << output;
    const std::string summary = "arenaplan-m4: " + planner + " (";
    const size_t at = output.find(summary);
    ASSERT_NE(at, std::string::npos) << output;
    EXPECT_NE(
        output.find(std::to_string(cases.size()) + " cases, 0 failures", at),
        std::string::npos)
        << output;
    size_t passed = 0;
    for (size_t p = output.find("ok   "); p != std::string::npos;
         p = output.find("ok   ", p + 1)) {
      ++passed;
    }
    EXPECT_EQ(passed, cases.size()) << output;
  }
}

}  // namespace
}  // namespace arenaplan
