// The cmsis_nn kernels' scratch rules at their edges, for each CMSIS-NN
// branch (no extension, DSP, MVE) and compiler (TFLM 90b983c2
// kernels/cmsis_nn/*.cc, CMSIS-NN 4ab83cc3 arm_*_get_buffer_size).
#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

constexpr KernelLibrary kPlain = KernelLibrary::kCmsisNn;
constexpr KernelLibrary kDsp = KernelLibrary::kCmsisNnDsp;
constexpr KernelLibrary kMve = KernelLibrary::kCmsisNnMve;
constexpr KernelCompiler kArmclang = KernelCompiler::kArmclang;
constexpr KernelCompiler kGcc = KernelCompiler::kGcc;

OneOpModel Conv(std::vector<int32_t> in, std::vector<int32_t> filter,
                std::vector<int32_t> out, OpOptions options,
                int8_t type = kInt8) {
  OneOpModel m;
  const int32_t i = m.Tensor(in, type);
  const int32_t f = m.Tensor(filter, type == kFloat32 ? kFloat32 : kInt8, true);
  const int32_t b =
      m.Tensor({filter[0]}, type == kInt16 ? kInt64 : kInt32, true);
  const int32_t o = m.Tensor(out, type);
  m.Op(Code("CONV_2D"), {i, f, b}, {o}, options);
  return m;
}

TEST(CmsisNnScratch, ConvIm2colOddChannelsPerBranch) {
  // 3x3 over 3 channels (27 columns), SAME: the general path.
  const OneOpModel m =
      Conv({1, 8, 8, 3}, {5, 3, 3, 3}, {1, 8, 8, 5}, ConvOptions(kSame, 1, 1));
  EXPECT_EQ(Scratch(m, kPlain), Bytes{2 * 28 * 2});  // columns rounded to 4
  EXPECT_EQ(Scratch(m, kDsp), Bytes{112});
  EXPECT_EQ(Scratch(m, kMve), Bytes{4 * 2 * 16});  // two 16-byte registers
  // Batch 2 does not change the im2col buffer.
  EXPECT_EQ(Scratch(Conv({2, 8, 8, 3}, {5, 3, 3, 3}, {2, 8, 8, 5},
                         ConvOptions(kSame, 1, 1)),
                    kDsp),
            Bytes{112});
}

TEST(CmsisNnScratch, ConvInt16AndFloat) {
  const OneOpModel s16 = Conv({1, 8, 8, 3}, {5, 3, 3, 3}, {1, 8, 8, 5},
                              ConvOptions(kSame, 1, 1), kInt16);
  EXPECT_EQ(Scratch(s16, kPlain), Bytes{2 * 27 * 2});
  EXPECT_EQ(Scratch(s16, kDsp), Bytes{108});
  EXPECT_EQ(Scratch(s16, kMve), Bytes{4 * 4 * 8 * 2});
  const OneOpModel f32 = Conv({1, 8, 8, 3}, {5, 3, 3, 3}, {1, 8, 8, 5},
                              ConvOptions(kSame, 1, 1), kFloat32);
  for (KernelLibrary lib : {kPlain, kDsp, kMve}) {
    EXPECT_EQ(Scratch(f32, lib), Bytes{});
  }
}

TEST(CmsisNnScratch, Conv1x1OnlyArmclangDspAsks) {
  for (int32_t padding : {kValid, kSame}) {
    const OneOpModel fast = Conv({1, 8, 8, 6}, {4, 1, 1, 6}, {1, 8, 8, 4},
                                 ConvOptions(padding, 1, 1));
    EXPECT_EQ(Scratch(fast, kPlain), Bytes{});
    EXPECT_EQ(Scratch(fast, kPlain, kArmclang), Bytes{});
    EXPECT_EQ(Scratch(fast, kDsp), Bytes{});  // GCC: arm_convolve_1x1_s8_fast
    EXPECT_EQ(Scratch(fast, kDsp, kArmclang), Bytes{2 * 6 * 2});
    EXPECT_EQ(Scratch(fast, kMve, kArmclang), Bytes{});
  }
  // Stride 2: arm_convolve_1x1_s8, no buffer on any branch.
  const OneOpModel strided =
      Conv({1, 8, 8, 6}, {4, 1, 1, 6}, {1, 4, 4, 4}, ConvOptions(kValid, 2, 2));
  for (KernelLibrary lib : {kPlain, kDsp, kMve}) {
    EXPECT_EQ(Scratch(strided, lib, kArmclang), Bytes{});
  }
}

