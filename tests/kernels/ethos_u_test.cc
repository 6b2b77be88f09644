// TFLM's Ethos-U co-processor kernel (kernels/ethos_u/ethosu.cc) on one-op
// Vela-style models: its two scratch requests per op, their order and
// sizes, the Prepare refusals, its Init/Prepare arena use, which libraries
// link it, and the "not checked against a real build" statement.
#include "kernels/ethos_u/ethos_u.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "arena/allocate_tensors.h"
#include "arena_rule_support.h"
#include "kernel_test_support.h"
#include "kernels/scratch_source.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using namespace testing;      // NOLINT(build/namespaces)
constexpr int8_t kUInt8 = 3;  // TensorType UINT8 (schema.fbs)

// Vela's custom options: a flexbuffer holding the co-processor type (1).
std::vector<uint8_t> VelaOptions() {
  flexbuffers::Builder b;
  b.Int(1);
  b.Finish();
  return b.GetBuffer();
}

// An "ethos-u" op as Vela lays it out: command stream, weights, arena
// scratch, fast scratch, then `inputs` model inputs (-1 where `absent`
// says so) and `outputs` outputs.
OneOpModel Vela(int inputs, int outputs, bool with_options = true,
                int absent = -1) {
  OneOpModel m;
  std::vector<int32_t> in = {
      m.Tensor({96}, kUInt8, true, 0), m.Tensor({2048}, kUInt8, true, 0),
      m.Tensor({4096}, kUInt8, false, 0), m.Tensor({512}, kUInt8, false, 0)};
  for (int k = 0; k < inputs; ++k) {
    in.push_back(k == absent ? -1 : m.Tensor({1, 8, 8, 3}, kInt8));
  }
  std::vector<int32_t> out;
  for (int k = 0; k < outputs; ++k) out.push_back(m.Tensor({1, 10}, kInt8));
  m.Op(Code("CUSTOM"), in, out, {}, kEthosUCustomCode,
       with_options ? VelaOptions() : std::vector<uint8_t>{});
  return m;
}

const KernelLibrary kWithEthosU[] = {
    KernelLibrary::kReference, KernelLibrary::kCmsisNn,
    KernelLibrary::kCmsisNnDsp, KernelLibrary::kCmsisNnMve};

