// The ESP-NN scratch rules on one-op models built in code. Each expected
// size is worked out by hand from the formulas in
// ../shared/corpus/tflm-traces-esp-nn/README.md and docs/kernels.md (esp-nn
// 1.2.3), at both sides of every case boundary of the S3 size functions.
#include "kernels/esp_nn/esp_nn_scratch.h"

#include <gtest/gtest.h>

#include "kernels/derive_scratch.h"
#include "kernels/esp_nn/esp_nn_sizes.h"
#include "kernels/reference/reference_scratch.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

constexpr int32_t kSame = 0, kValid = 1;
constexpr int32_t kSoftmaxCode = 25, kMeanCode = 40;
constexpr uint8_t kConvOptions = 1, kDepthwiseOptions = 2, kSoftmaxOptions = 9;

ModelQuantization Quantized() {
  ModelQuantization q;
  q.present = true;
  q.scale = {0.5f};
  q.zero_point = {0};
  return q;
}

// A CONV_2D (depthwise: DEPTHWISE_CONV_2D) model: input [1,H,W,C], filter
// [Cout,fh,fw,C] (depthwise: [1,fh,fw,C*mult]) constant, bias, output
// `out` given by hand.
struct Conv {
  bool depthwise = false;
  std::vector<int32_t> in;      // N,H,W,C
  std::vector<int32_t> filter;  // as stored
  std::vector<int32_t> out;     // N,H,W,C
  int32_t padding = kValid;
  int32_t stride = 1;
  int32_t mult = 1;
  int8_t type = tensor_type::kInt8;
  int8_t filter_type = tensor_type::kInt8;
};

std::vector<uint8_t> ConvModel(const Conv& c) {
  SubgraphSpec sg;
  const int32_t out_c = c.out[3];
  TensorSpec filter{"filter", c.filter, c.filter_type, false, {}, Quantized()};
  filter.data.assign(static_cast<size_t>(ElementCount(c.filter)) /
                         (c.filter_type == tensor_type::kInt4 ? 2 : 1),
                     1);
  TensorSpec bias{"bias", {out_c}, tensor_type::kInt32, false, {}, {}};
  bias.data.assign(static_cast<size_t>(out_c) * 4, 0);
  sg.tensors = {{"input", c.in, c.type, false, {}, Quantized()},
                filter,
                bias,
                {"output", c.out, c.type, false, {}, Quantized()}};
  sg.inputs = {0};
  sg.outputs = {3};
  OpSpec op =
      MakeOp(c.depthwise ? op::kDepthwiseConv2d : op::kConv2d, {0, 1, 2}, {3});
  op.options.type = c.depthwise ? kDepthwiseOptions : kConvOptions;
  op.options.padding = c.padding;
  op.options.stride_w = op.options.stride_h = c.stride;
  op.options.depth_multiplier = c.depthwise ? c.mult : 0;
  sg.ops = {op};
  return BuildModel(MakeModel({sg}));
}

// What EspNnScratch gives op 0 of the model: bytes asked (not rounded).
std::optional<std::vector<int64_t>> Requests(const std::vector<uint8_t>& bytes,
                                             KernelLibrary library,
                                             int32_t op = 0) {
  const Model model = ReadModel(bytes.data(), bytes.size(), "model.tflite");
  const auto shapes = PreparedShapes(model, "model.tflite");
  KernelOptions options;
  options.library = library;
  return EspNnScratch(OpView{&model, &shapes[0], 0, op}, options, nullptr);
}

std::vector<int64_t> S3(const Conv& c) {
  const auto r = Requests(ConvModel(c), KernelLibrary::kEspNnS3);
  EXPECT_TRUE(r.has_value());
  return r.value_or(std::vector<int64_t>{-1});
}

Conv Conv2d(std::vector<int32_t> in, int32_t fh, int32_t fw, int32_t cout,
            std::vector<int32_t> out, int32_t padding, int32_t stride = 1) {
  Conv c;
  c.filter = {cout, fh, fw, in[3]};
  c.in = std::move(in);
  c.out = std::move(out);
  c.padding = padding;
  c.stride = stride;
  return c;
}

Conv Depthwise(std::vector<int32_t> in, int32_t fh, int32_t fw, int32_t mult,
               std::vector<int32_t> out, int32_t padding, int32_t stride = 1) {
  Conv c;
  c.depthwise = true;
  c.filter = {1, fh, fw, in[3] * mult};
  c.in = std::move(in);
  c.out = std::move(out);
  c.padding = padding;
  c.stride = stride;
  c.mult = mult;
  return c;
}