TEST(CmsisNnScratch, ConvDilationTakesTheGeneralPath) {
  const OneOpModel m = Conv({1, 9, 9, 4}, {2, 3, 3, 4}, {1, 5, 5, 2},
                            ConvOptions(kValid, 1, 1, 2, 2));
  EXPECT_EQ(Scratch(m, kPlain), Bytes{2 * 36 * 2});
  EXPECT_EQ(Scratch(m, kMve), Bytes{4 * 3 * 16});
}

TEST(CmsisNnScratch, Conv1xNOnMve) {
  // One input row, 1x3 filter, 4 channels: arm_convolve_1_x_n_s8.
  const OneOpModel m = Conv({1, 1, 10, 4}, {2, 1, 3, 4}, {1, 1, 8, 2},
                            ConvOptions(kValid, 1, 1));
  EXPECT_EQ(Scratch(m, kPlain), Bytes{2 * 12 * 2});
  EXPECT_EQ(Scratch(m, kMve), Bytes{12});  // max(3 * 4 + 0, 8 + 0)
  // Three channels: stride * channels % 4 != 0, the general MVE path.
  const OneOpModel odd = Conv({1, 1, 10, 3}, {2, 1, 3, 3}, {1, 1, 8, 2},
                              ConvOptions(kValid, 1, 1));
  EXPECT_EQ(Scratch(odd, kPlain), Bytes{2 * 12 * 2});
  EXPECT_EQ(Scratch(odd, kMve), Bytes{64});
}

OneOpModel Depthwise(std::vector<int32_t> in, std::vector<int32_t> filter,
                     std::vector<int32_t> out, int32_t padding,
                     int32_t dilation = 1, int8_t type = kInt8,
                     int8_t filter_type = kInt8) {
  OneOpModel m;
  const int32_t i = m.Tensor(in, type);
  const int32_t f = m.Tensor(filter, filter_type, true);
  const int32_t b = m.Tensor({filter[3]}, kInt32, true);
  const int32_t o = m.Tensor(out, type);
  OpOptions opt = ConvOptions(padding, 1, 1, dilation, dilation);
  opt.type = options_type::kDepthwiseConv2D;
  opt.depth_multiplier = out[3] / in[3];
  m.Op(Code("DEPTHWISE_CONV_2D"), {i, f, b}, {o}, opt);
  return m;
}

TEST(CmsisNnScratch, Depthwise3x3NeedsNoBufferWithoutMve) {
  const OneOpModel m =
      Depthwise({1, 8, 8, 8}, {1, 3, 3, 8}, {1, 8, 8, 8}, kSame);
  EXPECT_EQ(Scratch(m, kPlain), Bytes{});
  EXPECT_EQ(Scratch(m, kDsp), Bytes{});
  EXPECT_EQ(Scratch(m, kMve), Bytes{4 * 124 * 9});
}

TEST(CmsisNnScratch, DepthwiseOptimisedBuffer) {
  const OneOpModel m =
      Depthwise({1, 8, 8, 7}, {1, 5, 5, 7}, {1, 8, 8, 7}, kSame);
  EXPECT_EQ(Scratch(m, kPlain), Bytes{});
  EXPECT_EQ(Scratch(m, kDsp), Bytes{7 * 25 * 2});
  EXPECT_EQ(Scratch(m, kMve), Bytes{4 * 124 * 25});
  // Batch 2 or dilation 2: the generic kernel, no buffer on any branch.
  const OneOpModel batch =
      Depthwise({2, 8, 8, 7}, {1, 5, 5, 7}, {2, 8, 8, 7}, kSame);
  const OneOpModel dilated =
      Depthwise({1, 8, 8, 7}, {1, 3, 3, 7}, {1, 4, 4, 7}, kValid, 2);
  for (KernelLibrary lib : {kPlain, kDsp, kMve}) {
    EXPECT_EQ(Scratch(batch, lib), Bytes{});
    EXPECT_EQ(Scratch(dilated, lib), Bytes{});
  }
}

