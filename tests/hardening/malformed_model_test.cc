// Malformed and hostile .tflite models through the library: each one is
// refused with one arenaplan::Error line naming the problem, fast and
// without a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "hardening_support.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

// The error ReadModel + DeriveBufferList give, or "" when both accept.
std::string ErrorOf(const std::vector<uint8_t>& bytes) {
  try {
    const Model model = ReadModel(bytes.data(), bytes.size(), "m.tflite");
    DeriveBufferList(model, "m.tflite");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kInvalidInput) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  return "";
}

TEST(MalformedModel, EveryTruncationIsRefused) {
  const std::vector<uint8_t> model = ExampleModel();
  for (size_t size = 0; size < model.size(); ++size) {
    const std::vector<uint8_t> prefix(model.begin(), model.begin() + size);
    EXPECT_NE(ErrorOf(prefix), "") << size << " bytes";
  }
}

TEST(MalformedModel, WrongFileIdentifier) {
  std::vector<uint8_t> model = ExampleModel();
  std::memcpy(model.data() + 4, "TFL2", 4);
  EXPECT_EQ(ErrorOf(model),
            "m.tflite: not a TFLite model (file identifier is not TFL3)");
}

TEST(MalformedModel, BadRootVtableOffset) {
  std::vector<uint8_t> model = ExampleModel();
  uint32_t root;
  std::memcpy(&root, model.data(), 4);
  const int32_t hostile = 0x7ffffff0;  // the vtable far outside the file
  std::memcpy(model.data() + root, &hostile, 4);
  EXPECT_EQ(ErrorOf(model),
            "m.tflite: flatbuffer verification failed (corrupt or truncated "
            "file)");
}

TEST(MalformedModel, RootOffsetOutsideTheFile) {
  std::vector<uint8_t> model = ExampleModel();
  const uint32_t hostile = 0xfffffff0;
  std::memcpy(model.data(), &hostile, 4);
  EXPECT_EQ(ErrorOf(model),
            "m.tflite: flatbuffer verification failed (corrupt or truncated "
            "file)");
}

TEST(MalformedModel, OperatorInputOutOfRange) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].ops[0].inputs = {7};
  EXPECT_EQ(ErrorOf(BuildModel(spec)),
            "m.tflite: subgraph 0 op 0 (RELU): input tensor 7 out of range "
            "(2 tensors)");
}

TEST(MalformedModel, NegativeDimension) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[1].shape = {1, -5};
  EXPECT_EQ(ErrorOf(BuildModel(spec)),
            "m.tflite: subgraph 0 tensor 1 (out): negative dimension -5");
}

TEST(MalformedModel, DimensionsWhoseByteSizeOverflows) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[1].shape = {1 << 30, 1 << 30, 1 << 30};
  EXPECT_EQ(ErrorOf(BuildModel(spec)),
            "m.tflite: subgraph 0 tensor 1 (out): byte size overflows");
}

TEST(MalformedModel, TensorLargerThanTflmCanAddress) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[1].shape = {1 << 20, 1 << 20};
  EXPECT_EQ(ErrorOf(BuildModel(spec)),
            "m.tflite: subgraph 0 tensor 1 (out): 1099511627776 bytes, more "
            "than TFLM's planner can address");
}

TEST(MalformedModel, WhileBodyCallingItself) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].ops[0] = MakeOp(op::kWhile, {0}, {1});
  spec.subgraphs[0].ops[0].subgraphs = {1, 1};
  spec.subgraphs.push_back(hardening::ReluModel().subgraphs[0]);
  spec.subgraphs[1].ops[0] = spec.subgraphs[0].ops[0];
  EXPECT_EQ(ErrorOf(BuildModel(spec)),
            "m.tflite: subgraph 1 op 0 (WHILE): control-flow cycle: "
            "subgraph 1 \u2192 1 (TFLM's AllocateTensors fails)");
}