std::string ScratchError(const OneOpModel& m, KernelLibrary library) {
  try {
    Scratch(m, library);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(EthosUScratch, UInt64ThenSizeTPerInputAndOutput) {
  // n = inputs + outputs: 8 n bytes of base addresses, then 4 n of sizes.
  for (const auto& [inputs, outputs] :
       std::vector<std::pair<int, int>>{{1, 1}, {1, 2}, {3, 4}, {0, 0}}) {
    const int64_t n = 4 + inputs + outputs;
    for (KernelLibrary library : kWithEthosU) {
      std::vector<std::string> why;
      EXPECT_EQ(Scratch(Vela(inputs, outputs), library, KernelCompiler::kGcc,
                        KernelOptimization::kSpeed, &why),
                (Bytes{8 * n, 4 * n}))
          << KernelLibraryName(library) << " n=" << n;
      ASSERT_EQ(why.size(), 2u);
      EXPECT_NE(why[0].find("uint64_t"), std::string::npos) << why[0];
      EXPECT_NE(why[1].find("size_t"), std::string::npos) << why[1];
    }
  }
}

TEST(EthosUScratch, AnAbsentOptionalInputIsCounted) {
  // node->inputs->size counts the -1 entries too: 4 + 3 inputs + 1 output.
  EXPECT_EQ(Scratch(Vela(3, 1, true, /*absent=*/1), KernelLibrary::kCmsisNnDsp),
            (Bytes{64, 32}));
}

TEST(EthosUScratch, EspNnBuildsHaveNoEthosU) {
  for (KernelLibrary library : {KernelLibrary::kEspNn, KernelLibrary::kEspNnS3,
                                KernelLibrary::kEspNnAnsi}) {
    EXPECT_FALSE(LinksEthosU(library));
    std::vector<std::string> why;
    EXPECT_EQ(Scratch(Vela(1, 1), library, KernelCompiler::kGcc,
                      KernelOptimization::kSpeed, &why),
              std::nullopt);
    EXPECT_EQ(why, std::vector<std::string>{kNoEthosU});
  }
  for (KernelLibrary library : kWithEthosU) EXPECT_TRUE(LinksEthosU(library));
}

TEST(EthosUScratch, PrepareRefusalsAreNamed) {
  const std::string no_options =
      ScratchError(Vela(1, 1, false), KernelLibrary::kCmsisNnDsp);
  EXPECT_NE(no_options.find("without custom options; TFLM's Prepare rejects"),
            std::string::npos)
      << no_options;
  OneOpModel no_inputs;
  no_inputs.Op(Code("CUSTOM"), {}, {no_inputs.Tensor({4}, kInt8)}, {},
               kEthosUCustomCode, VelaOptions());
  const std::string empty = ScratchError(no_inputs, KernelLibrary::kReference);
  EXPECT_NE(empty.find("without inputs; TFLM's Prepare rejects"),
            std::string::npos)
      << empty;
  OneOpModel no_stream;
  no_stream.Op(Code("CUSTOM"), {-1, no_stream.Tensor({4}, kInt8)},
               {no_stream.Tensor({4}, kInt8)}, {}, kEthosUCustomCode,
               VelaOptions());
  EXPECT_NE(ScratchError(no_stream, KernelLibrary::kCmsisNn)
                .find("input 0 (the Ethos-U command stream) is absent"),
            std::string::npos);
  // Through the buffer list: the one-line error names the op.
  const Model model = Vela(1, 1, false).Read();
  BufferList list = DeriveBufferList(model, "m.tflite");
  KernelOptions options;
  options.library = KernelLibrary::kCmsisNnDsp;
  try {
    AppendDerivedScratch(model, list, options, "m.tflite");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "m.tflite: subgraph 0 op 0 (CUSTOM:ethos-u): an ethos-u op "
                  "without custom options",
                  0),
              0u)
        << e.what();
  }
}

TEST(EthosUScratch, RowsRoundedWithTheOpsLifetime) {
  const Model model = Vela(1, 2).Read();  // n = 7: 56 -> 64, 28 -> 32
  BufferList list = DeriveBufferList(model, "m.tflite");
  const size_t tensors = list.buffers.size();
  KernelOptions options;
  options.library = KernelLibrary::kCmsisNnDsp;
  AppendDerivedScratch(model, list, options, "m.tflite");
  ASSERT_EQ(list.buffers.size(), tensors + 2);
  for (size_t k = 0; k < 2; ++k) {
    const ModelBuffer& b = list.buffers[tensors + k];
    EXPECT_EQ(b.kind, BufferKind::kScratch);
    EXPECT_EQ(b.size, k == 0 ? 64 : 32);
    EXPECT_EQ(b.first, list.op_lifetimes[0][0].first);
    EXPECT_EQ(b.last, list.op_lifetimes[0][0].last);
  }
}

// Ethos-U in a library whose rules are otherwise checked against real
// builds makes the list unverified, and the outputs say so.
TEST(EthosUScratch, MarkedDerivedFromSourceNotChecked) {
  const Model model = Vela(1, 1).Read();
  const auto ops = UnverifiedOps(model, KernelLibrary::kCmsisNnDsp);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].op_name, "CUSTOM:ethos-u");
  // MVE is unverified as a whole; ESP-NN has no Ethos-U.
  EXPECT_TRUE(UnverifiedOps(model, KernelLibrary::kCmsisNnMve).empty());
  EXPECT_TRUE(UnverifiedOps(model, KernelLibrary::kEspNn).empty());
  BufferList list = DeriveBufferList(model, "m.tflite");
  ScratchChoice choice;
  choice.library = KernelLibrary::kReference;
  const ScratchSource source = CompleteScratch(model, list, choice, "m");
  EXPECT_FALSE(source.verified);
  ASSERT_EQ(source.notes.size(), 1u);
  EXPECT_NE(source.notes[0].find("CUSTOM:ethos-u op 0 (TFLM's Ethos-U "
                                 "co-processor kernel"),
            std::string::npos)
      << source.notes[0];
  EXPECT_NE(DescribeScratchSource(source).find(
                "derived from source, not checked against a real build"),
            std::string::npos);
  // Without an ethos-u op the same library stays verified.
  OneOpModel relu;
  relu.Op(Code("RELU"), {relu.Tensor({4}, kInt8)}, {relu.Tensor({4}, kInt8)});
  const Model plain = relu.Read();
  BufferList plain_list = DeriveBufferList(plain, "r");
  EXPECT_TRUE(CompleteScratch(plain, plain_list, choice, "r").verified);
}