TEST(CmsisNnScratch, DepthwiseOneInputChannelOnMve) {
  // Depth multiplier 8 from one channel: MVE runs it as a convolution when
  // the output channels exceed 1 (GCC) or 8 (armclang).
  const OneOpModel m =
      Depthwise({1, 8, 8, 1}, {1, 3, 3, 8}, {1, 8, 8, 8}, kSame);
  EXPECT_EQ(Scratch(m, kPlain), Bytes{});
  EXPECT_EQ(Scratch(m, kDsp), Bytes{});
  EXPECT_EQ(Scratch(m, kMve), Bytes{64 + 72});  // im2col + filter copy
  EXPECT_EQ(Scratch(m, kMve, kArmclang), Bytes{});
  // One row in and a 1-row filter: CMSIS-NN reads a stride TFLM never set.
  const OneOpModel row =
      Depthwise({1, 1, 10, 1}, {1, 1, 3, 8}, {1, 1, 8, 8}, kValid);
  EXPECT_EQ(Scratch(row, kMve), std::nullopt);
  EXPECT_EQ(Scratch(row, kPlain), Bytes{});
}

TEST(CmsisNnScratch, DepthwiseInt4AndInt16) {
  const OneOpModel s4 = Depthwise({1, 8, 8, 8}, {1, 3, 3, 8}, {1, 8, 8, 8},
                                  kSame, 1, kInt8, kInt4);
  // The s4 wrapper has no 3x3 exception and uses the DSP size even
  // without DSP.
  EXPECT_EQ(Scratch(s4, kPlain), Bytes{8 * 9 * 2});
  EXPECT_EQ(Scratch(s4, kDsp), Bytes{144});
  EXPECT_EQ(Scratch(s4, kMve), Bytes{4 * 124 * 9});
  const OneOpModel s16 = Depthwise({1, 8, 8, 8}, {1, 5, 5, 8}, {1, 8, 8, 8},
                                   kSame, 1, kInt16, kInt8);
  for (KernelLibrary lib : {kPlain, kDsp, kMve}) {
    EXPECT_EQ(Scratch(s16, lib), Bytes{});
  }
}

OneOpModel FullyConnected(std::vector<int32_t> in, std::vector<int32_t> filter,
                          std::vector<int32_t> out, int8_t type = kInt8,
                          bool const_filter = true, size_t scales = 1) {
  OneOpModel m;
  const int32_t i = m.Tensor(in, type);
  const int32_t f = m.Tensor(filter, kInt8, const_filter, scales);
  const int32_t b =
      m.Tensor({filter[0]}, type == kInt16 ? kInt64 : kInt32, true);
  const int32_t o = m.Tensor(out, type);
  OpOptions opt;
  opt.type = options_type::kFullyConnected;
  opt.keep_num_dims = out.size() > 2;
  m.Op(Code("FULLY_CONNECTED"), {i, f, b}, {o}, opt);
  return m;
}

TEST(CmsisNnScratch, FullyConnectedKernelSumsOnMve) {
  const OneOpModel m = FullyConnected({2, 7}, {3, 7}, {2, 3});
  EXPECT_EQ(Scratch(m, kPlain), Bytes{});
  EXPECT_EQ(Scratch(m, kDsp), Bytes{});
  // Optimised for speed, constant weights: the sums are persistent.
  EXPECT_EQ(Scratch(m, kMve), Bytes{});
  EXPECT_EQ(Scratch(m, kMve, kGcc, KernelOptimization::kSize), Bytes{3 * 4});
  const OneOpModel variable = FullyConnected({2, 7}, {3, 7}, {2, 3}, kInt8,
                                             /*const_filter=*/false);
  EXPECT_EQ(Scratch(variable, kMve), Bytes{12});
  const OneOpModel s16 = FullyConnected({2, 7}, {3, 7}, {2, 3}, kInt16);
  EXPECT_EQ(Scratch(s16, kMve), Bytes{});
}