TEST(MalformedModel, OfflineMetadataWithTheWrongCount) {
  ModelSpec spec = hardening::ReluModel();
  spec.offline_offsets = std::vector<int32_t>{0, 16, 32};
  EXPECT_EQ(ErrorOf(BuildModel(spec)),
            "m.tflite: metadata 0 (OfflineMemoryAllocation): 3 offsets but "
            "the model has 2 tensors (TFLM fails AllocateTensors)");
}

// Found by reading the reader: one tensor table listed a million times with
// a 1000-dim shape would decode to 4 GB from a 4 MB file.
TEST(MalformedModel, SharedTablesCannotAmplifyMemory) {
  const std::vector<uint8_t> model =
      hardening::SharedTensorModel(1'000'000, 1000);
  ASSERT_LT(model.size(), 5u << 20);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorOf(model),
            "m.tflite: tables and vectors are reused so often that decoding "
            "would take more than 32 times the file size (hostile or corrupt "
            "file)");
  EXPECT_LT(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      20.0);
}

TEST(MalformedModel, ModestSharingIsStillRead) {
  EXPECT_EQ(ErrorOf(hardening::SharedTensorModel(1000, 4)), "");
}

// Found by reading the lifetime pass: 2^23 visits of an op with 50 000
// inputs stayed under the op-step bound and would run for hours.
TEST(MalformedModel, ControlFlowBombIsStoppedEarly) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorOf(hardening::CallBombModel(23, 50'000)),
            "m.tflite: control flow makes the lifetime pass visit more than "
            "67108864 tensor references");
  EXPECT_LT(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      20.0);
}

// Found by scripts/corrupt-corpus.sh: a flipped byte in a tensor name made
// the JSON report throw (invalid UTF-8) and the CLI exit 1. Names are now
// read as valid UTF-8, a corrupt byte becoming U+FFFD.
TEST(MalformedModel, InvalidUtf8NamesAreRepaired) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[0].name =
      "a\xff\xc0\xaf"
      "b\xed\xa0\x80";
  spec.subgraphs[0].tensors[1].name = "caf\xc3\xa9 \xf0\x9f\x98\x80";
  spec.subgraphs[0].ops[0] = MakeOp(op::kCustom, {0}, {1});
  spec.subgraphs[0].ops[0].custom_code = "x\xe2\x82";
  const std::vector<uint8_t> bytes = BuildModel(spec);
  const Model model = ReadModel(bytes.data(), bytes.size(), "m.tflite");
  const std::string bad = "\xef\xbf\xbd";
  EXPECT_EQ(model.subgraphs[0].tensors[0].name,
            "a" + bad + bad + bad + "b" + bad + bad + bad);
  EXPECT_EQ(model.subgraphs[0].tensors[1].name, "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(model.subgraphs[0].operators[0].custom_code, "x" + bad + bad);
}

}  // namespace
}  // namespace arenaplan

namespace arenaplan {
namespace {

// Every past fuzz_model finding (tests/hardening/crashers/model-*) is read
// and derived again: an arenaplan::Error or a result, nothing else. In the
// sanitizer build this also catches undefined behaviour, such as the int64
// zero points a hostile file places off their 8-byte alignment.
TEST(MalformedModel, PastFuzzFindingsStayFixed) {
  const std::filesystem::path dir =
      std::filesystem::path(ARENAPLAN_SOURCE_DIR) / "tests/hardening/crashers";
  int read = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("model", 0) != 0) continue;
    const std::string text =
        arenaplan::testing::ReadText(entry.path().string());
    const std::vector<uint8_t> bytes(text.begin(), text.end());
    try {
      const Model model = ReadModel(bytes.data(), bytes.size(), name);
      DeriveBufferList(model, name);
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos)
          << e.what();
    }
    ++read;
  }
  EXPECT_GE(read, 3);
}

}  // namespace
}  // namespace arenaplan
