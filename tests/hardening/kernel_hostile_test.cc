// Hostile shapes and options through the kernel libraries' rules and the
// device-arena stage: a size that cannot be computed (64-bit overflow,
// negative, beyond what TFLM addresses) is an arenaplan::Error naming the
// op, never a wrapped number; custom options are read as TFLM's AsInt32
// reads them. Findings of fuzz_kernels / fuzz_custom_options (fuzz/).
#include <flatbuffers/flexbuffers.h>
#include <gtest/gtest.h>

#include <limits>

#include "arena/arena_size.h"
#include "hardening_support.h"
#include "kernels/derive_scratch.h"
#include "kernels/kernel_test_support.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

constexpr int32_t kMaxInt = std::numeric_limits<int32_t>::max();

// The error `f` throws (fails the test when it throws none).
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no arenaplan::Error";
  return "";
}

// The list AppendDerivedScratch makes for `library`, or its error.
std::string DeriveError(const Model& model, KernelLibrary library) {
  return ErrorOf([&] {
    BufferList list = DeriveBufferList(model, "m.tflite");
    AppendDerivedScratch(model, list, {library}, "m.tflite");
  });
}

TEST(KernelHostile, CheckedArithmetic) {
  EXPECT_EQ(CheckedMul({kMaxInt, kMaxInt, 2}), 2 * int64_t{kMaxInt} * kMaxInt);
  EXPECT_EQ(CheckedAdd({std::numeric_limits<int64_t>::max(), -1, 1}),
            std::numeric_limits<int64_t>::max());
  EXPECT_NE(ErrorOf([] {
              CheckedMul({kMaxInt, kMaxInt, 4});
            })
                .find("overflows 64-bit arithmetic: 2147483647 x 2147483647 "
                      "x 4"),
            std::string::npos);
  EXPECT_THROW(CheckedAdd({std::numeric_limits<int64_t>::max(), 1}), Error);
}

// A 2^28 x 2^30 constant filter over 1024 input channels: CMSIS-NN's
// im2col size (filter w x h x input channels) is 2^68 bytes.
OneOpModel HugeFilterConv() {
  OneOpModel m;
  const int32_t in = m.Tensor({1, 8, 8, 1024}, kInt8);
  const int32_t filter = m.Tensor({1, 1 << 28, 1 << 30, 1}, kInt8, true);
  const int32_t out = m.Tensor({1, 8, 8, 1}, kInt8);
  m.Op(Code("CONV_2D"), {in, filter, -1}, {out}, ConvOptions(kSame, 1, 1));
  return m;
}

TEST(KernelHostile, OverflowingIm2colIsAnErrorNamingTheOp) {
  const Model model = HugeFilterConv().Read();
  for (KernelLibrary library :
       {KernelLibrary::kCmsisNn, KernelLibrary::kCmsisNnDsp,
        KernelLibrary::kCmsisNnMve}) {
    const std::string error = DeriveError(model, library);
    EXPECT_EQ(error.rfind("m.tflite: subgraph 0 op 0 (CONV_2D): the scratch "
                          "size overflows 64-bit arithmetic",
                          0),
              0u)
        << error;
    // The notes' view of the same op: unknown, with the reason.
    const auto ops = ScratchRequestingOps(model, {library}, "m.tflite");
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_FALSE(ops[0].bytes.has_value());
    EXPECT_NE(ops[0].reason.find("overflows"), std::string::npos);
  }
  // The reference kernel requests nothing for an int8 filter.
  BufferList list = DeriveBufferList(model, "m.tflite");
  AppendDerivedScratch(model, list, {KernelLibrary::kReference}, "m.tflite");
  EXPECT_EQ(list.buffers.size(), list.tensor_count);
}

TEST(KernelHostile, SvdfProductBeyondInt64) {
  OneOpModel m;
  const int32_t in = m.Tensor({kMaxInt, 1}, kInt8);
  const int32_t feature = m.Tensor({kMaxInt, 1}, kInt8, true);
  const int32_t time = m.Tensor({kMaxInt, 1}, kInt16, true);
  const int32_t state = m.Variable({1, 1}, kInt16);
  const int32_t out = m.Tensor({1, 1}, kInt8);
  OpOptions o;
  o.type = options_type::kSvdf;
  o.rank = 1;
  m.Op(Code("SVDF"), {in, feature, time, -1, state}, {out}, o);
  // batch x num_filters x 4 = 2^64: the rule refuses, never wraps.
  const std::string error =
      ErrorOf([&] { Scratch(m, KernelLibrary::kReference); });
  EXPECT_NE(error.find("overflows 64-bit arithmetic"), std::string::npos)
      << error;
}

TEST(KernelHostile, MveOneByNConvWithStrideZero) {
  OneOpModel m;
  const int32_t in = m.Tensor({1, 1, 8, 4}, kInt8);
  const int32_t filter = m.Tensor({2, 1, 3, 4}, kInt8, true);
  const int32_t out = m.Tensor({1, 1, 6, 2}, kInt8);
  m.Op(Code("CONV_2D"), {in, filter, -1}, {out}, ConvOptions(kValid, 0, 1));
  const std::string error =
      ErrorOf([&] { Scratch(m, KernelLibrary::kCmsisNnMve); });
  // Refused before arm_convolve_1_x_n_s8_get_buffer_size_mve divides by it.
  EXPECT_NE(error.find("stride 0x1"), std::string::npos) << error;
  EXPECT_NE(error.find("needs them positive"), std::string::npos) << error;
}