TEST(CmsisNnScratch, FullyConnectedAsConv1x1) {
  // Output rank 3, accum depth 8: the conv 1x1 path.
  const OneOpModel per_tensor = FullyConnected({1, 5, 8}, {6, 8}, {1, 5, 6});
  EXPECT_EQ(Scratch(per_tensor, kPlain), Bytes{6 * 8});
  EXPECT_EQ(Scratch(per_tensor, kDsp), Bytes{48});
  EXPECT_EQ(Scratch(per_tensor, kDsp, kArmclang), (Bytes{48, 2 * 8 * 2}));
  EXPECT_EQ(Scratch(per_tensor, kMve), Bytes{48});
  const OneOpModel per_channel =
      FullyConnected({1, 5, 8}, {6, 8}, {1, 5, 6}, kInt8, true, 6);
  EXPECT_EQ(Scratch(per_channel, kPlain), Bytes{});
  EXPECT_EQ(Scratch(per_channel, kDsp, kArmclang), Bytes{32});
  // Accum depth 7: not a multiple of 4, the fully connected path.
  EXPECT_EQ(Scratch(FullyConnected({1, 5, 7}, {6, 7}, {1, 5, 6}), kPlain),
            Bytes{});
}

OneOpModel Pool(const char* name, int8_t type) {
  OneOpModel m;
  const int32_t in = m.Tensor({1, 10, 10, 7}, type);
  const int32_t out = m.Tensor({1, 5, 5, 7}, type);
  OpOptions o;
  o.type = options_type::kPool2D;
  o.padding = kValid;
  o.stride_w = o.stride_h = o.filter_w = o.filter_h = 2;
  m.Op(Code(name), {in}, {out}, o);
  return m;
}

TEST(CmsisNnScratch, AveragePoolSumsOnlyWithDsp) {
  for (int8_t type : {kInt8, kInt16}) {
    EXPECT_EQ(Scratch(Pool("AVERAGE_POOL_2D", type), kPlain), Bytes{});
    EXPECT_EQ(Scratch(Pool("AVERAGE_POOL_2D", type), kDsp), Bytes{7 * 4});
    EXPECT_EQ(Scratch(Pool("AVERAGE_POOL_2D", type), kMve), Bytes{});
  }
  EXPECT_EQ(Scratch(Pool("AVERAGE_POOL_2D", kFloat32), kDsp), Bytes{});
  EXPECT_EQ(Scratch(Pool("MAX_POOL_2D", kInt8), kDsp), Bytes{});
}

OneOpModel Svdf(bool const_feature) {
  OneOpModel m;
  const int32_t in = m.Tensor({3, 10}, kInt8);
  const int32_t feature = m.Tensor({12, 10}, kInt8, const_feature);
  const int32_t time = m.Tensor({12, 4}, kInt16, true);
  const int32_t bias = m.Tensor({6}, kInt32, true);
  const int32_t state = m.Variable({3, 48}, kInt16);
  const int32_t out = m.Tensor({3, 6}, kInt8);
  OpOptions o;
  o.type = options_type::kSvdf;
  o.rank = 2;
  m.Op(Code("SVDF"), {in, feature, time, bias, state}, {out}, o);
  return m;
}

TEST(CmsisNnScratch, SvdfKernelSumsOnMve) {
  const Bytes base{3 * 12 * 4, 3 * 6 * 4};
  EXPECT_EQ(Scratch(Svdf(true), kPlain), base);
  EXPECT_EQ(Scratch(Svdf(true), kDsp), base);
  EXPECT_EQ(Scratch(Svdf(true), kMve), base);
  EXPECT_EQ(Scratch(Svdf(true), kMve, kGcc, KernelOptimization::kSize),
            (Bytes{144, 72, 12 * 4}));
  EXPECT_THROW(Scratch(Svdf(false), kMve), Error);
}

OneOpModel TransposeConv(int32_t in_c, int32_t stride, int8_t type = kInt8,
                         int8_t bias_type = kInt32) {
  OneOpModel m;
  const int32_t shape = m.Tensor({4}, kInt32, true);
  const int32_t filter = m.Tensor({8, 3, 3, in_c}, kInt8, true);
  const int32_t in = m.Tensor({1, 4, 4, in_c}, type);
  const int32_t bias = m.Tensor({8}, bias_type, true);
  const int32_t out = m.Tensor({1, 4 * stride, 4 * stride, 8}, type);
  OpOptions o;
  o.type = options_type::kTransposeConv;
  o.padding = kSame;
  o.stride_w = o.stride_h = stride;
  m.Op(Code("TRANSPOSE_CONV"), {shape, filter, in, bias}, {out}, o);
  return m;
}