using V = std::vector<int64_t>;

// Case 1: 1x1 filter, no padding, stride 1: input copy W*H*C8 when Cin %
// 8 != 0, filter copy C8*Cout, transpose 16*C8 unless W*H < 8, margin 64.
TEST(EspNnS3Conv, OneByOneNoPadStrideOne) {
  // Cin 12: C8 16; 4x4 input: 256 + 80 + 256 + 64.
  EXPECT_EQ(S3(Conv2d({1, 4, 4, 12}, 1, 1, 5, {1, 4, 4, 5}, kValid)), V{656});
  // Cin 16 (a multiple of 8): no input copy: 80 + 256 + 64.
  EXPECT_EQ(S3(Conv2d({1, 4, 4, 16}, 1, 1, 5, {1, 4, 4, 5}, kValid)), V{400});
  // W*H = 8: transpose counted; W*H = 6 < 8: not.
  EXPECT_EQ(S3(Conv2d({1, 4, 2, 16}, 1, 1, 5, {1, 4, 2, 5}, kValid)), V{400});
  EXPECT_EQ(S3(Conv2d({1, 3, 2, 16}, 1, 1, 5, {1, 3, 2, 5}, kValid)), V{144});
  // SAME padding of a 1x1 filter at stride 1 is 0: the same case.
  EXPECT_EQ(S3(Conv2d({1, 4, 4, 12}, 1, 1, 5, {1, 4, 4, 5}, kSame)), V{656});
}

// Stride 2 leaves case 1: a 1x1 window of 12 bytes (< 16) is no im2col
// window either, so the general case: no padding (VALID), filter
// 1*1*C16*Cout = 16*5, rows 16*1*5, no boundary padding (2*2+0-4 = 0),
// 4*Cout, 64.
TEST(EspNnS3Conv, OneByOneStrideTwoIsGeneral) {
  EXPECT_EQ(S3(Conv2d({1, 4, 4, 12}, 1, 1, 5, {1, 2, 2, 5}, kValid, 2)),
            V{80 + 80 + 20 + 64});
}

// Case 2, im2col: fw*Cin < 16 and fw*fh*Cin >= 16; L = window rounded to
// 16: 4*Cout + 16 + Cout*L + 16 + L + 64.
TEST(EspNnS3Conv, Im2col) {
  // 3x3, Cin 3: row 9, window 27, L 32, Cout 8: 32+16+256+16+32+64.
  EXPECT_EQ(S3(Conv2d({1, 6, 6, 3}, 3, 3, 8, {1, 4, 4, 8}, kValid)), V{416});
  // 5x2 (fh 2, fw 5), Cin 3: row 15, window 30, L 32, Cout 2.
  EXPECT_EQ(S3(Conv2d({1, 6, 6, 3}, 2, 5, 2, {1, 5, 2, 2}, kValid)),
            V{8 + 16 + 64 + 16 + 32 + 64});
  // 5x1 window of 15 bytes (< 16): no im2col, the general case: filter
  // 5*1*16*2 = 160, rows 16*1*2 = 32, no boundary padding, 8, 64.
  EXPECT_EQ(S3(Conv2d({1, 6, 6, 3}, 1, 5, 2, {1, 6, 2, 2}, kValid)),
            V{160 + 32 + 8 + 64});
}

// Case 3, general: padded input (W+2pw)(H+2ph)Cin when padded, fw*fh*C16*
// Cout, (fw*Cin rounded to 16)*fh*Cout, boundary (W+pr)(H+pb)Cin when pr
// or pb > 0, 4*Cout, 64.
TEST(EspNnS3Conv, General) {
  // 3x3 Cin 16 Cout 4, 8x8 SAME stride 1: pad 1; pr = pb = 8+3-1-8 = 2.
  // 1600 + 576 + 576 + 1600 + 16 + 64.
  EXPECT_EQ(S3(Conv2d({1, 8, 8, 16}, 3, 3, 4, {1, 8, 8, 4}, kSame)), V{4432});
  // VALID stride 1: no padding, pr = 6+2-8 = 0: 576 + 576 + 16 + 64.
  EXPECT_EQ(S3(Conv2d({1, 8, 8, 16}, 3, 3, 4, {1, 6, 6, 4}, kValid)), V{1232});
  // VALID stride 2 on 9x9: no padding, but pr = pb = 4*2+2-9 = 1:
  // boundary 10*10*16 = 1600.
  EXPECT_EQ(S3(Conv2d({1, 9, 9, 16}, 3, 3, 4, {1, 4, 4, 4}, kValid, 2)),
            V{576 + 576 + 1600 + 16 + 64});
  // VALID stride 2 on 8x8: pr = 3*2+2-8 = 0, no boundary term.
  EXPECT_EQ(S3(Conv2d({1, 8, 8, 16}, 3, 3, 4, {1, 3, 3, 4}, kValid, 2)),
            V{1232});
  // Cin 20: C16 32, rows 60 -> 64: 9*32*2 + 64*3*2 + 8 + 64.
  EXPECT_EQ(S3(Conv2d({1, 5, 5, 20}, 3, 3, 2, {1, 3, 3, 2}, kValid)),
            V{576 + 384 + 8 + 64});
}