OneOpModel Detection(std::vector<uint8_t> options) {
  return DetectionPostProcess(10, 3, 3, std::move(options));
}

TEST(KernelHostile, NegativeCountFromCustomOptions) {
  const Model model = Detection(Flex([](flexbuffers::Builder& b) {
                        b.Int("max_detections", -3);
                        b.Int("num_classes", 2);
                      })).Read();
  const std::string error = DeriveError(model, KernelLibrary::kReference);
  EXPECT_NE(error.find("m.tflite: subgraph 0 op 0 "
                       "(CUSTOM:TFLite_Detection_PostProcess): requests a "
                       "scratch buffer of -120 bytes"),
            std::string::npos)
      << error;
}

TEST(KernelHostile, FloatOptionOutsideInt64) {
  const Model model = Detection(Flex([](flexbuffers::Builder& b) {
                        b.Double("max_detections", 1e300);
                        b.Int("num_classes", 2);
                      })).Read();
  const std::string error = DeriveError(model, KernelLibrary::kEspNnS3);
  EXPECT_NE(error.find("custom option max_detections is the float"),
            std::string::npos)
      << error;
}

TEST(KernelHostile, OptionsNarrowedToInt32AsTflmReadsThem) {
  // fft_length 2^32 + 512: TFLM's ElementAsInt32 reads 512.
  OneOpModel m;
  const int32_t in = m.Tensor({1, 400}, kInt16);
  const int32_t out = m.Tensor({1, 514}, kInt16);
  m.Op(Code("CUSTOM"), {in}, {out}, {}, "SignalRfft",
       Flex([](flexbuffers::Builder& b) {
         b.Int("T", kInt16);
         b.Int("fft_length", (int64_t{1} << 32) + 512);
       }));
  EXPECT_EQ(Scratch(m, KernelLibrary::kReference), Bytes{512 * 2});
}

// The arena stage of a model whose list is complete (reference kernels).
RouteArena Arena(const Model& model) {
  BufferList list = DeriveBufferList(model, "m.tflite");
  AppendDerivedScratch(model, list, {KernelLibrary::kReference}, "m.tflite");
  return RouteArenaOf(model, list, ArenaRoute::kStock, TflmGreedyHead(list),
                      Abi::kCortexM, {KernelLibrary::kReference}, "m.tflite");
}

TEST(KernelHostile, NegativeChannelCountInInit) {
  OneOpModel m;
  const int32_t in = m.Tensor({1, 8}, kInt32);
  const int32_t out = m.Tensor({1, 8}, kInt32);
  m.Op(Code("CUSTOM"), {in}, {out}, {}, "SignalFilterBankSpectralSubtraction",
       Flex([](flexbuffers::Builder& b) { b.Int("num_channels", -5); }));
  const Model model = m.Read();
  const std::string error = ErrorOf([&] { Arena(model); });
  EXPECT_EQ(error.rfind("m.tflite: init of subgraph 0 op 0 "
                        "(SignalFilterBankSpectralSubtraction): "
                        "kernel_persistent of -20 bytes",
                        0),
            0u)
      << error;
}

TEST(KernelHostile, VariableBeyondWhatTflmAddresses) {
  OneOpModel m;
  const int32_t in = m.Tensor({1, 4}, kFloat32);
  const int32_t state = m.Variable({1 << 20, 1 << 12}, kFloat32);  // 16 GiB
  const int32_t out = m.Tensor({1, 4}, kFloat32);
  m.Op(Code("ADD"), {in, state}, {out});
  const std::string error = ErrorOf([&] { Arena(m.Read()); });
  EXPECT_NE(error.find("memory_planning: variable_tensor of 17179869184 bytes"),
            std::string::npos)
      << error;
}

TEST(KernelHostile, AssignVariableWithoutResourceIsNotModelled) {
  OneOpModel m;
  const int32_t value = m.Tensor({1, 4}, kFloat32);
  m.Op(Code("ASSIGN_VARIABLE"), {-1, value}, {});
  const RouteArena r = Arena(m.Read());
  EXPECT_FALSE(r.allocation.exact());
  ASSERT_EQ(r.allocation.unmodelled.size(), 1u);
  EXPECT_NE(r.allocation.unmodelled[0].find("ASSIGN_VARIABLE"),
            std::string::npos);
}

// The CLI: one error line naming the op, exit 3, nothing written; without
// --kernels the list assumes the reference kernels and the note names the
// op whose size cannot be computed for the other libraries.
TEST(KernelHostile, CliRefusesWithOneLine) {
  const std::string dir = TempDir("kernel_hostile");
  const std::string model = dir + "/m.tflite";
  WriteFile(model, HugeFilterConv().Build());
  for (const char* command : {"buffers", "plan"}) {
    const auto r = hardening::RunCliLimited(
        {command, model, "--kernels", "cmsis-nn-dsp"}, 60);
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(hardening::LineCount(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("(CONV_2D): the scratch size overflows"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
  }
  const auto r = hardening::RunCliLimited({"buffers", model}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("overflows"), std::string::npos) << r.err;
  EXPECT_EQ(hardening::DirectoryEntries(dir),
            std::vector<std::string>{"m.tflite"});
}

}  // namespace
}  // namespace arenaplan