TEST(CmsisNnScratch, TransposeConvBuffers) {
  // 20 input channels, stride 2: the reverse-convolution path.
  EXPECT_EQ(Scratch(TransposeConv(20, 2), kPlain),
            (Bytes{2 * 180 * 2, 20 * 9 * 8}));
  EXPECT_EQ(Scratch(TransposeConv(20, 2), kMve),
            (Bytes{4 * 12 * 16, 20 * 9 * 8}));
  // 8 channels: column buffer ((4 - 1) * 2 + max(3, 2)) * 8 by max(3, 2)
  // int32s; the reverse buffer is still requested, with 0 bytes.
  EXPECT_EQ(Scratch(TransposeConv(8, 2), kDsp), (Bytes{72 * 3 * 4, 0}));
  // Stride 3: no reverse convolution even with 20 channels.
  EXPECT_EQ(Scratch(TransposeConv(20, 3), kPlain),
            (Bytes{((4 - 1) * 3 + 3) * 8 * 3 * 4, 0}));
  // 16x8 with an int16 bias: output * 8, then the widened bias.
  EXPECT_EQ(Scratch(TransposeConv(8, 2, kInt16, kInt16), kDsp),
            (Bytes{8 * 8 * 8 * 8, 8 * 8}));
}

TEST(CmsisNnScratch, BatchMatmulOnlyOnMve) {
  for (bool adj_y : {false, true}) {
    OneOpModel m;
    const int32_t lhs = m.Tensor({2, 3, 4}, kInt8);
    const int32_t rhs = m.Tensor(
        adj_y ? std::vector<int32_t>{2, 5, 4} : std::vector<int32_t>{2, 4, 5},
        kInt8);
    const int32_t out = m.Tensor({2, 3, 5}, kInt8);
    OpOptions o;
    o.type = options_type::kBatchMatMul;
    o.adj_y = adj_y;
    m.Op(Code("BATCH_MATMUL"), {lhs, rhs}, {out}, o);
    EXPECT_EQ(Scratch(m, kPlain), Bytes{});
    EXPECT_EQ(Scratch(m, kMve), Bytes{5 * 4}) << adj_y;
  }
}

TEST(CmsisNnScratch, LstmThreeBuffersForIntegerModels) {
  EXPECT_EQ(Scratch(Lstm(kInt8, kInt16), kPlain), Bytes(3, 28));
  EXPECT_EQ(Scratch(Lstm(kInt16, kInt16), kMve), Bytes(3, 28));
  EXPECT_EQ(Scratch(Lstm(kFloat32, kFloat32), kDsp), Bytes(4, 56));
}

TEST(CmsisNnScratch, OtherOpsRunTheReferenceKernels) {
  OneOpModel mean;
  const int32_t in = mean.Tensor({1, 4, 4, 8}, kInt8);
  const int32_t axis = mean.Tensor({2}, kInt32, true);
  const int32_t out = mean.Tensor({1, 1, 1, 8}, kInt8);
  mean.Op(Code("MEAN"), {in, axis}, {out});
  EXPECT_EQ(Scratch(mean, kDsp), (Bytes{32, 16, 8}));
  EXPECT_EQ(Scratch(mean, kDsp), Scratch(mean, KernelLibrary::kReference));
  // A custom op no library knows (ethos-u: tests/kernels/ethos_u_test.cc).
  OneOpModel custom;
  custom.Op(Code("CUSTOM"), {custom.Tensor({4}, kInt8)},
            {custom.Tensor({4}, kInt8)}, {}, "VENDOR_NPU");
  EXPECT_EQ(Scratch(custom, kMve), std::nullopt);
}

TEST(CmsisNnScratch, ShapesTflmWouldRejectAreErrors) {
  // A 3-D conv input: TFLM's Prepare reads dims->data[3].
  OneOpModel m;
  const int32_t in = m.Tensor({8, 8, 3}, kInt8);
  const int32_t f = m.Tensor({5, 3, 3, 3}, kInt8, true);
  const int32_t out = m.Tensor({1, 8, 8, 5}, kInt8);
  m.Op(Code("CONV_2D"), {in, f, -1}, {out}, ConvOptions(kSame, 1, 1));
  try {
    Scratch(m, kDsp);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("8x8x3"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace arenaplan