// mult 1, C % 16 == 0, 3x3: F + padded input + 16 (a 3-row strip when the
// padded input is over 40 KiB), F + 16 without padding.
TEST(EspNnS3Depthwise, ThreeByThreeMultipleOf16) {
  // 8x8 C16 SAME: pad 1: 10*10*16 = 1600 <= 40 KiB: 144 + 1600 + 16.
  EXPECT_EQ(S3(Depthwise({1, 8, 8, 16}, 3, 3, 1, {1, 8, 8, 16}, kSame)),
            V{1760});
  // 38 wide, 62 high: (40*64)*16 = 40960, exactly 40 KiB: full input.
  EXPECT_EQ(S3(Depthwise({1, 62, 38, 16}, 3, 3, 1, {1, 62, 38, 16}, kSame)),
            V{144 + 40960 + 16});
  // 63 high: 40*65*16 = 41600 > 40 KiB: strip 40*3*16 = 1920.
  EXPECT_EQ(S3(Depthwise({1, 63, 38, 16}, 3, 3, 1, {1, 63, 38, 16}, kSame)),
            V{144 + 1920 + 16});
  // VALID stride 1: nothing overhangs: F + 16.
  EXPECT_EQ(S3(Depthwise({1, 8, 8, 16}, 3, 3, 1, {1, 6, 6, 16}, kValid)),
            V{160});
  // VALID stride 2, 7 high and 9 wide: out 3x4, overhang 1 and 1:
  // 10*8*16 = 1280.
  EXPECT_EQ(S3(Depthwise({1, 7, 9, 16}, 3, 3, 1, {1, 3, 4, 16}, kValid, 2)),
            V{144 + 1280 + 16});
  // SAME stride 2 on 8x8 pads 0 (+1 after): the overhang 4*2+2-8 = 2 is
  // counted instead: 10*10*16.
  EXPECT_EQ(S3(Depthwise({1, 8, 8, 16}, 3, 3, 1, {1, 4, 4, 16}, kSame, 2)),
            V{1760});
}

TEST(EspNnS3Depthwise, ThreeByThreeOtherMultiplesOf8) {
  // C 24 (>= 12): C16 32, pad 1 + overhang 6+2-6 = 2 each side: 10*10*32,
  // output 6*6*32: 288 + 3200 + 1152 + 64.
  EXPECT_EQ(S3(Depthwise({1, 6, 6, 24}, 3, 3, 1, {1, 6, 6, 24}, kSame)),
            V{4704});
  // C 8: 2*(F + W*H*C) + 32 = 2*(72 + 288) + 32.
  EXPECT_EQ(S3(Depthwise({1, 6, 6, 8}, 3, 3, 1, {1, 6, 6, 8}, kSame)), V{752});
}

// mult 1, C % 8 == 0, not 3x3: 2*(F + W*H*C) + 32 up to 48 KiB, else
// tiled 2*F + 2*W*fh*C + 32.
TEST(EspNnS3Depthwise, OtherFiltersAndTiling) {
  // 5x5 C8 10x10: 2*(200 + 800) + 32.
  EXPECT_EQ(S3(Depthwise({1, 10, 10, 8}, 5, 5, 1, {1, 6, 6, 8}, kValid)),
            V{2032});
  // 1x1 C16, 5 high 307 wide: 2*(16 + 24560) = 49152, exactly 48 KiB.
  EXPECT_EQ(S3(Depthwise({1, 5, 307, 16}, 1, 1, 1, {1, 5, 307, 16}, kValid)),
            V{49152 + 32});
  // 6 high: 2*(16 + 29472) > 48 KiB: 32 + 2*307*1*16 + 32.
  EXPECT_EQ(S3(Depthwise({1, 6, 307, 16}, 1, 1, 1, {1, 6, 307, 16}, kValid)),
            V{32 + 9824 + 32});
}