ArenaOneOpModel ArenaVela(bool with_options = true) {
  ArenaOneOpModel m;
  const int32_t stream = m.Tensor({96}, kUInt8, 0, true);
  const int32_t in = m.Tensor({1, 8, 8, 3}, kInt8, 1);
  const int32_t out = m.Tensor({1, 10}, kInt8, 1);
  ModelOperator& op = m.Op(Code("CUSTOM"), {stream, in}, {out});
  op.custom_code = kEthosUCustomCode;
  op.has_custom_options = with_options;
  return m;
}

TEST(EthosUArena, OpDataThenScratchThenTheCommandStreamsTempTensor) {
  KernelOptions options;
  for (KernelLibrary library : kWithEthosU) {
    options.library = library;
    for (Abi abi : {Abi::kCortexM, Abi::kHost64}) {
      const auto use = ArenaRuleOf(library)(ArenaVela().View(), options, abi);
      ASSERT_TRUE(use.has_value()) << KernelLibraryName(library);
      EXPECT_EQ(use->rejects, "");
      EXPECT_EQ(PersistentBytes(use->init), V64({12}));  // three ints
      EXPECT_EQ(PersistentBytes(use->prepare), V64{});
      // n = 3: uint64_t each, then size_t each (8 bytes on LP64).
      EXPECT_EQ(ScratchBytes(use->prepare),
                V64({24, abi == Abi::kHost64 ? 24 : 12}));
      EXPECT_EQ(TempTensors(use->prepare), V32({0}));
      EXPECT_EQ(FreedTensors(use->prepare), V32({0}));
    }
  }
  options.library = KernelLibrary::kEspNn;
  EXPECT_FALSE(ArenaRuleOf(KernelLibrary::kEspNn)(ArenaVela().View(), options,
                                                  Abi::kCortexM));
}

TEST(EthosUArena, MissingCustomOptionsRejectedAfterInit) {
  KernelOptions options;
  options.library = KernelLibrary::kCmsisNnDsp;
  const auto use = EthosUArena(ArenaVela(false).View(), options, Abi::kCortexM);
  ASSERT_TRUE(use.has_value());
  EXPECT_NE(use->rejects.find("without custom options"), std::string::npos);
  EXPECT_EQ(PersistentBytes(use->init), V64({12}));
  EXPECT_TRUE(use->prepare.empty());
}

// Through the AllocateTensors replay: the 12-byte OpData at 16-byte
// alignment in Init, one temporary TfLiteTensor (32 B on Cortex-M, no
// quantization) taken and freed in Prepare, and an exact answer.
TEST(EthosUArena, ReplayedByAllocateTensors) {
  const Model model = Vela(1, 1).Read();
  BufferList list = DeriveBufferList(model, "m.tflite");
  KernelOptions options;
  options.library = KernelLibrary::kCmsisNnDsp;
  AppendDerivedScratch(model, list, options, "m.tflite");
  ArenaSetup setup;
  setup.kernels = options;
  setup.record_events = true;
  const AllocateTensorsResult a =
      SimulateAllocateTensors(model, list, setup, "m.tflite");
  EXPECT_TRUE(a.exact());
  std::vector<std::string> rows;
  for (const ArenaEvent& e : a.events) {
    if (e.op != 0 || (e.phase != "init" && e.phase != "prepare")) continue;
    rows.push_back(e.phase + " " + e.kind + " " + e.what + " " +
                   std::to_string(e.size) + "/" + std::to_string(e.alignment));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "init persistent kernel_persistent 12/16",
                      "prepare temp temp_TfLiteTensor 32/4",
                      "prepare temp_free temp_TfLiteTensor 0/0"}));
}

}  // namespace
}  // namespace arenaplan
