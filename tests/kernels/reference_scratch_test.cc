// The reference kernels' scratch rules at their edges (TFLM 90b983c2
// kernels/*.cc Prepare), on one-op models from the model builder.
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

constexpr KernelLibrary kRef = KernelLibrary::kReference;

OneOpModel Conv(int32_t code, int8_t filter_type) {
  OneOpModel m;
  const int32_t in = m.Tensor({1, 8, 8, 3}, kInt8);
  const int32_t filter = m.Tensor({5, 3, 3, 3}, filter_type, true);
  const int32_t out = m.Tensor({1, 8, 8, 5}, kInt8);
  m.Op(code, {in, filter, -1}, {out}, ConvOptions(kSame, 1, 1));
  return m;
}

TEST(ReferenceScratch, Int4FiltersAreUnpackedIntoScratch) {
  for (const char* name : {"CONV_2D", "DEPTHWISE_CONV_2D"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(Scratch(Conv(Code(name), kInt8), kRef), Bytes{});
    // FlatSize(filter) = 5 * 3 * 3 * 3 = 135 bytes (odd: TFLM rounds later).
    EXPECT_EQ(Scratch(Conv(Code(name), kInt4), kRef), Bytes{135});
  }
  OneOpModel fc;
  const int32_t in = fc.Tensor({2, 7}, kInt8);
  const int32_t w = fc.Tensor({3, 7}, kInt4, true);
  const int32_t out = fc.Tensor({2, 3}, kInt8);
  fc.Op(Code("FULLY_CONNECTED"), {in, w, -1}, {out});
  EXPECT_EQ(Scratch(fc, kRef), Bytes{21});
}

OneOpModel TransposeConv(int8_t type, int8_t bias_type) {
  OneOpModel m;
  const int32_t shape = m.Tensor({4}, kInt32, true);
  const int32_t filter = m.Tensor({6, 3, 3, 4}, kInt8, true);
  const int32_t in = m.Tensor({2, 5, 5, 4}, type);
  const int32_t bias =
      bias_type == tflite_type::kNoType ? -1 : m.Tensor({6}, bias_type, true);
  const int32_t out = m.Tensor({2, 10, 10, 6}, type);
  OpOptions o;
  o.type = options_type::kTransposeConv;
  o.stride_w = o.stride_h = 2;
  m.Op(Code("TRANSPOSE_CONV"), {shape, filter, in, bias}, {out}, o);
  return m;
}

TEST(ReferenceScratch, TransposeConvAccumulatorsByType) {
  // Output 2x10x10x6 = 1200 elements (batch 2).
  EXPECT_EQ(Scratch(TransposeConv(kInt8, kInt32), kRef), Bytes{1200 * 4});
  EXPECT_EQ(Scratch(TransposeConv(kInt16, kInt64), kRef), Bytes{1200 * 8});
  // 16x8 with a 16-bit bias: the bias widened to int64 as well.
  EXPECT_EQ(Scratch(TransposeConv(kInt16, kInt16), kRef),
            (Bytes{1200 * 8, 6 * 8}));
  EXPECT_EQ(Scratch(TransposeConv(kFloat32, kFloat32), kRef), Bytes{});
  EXPECT_EQ(Scratch(TransposeConv(kInt16, tflite_type::kNoType), kRef),
            Bytes{1200 * 8});
}

OneOpModel Reduce(const char* name, int8_t type, std::vector<int32_t> axis) {
  OneOpModel m;
  const int32_t in = m.Tensor({2, 3, 5, 7}, type);
  const int32_t ax = m.Tensor(axis, kInt32, true);
  const int32_t out = m.Tensor({2, 1, 1, 7}, type);
  OpOptions o;
  o.type = options_type::kReducer;
  o.keep_dims = true;
  m.Op(Code(name), {in, ax}, {out}, o);
  return m;
}

TEST(ReferenceScratch, Reductions) {
  // MEAN/SUM int8 and int16: int32 sums per output element (14), then the
  // input iterator (rank 4) and the resolved axes (2).
  for (const char* name : {"MEAN", "SUM"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(Scratch(Reduce(name, kInt8, {2}), kRef),
              (Bytes{14 * 4, 4 * 4, 2 * 4}));
    EXPECT_EQ(Scratch(Reduce(name, kInt16, {2}), kRef),
              (Bytes{14 * 4, 4 * 4, 2 * 4}));
    EXPECT_EQ(Scratch(Reduce(name, kFloat32, {2}), kRef),
              (Bytes{4 * 4, 2 * 4}));
  }
  // A scalar axis counts one element.
  EXPECT_EQ(Scratch(Reduce("REDUCE_MAX", kInt8, {}), kRef),
            (Bytes{4 * 4, 1 * 4}));
  EXPECT_EQ(Scratch(Reduce("REDUCE_MIN", kFloat32, {3}), kRef),
            (Bytes{4 * 4, 3 * 4}));
  constexpr int8_t kBool = 6;
  EXPECT_EQ(Scratch(Reduce("REDUCE_ALL", kBool, {2}), kRef),
            (Bytes{4 * 4, 2 * 4}));
}

OneOpModel Svdf(int8_t type, int32_t batch, int32_t rank) {
  OneOpModel m;
  const int8_t weight = type == kInt8 ? kInt8 : kFloat32;
  const int32_t in = m.Tensor({batch, 10}, type);
  const int32_t feature = m.Tensor({12, 10}, weight, true);
  const int32_t time =
      m.Tensor({12, 4}, type == kInt8 ? kInt16 : kFloat32, true);
  const int32_t bias =
      m.Tensor({12 / rank}, type == kInt8 ? kInt32 : kFloat32, true);
  const int32_t state =
      m.Variable({batch, 4 * 12}, type == kInt8 ? kInt16 : kFloat32);
  const int32_t out = m.Tensor({batch, 12 / rank}, type);
  OpOptions o;
  o.type = options_type::kSvdf;
  o.rank = rank;
  m.Op(Code("SVDF"), {in, feature, time, bias, state}, {out}, o);
  return m;
}

TEST(ReferenceScratch, SvdfByTypeBatchAndRank) {
  // int8: batch * num_filters * 4 and batch * num_units * 4.
  EXPECT_EQ(Scratch(Svdf(kInt8, 1, 1), kRef), (Bytes{48, 48}));
  EXPECT_EQ(Scratch(Svdf(kInt8, 3, 2), kRef), (Bytes{3 * 12 * 4, 3 * 6 * 4}));
  EXPECT_EQ(Scratch(Svdf(kFloat32, 3, 2), kRef), Bytes{3 * 12 * 4});
  // A rank that does not divide the filters: TFLM's Prepare fails.
  EXPECT_THROW(Scratch(Svdf(kInt8, 1, 5), kRef), Error);
}

TEST(ReferenceScratch, AddNPointerTables) {
  for (int8_t type : {kFloat32, kInt8, kInt32}) {
    OneOpModel m;
    const int32_t a = m.Tensor({4}, type);
    const int32_t b = m.Tensor({4}, type);
    const int32_t c = m.Tensor({4}, type);
    const int32_t out = m.Tensor({4}, type);
    m.Op(Code("ADD_N"), {a, b, c}, {out});
    // One 32-bit pointer per input; int32 ADD_N needs none.
    EXPECT_EQ(Scratch(m, kRef), type == kInt32 ? Bytes{} : Bytes{12});
  }
}

TEST(ReferenceScratch, MirrorPadTwoDimsTables) {
  OneOpModel m;
  const int32_t in = m.Tensor({3, 4, 5}, kInt8);
  const int32_t pad = m.Tensor({3, 2}, kInt32, true);
  const int32_t out = m.Tensor({5, 6, 7}, kInt8);
  OpOptions o;
  o.type = options_type::kMirrorPad;
  m.Op(Code("MIRROR_PAD"), {in, pad}, {out}, o);
  EXPECT_EQ(Scratch(m, kRef), (Bytes{12, 12}));
}

TEST(ReferenceScratch, LstmFourGateBuffers) {
  // Batch 2 (dim 0), state 7, int16 cell: 2 * 7 * 2 = 28 bytes each.
  EXPECT_EQ(Scratch(Lstm(kInt8, kInt16, false), kRef), Bytes(4, 28));
  // Time major: batch is dim 1 (3).
  EXPECT_EQ(Scratch(Lstm(kInt8, kInt16, true), kRef), Bytes(4, 3 * 7 * 2));
  EXPECT_EQ(Scratch(Lstm(kFloat32, kFloat32, false), kRef), Bytes(4, 56));
  EXPECT_THROW(Scratch(Lstm(kInt8, kInt8, false), kRef), Error);
}

OneOpModel DetectionPostProcess(std::vector<uint8_t> custom_options) {
  return testing::DetectionPostProcess(100, 91, 10, std::move(custom_options));
}

TEST(ReferenceScratch, DetectionPostProcessElevenBuffers) {
  const auto got = Scratch(DetectionPostProcess(FlexInts(
                               {{"max_detections", 10}, {"num_classes", 90}})),
                           kRef);
  // num_boxes 100, class predictions 100 x 91.
  EXPECT_EQ(got, (Bytes{100, 1600, 100 * 91 * 4, 400, 400, 4000, 4000, 400,
                        4000, 90 * 100 * 4, 10 * 100 * 4}));
  // Without options TFLM's Init cannot run: arenaplan says it does not know.
  std::vector<std::string> why;
  EXPECT_EQ(Scratch(DetectionPostProcess({}), kRef, KernelCompiler::kGcc,
                    KernelOptimization::kSpeed, &why),
            std::nullopt);
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("custom options"), std::string::npos) << why[0];
}

TEST(ReferenceScratch, SignalRfftWorkArea) {
  for (const auto& [type, element] :
       {std::pair<int, int>{kInt16, 2}, {kInt32, 4}, {kFloat32, 4}}) {
    OneOpModel m;
    const int32_t in = m.Tensor({3, 400}, static_cast<int8_t>(type));
    const int32_t out = m.Tensor({3, 514}, static_cast<int8_t>(type));
    // Keys sorted: "T" < "fft_length", so fft_length is value 1.
    m.Op(Code("CUSTOM"), {in}, {out}, {}, "SignalRfft",
         FlexInts({{"T", type}, {"fft_length", 512}}));
    EXPECT_EQ(Scratch(m, kRef), Bytes{512 * element}) << type;
  }
}

TEST(ReferenceScratch, KnownZeroUnknownAndCustom) {
  OneOpModel relu;
  relu.Op(Code("RELU"), {relu.Tensor({4}, kInt8)}, {relu.Tensor({4}, kInt8)});
  EXPECT_EQ(Scratch(relu, kRef), Bytes{});
  OneOpModel window;
  window.Op(Code("CUSTOM"), {window.Tensor({4}, kInt16)},
            {window.Tensor({4}, kInt16)}, {}, "SignalWindow");
  EXPECT_EQ(Scratch(window, kRef), Bytes{});
  // TILE and an unknown custom op have no reference kernel in TFLM's
  // resolver: never a silent zero.
  std::vector<std::string> why;
  OneOpModel tile;
  tile.Op(Code("TILE"), {tile.Tensor({4}, kInt8)}, {tile.Tensor({4}, kInt8)});
  EXPECT_EQ(Scratch(tile, kRef, KernelCompiler::kGcc,
                    KernelOptimization::kSpeed, &why),
            std::nullopt);
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("no kernel"), std::string::npos) << why[0];
  OneOpModel custom;
  custom.Op(Code("CUSTOM"), {custom.Tensor({4}, kInt8)},
            {custom.Tensor({4}, kInt8)}, {}, "MyVendorOp");
  EXPECT_EQ(Scratch(custom, kRef), std::nullopt);
}

}  // namespace
}  // namespace arenaplan