// mult 1, C > 3, C % 8 != 0: channels padded to 8; int16 filter, int16
// input, int8 output, three int32 arrays, 16-aligned, + 16.
TEST(EspNnS3Depthwise, ChannelsPaddedTo8) {
  // C 5, 3x3, 4x4 SAME: filter 144 at 0, input 256 at 144, output 128 at
  // 400, arrays 96 at 528: 624 + 16.
  EXPECT_EQ(S3(Depthwise({1, 4, 4, 5}, 3, 3, 1, {1, 4, 4, 5}, kSame)), V{640});
  // C 4 is still this case: filter 9*8*2 = 144, input 4*4*8*2 = 256,
  // output 128: the same layout.
  EXPECT_EQ(S3(Depthwise({1, 4, 4, 4}, 3, 3, 1, {1, 4, 4, 4}, kSame)), V{640});
  // C 3 is not: the fallback 32.
  EXPECT_EQ(S3(Depthwise({1, 4, 4, 3}, 3, 3, 1, {1, 4, 4, 3}, kSame)), V{32});
}

TEST(EspNnS3Depthwise, MultipliersAndFallback) {
  // mult 4: 2*(F + W*H*C) + 32 with F = 9*2*4 = 72, input 50.
  EXPECT_EQ(S3(Depthwise({1, 5, 5, 2}, 3, 3, 4, {1, 5, 5, 8}, kSame)), V{276});
  // mult 8 is a multiple of 4 too: F = 9*2*8 = 144.
  EXPECT_EQ(S3(Depthwise({1, 5, 5, 2}, 3, 3, 8, {1, 5, 5, 16}, kSame)),
            V{2 * (144 + 50) + 32});
  // mult 2: the fallback.
  EXPECT_EQ(S3(Depthwise({1, 5, 5, 2}, 3, 3, 2, {1, 5, 5, 4}, kSame)), V{32});
}

// Dims the C code's int arithmetic cannot hold: reported as unknown, never
// a wrapped size; dims are read as uint16_t (65536 + 4 is 4).
TEST(EspNnS3Sizes, OverflowIsUnknownAndDimsAreUint16) {
  EspNnConvArgs a;
  a.input_w = a.input_h = a.input_c = 60000;
  a.filter_w = a.filter_h = 60000;
  a.output_w = a.output_h = a.output_c = 60000;
  a.stride_w = a.stride_h = 1;
  a.ch_mult = 60000;
  EXPECT_EQ(EspNnS3ConvScratchSize(a), std::nullopt);
  EXPECT_EQ(EspNnS3DepthwiseScratchSize(a), std::nullopt);
  // The 1x1 case of OneByOneNoPadStrideOne with Cin 65536 + 12.
  EspNnConvArgs b;
  b.input_w = b.input_h = 4;
  b.input_c = 65536 + 12;
  b.filter_w = b.filter_h = 1;
  b.output_w = b.output_h = 4;
  b.output_c = 5;
  b.stride_w = b.stride_h = 1;
  EXPECT_EQ(EspNnS3ConvScratchSize(b), 656);
}

// Only the S3 conv and depthwise size functions return anything: the
// generic-optimised (_opt) and ANSI ones are 0, so nothing is requested.
TEST(EspNnScratch, ConvOnlyOnS3) {
  for (const Conv& c :
       {Conv2d({1, 8, 8, 16}, 3, 3, 4, {1, 8, 8, 4}, kSame),
        Depthwise({1, 8, 8, 16}, 3, 3, 1, {1, 8, 8, 16}, kSame)}) {
    const auto bytes = ConvModel(c);
    EXPECT_EQ(Requests(bytes, KernelLibrary::kEspNn), V{});
    EXPECT_EQ(Requests(bytes, KernelLibrary::kEspNnAnsi), V{});
  }
}

// Scratch only for int8 input; int16 convolution asks for none.
TEST(EspNnScratch, Int16ConvRequestsNothing) {
  Conv c = Conv2d({1, 8, 8, 16}, 3, 3, 4, {1, 8, 8, 4}, kSame);
  c.type = tensor_type::kInt16;
  EXPECT_EQ(Requests(ConvModel(c), KernelLibrary::kEspNnS3), V{});
}

// An int4 filter: upstream's unpack scratch (the filter's element count)
// first, then the ESP-NN request.
TEST(EspNnScratch, Int4FilterThenEspNn) {
  Conv c = Conv2d({1, 8, 8, 16}, 3, 3, 4, {1, 8, 8, 4}, kSame);
  c.filter_type = tensor_type::kInt4;
  const auto bytes = ConvModel(c);
  EXPECT_EQ(Requests(bytes, KernelLibrary::kEspNnS3), (V{576, 4432}));
  EXPECT_EQ(Requests(bytes, KernelLibrary::kEspNnAnsi), V{576});
}

std::vector<uint8_t> SoftmaxModel(std::vector<int32_t> shape, int8_t type) {
  SubgraphSpec sg;
  sg.tensors = {{"input", shape, type, false, {}, Quantized()},
                {"output", shape, type, false, {}, Quantized()}};
  sg.inputs = {0};
  sg.outputs = {1};
  OpSpec op = MakeOp(kSoftmaxCode, {0}, {1});
  op.options.type = kSoftmaxOptions;
  op.options.beta = 1;
  sg.ops = {op};
  return BuildModel(MakeModel({sg}));
}

// int8 SOFTMAX: 4 x dims[1] on esp-nn and esp-nn-s3, nothing on ANSI.
TEST(EspNnScratch, Softmax) {
  const auto flat = SoftmaxModel({1, 10}, tensor_type::kInt8);
  EXPECT_EQ(Requests(flat, KernelLibrary::kEspNn), V{40});
  EXPECT_EQ(Requests(flat, KernelLibrary::kEspNnS3), V{40});
  EXPECT_EQ(Requests(flat, KernelLibrary::kEspNnAnsi), V{});
  // dims[1] of a 4-D input is H, not the innermost dimension.
  EXPECT_EQ(Requests(SoftmaxModel({1, 5, 7, 3}, tensor_type::kInt8),
                     KernelLibrary::kEspNn),
            V{20});
  EXPECT_EQ(Requests(SoftmaxModel({1, 10}, tensor_type::kInt16),
                     KernelLibrary::kEspNn),
            V{});
  // A rank-1 input makes the kernel read past its dims: TFLM's Prepare
  // reads garbage there, so the rule refuses the op.
  EXPECT_THROW(
      Requests(SoftmaxModel({10}, tensor_type::kInt8), KernelLibrary::kEspNn),
      Error);
}

// Ops the fork does not override get the reference kernel's rule.
TEST(EspNnScratch, OtherOpsAreReference) {
  SubgraphSpec sg;
  TensorSpec axis{
      "axis", {2}, tensor_type::kInt32, false, {1, 0, 0, 0, 2, 0, 0, 0}, {}};
  sg.tensors = {
      {"input", {1, 4, 4, 8}, tensor_type::kInt8, false, {}, Quantized()},
      axis,
      {"output", {1, 8}, tensor_type::kInt8, false, {}, Quantized()}};
  sg.inputs = {0};
  sg.outputs = {2};
  sg.ops = {MakeOp(kMeanCode, {0, 1}, {2})};
  const auto bytes = BuildModel(MakeModel({sg}));
  const Model model = ReadModel(bytes.data(), bytes.size(), "model.tflite");
  const auto shapes = PreparedShapes(model, "model.tflite");
  const OpView view{&model, &shapes[0], 0, 0};
  const auto reference = ReferenceScratch(view, KernelOptions{}, nullptr);
  for (KernelLibrary library : {KernelLibrary::kEspNn, KernelLibrary::kEspNnS3,
                                KernelLibrary::kEspNnAnsi}) {
    EXPECT_EQ(Requests(bytes, library), reference);
  }
}

// The whole path: the request becomes a scratch buffer of the op's
// lifetime, rounded up to 16, named after the ESP-NN function.
TEST(EspNnScratch, AppendedToTheBufferList) {
  const auto bytes =
      ConvModel(Depthwise({1, 5, 5, 2}, 3, 3, 4, {1, 5, 5, 8}, kSame));
  const Model model = ReadModel(bytes.data(), bytes.size(), "model.tflite");
  BufferList list = DeriveBufferList(model, "model.tflite");
  KernelOptions options;
  options.library = KernelLibrary::kEspNnS3;
  AppendDerivedScratch(model, list, options, "model.tflite");
  ASSERT_EQ(list.buffers.size(), list.tensor_count + 1);
  const ModelBuffer& b = list.buffers.back();
  EXPECT_EQ(b.kind, BufferKind::kScratch);
  EXPECT_EQ(b.size, 288);  // 276 rounded up
  EXPECT_EQ(b.first, list.op_lifetimes[0][0].first);
  EXPECT_EQ(b.last, list.op_lifetimes[0][0].last);
  EXPECT_NE(b.name.find("esp32s3"), std::string::npos) << b.name;
}

}  // namespace
}  // namespace arenaplan
