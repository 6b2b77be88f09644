// AppendDerivedScratch and ScratchRequestingOps: request order, TFLM's
// rounding and lifetimes, and the errors for ops arenaplan cannot derive.
#include "kernels/derive_scratch.h"

#include <gtest/gtest.h>

#include "kernel_test_support.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

using namespace testing;  // NOLINT(build/namespaces)
using tensor_type::kInt32;
using tensor_type::kInt8;

TensorSpec T(std::vector<int32_t> shape, int8_t type = kInt8,
             std::vector<uint8_t> data = {}) {
  TensorSpec t;
  t.shape = std::move(shape);
  t.type = type;
  t.data = std::move(data);
  return t;
}

// input -> RELU -> MEAN (int8, two axes) -> RELU -> output.
SubgraphSpec MeanChain() {
  SubgraphSpec g;
  g.tensors = {T({1, 4, 4, 8}), T({1, 4, 4, 8}), T({2}, kInt32, {1, 0, 0, 0}),
               T({1, 1, 1, 8}), T({1, 1, 1, 8})};
  g.inputs = {0};
  g.outputs = {4};
  g.ops = {MakeOp(Code("RELU"), {0}, {1}), MakeOp(Code("MEAN"), {1, 2}, {3}),
           MakeOp(Code("RELU"), {3}, {4})};
  return g;
}

Model Read(const ModelSpec& spec) {
  const std::vector<uint8_t> bytes = BuildModel(spec);
  return ReadModel(bytes.data(), bytes.size(), "m.tflite");
}

std::string ErrorOf(const Model& model, KernelLibrary library) {
  BufferList list = DeriveBufferList(model, "m.tflite");
  KernelOptions options;
  options.library = library;
  try {
    AppendDerivedScratch(model, list, options, "m.tflite");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(DeriveScratch, AppendsRoundedRequestsWithTheOpsLifetime) {
  const Model model = Read(MakeModel({MeanChain()}));
  BufferList list = DeriveBufferList(model, "m.tflite");
  const size_t tensors = list.buffers.size();
  list.scratch_ops = ScratchRequestingOps(model, {}, "m.tflite");
  AppendDerivedScratch(model, list, {}, "m.tflite");
  ASSERT_EQ(list.buffers.size(), tensors + 3);
  // 32, 16 and 8 bytes asked: 32, 16, 16 passed; MEAN is op 1, step 2.
  const int64_t sizes[] = {32, 16, 16};
  for (size_t k = 0; k < 3; ++k) {
    const ModelBuffer& b = list.buffers[tensors + k];
    EXPECT_EQ(b.kind, BufferKind::kScratch);
    EXPECT_EQ(b.index, static_cast<int32_t>(k));
    EXPECT_EQ(b.size, sizes[k]);
    EXPECT_EQ(b.first, 2);
    EXPECT_EQ(b.last, 2);
  }
  EXPECT_EQ(list.buffers[tensors].name, "MEAN op 1: int32 accumulators");
  EXPECT_FALSE(list.scratch_recorded);
  EXPECT_TRUE(list.scratch_ops.empty());
}

TEST(DeriveScratch, ScratchRequestingOpsNamesOpsAndBytes) {
  const Model model = Read(MakeModel({MeanChain()}));
  const auto ops = ScratchRequestingOps(model, {}, "m.tflite");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].op, 1);
  EXPECT_EQ(ops[0].op_name, "MEAN");
  EXPECT_EQ(ops[0].bytes, 64);
  EXPECT_EQ(ops[0].requests, 3);
  EXPECT_EQ(ops[0].reason, "int32 accumulators, input iterator, resolved axes");
}

TEST(DeriveScratch, UnknownOpsAreListedAndRefused) {
  SubgraphSpec g = MeanChain();
  g.ops[2] = MakeOp(Code("CUSTOM"), {3}, {4});
  g.ops[2].custom_code = "VendorOp";
  const Model model = Read(MakeModel({g}));
  const auto ops = ScratchRequestingOps(model, {}, "m.tflite");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[1].op_name, "CUSTOM:VendorOp");
  EXPECT_EQ(ops[1].bytes, std::nullopt);
  EXPECT_EQ(ErrorOf(model, KernelLibrary::kCmsisNnDsp),
            "m.tflite: subgraph 0 op 2 (CUSTOM:VendorOp): arenaplan does not "
            "know which scratch buffers its cmsis-nn-dsp kernel requests "
            "(TFLM's reference op resolver (micro_mutable_op_resolver.h) has "
            "no kernel for it); record them with --recorded");
}

TEST(DeriveScratch, PrepareFailuresNameTheOp) {
  SubgraphSpec g = MeanChain();
  g.tensors[1].shape = {4, 4, 8};
  g.tensors[0].shape = {4, 4, 8};
  g.tensors.push_back(T({5, 3, 3, 8}, kInt8, {0}));
  g.ops[0] = MakeOp(Code("CONV_2D"), {0, 5}, {1});
  g.ops[0].options = ConvOptions(kSame, 1, 1);
  const Model model = Read(MakeModel({g}));
  const std::string error = ErrorOf(model, KernelLibrary::kCmsisNn);
  EXPECT_EQ(error.rfind("m.tflite: subgraph 0 op 0 (CONV_2D): tensor 0 has "
                        "shape 4x4x8",
                        0),
            0u)
      << error;
  // The reference CONV_2D reads no dims for its scratch: no error there,
  // and ScratchRequestingOps never throws for an op.
  EXPECT_EQ(ErrorOf(model, KernelLibrary::kReference), "");
  KernelOptions cmsis;
  cmsis.library = KernelLibrary::kCmsisNn;
  const auto ops = ScratchRequestingOps(model, cmsis, "m.tflite");
  ASSERT_FALSE(ops.empty());
  EXPECT_EQ(ops[0].bytes, std::nullopt);
}

TEST(DeriveScratch, ScratchInASubgraphNeverRunIsRefused) {
  SubgraphSpec main = MeanChain();
  SubgraphSpec orphan = MeanChain();
  EXPECT_EQ(ErrorOf(Read(MakeModel({main, orphan})), KernelLibrary::kReference),
            "m.tflite: subgraph 1 op 1 (MEAN) requests scratch in Prepare but "
            "its subgraph is never run: TFLM leaves that scratch buffer's size "
            "undefined");
}

TEST(DeriveScratch, CorruptSizesAreErrorsNotOverflows) {
  // A 16x8 TRANSPOSE_CONV whose 2^28-element output needs 2^31 bytes of
  // int64 accumulators: more than AddBuffer's int can hold.
  SubgraphSpec g;
  g.tensors = {T({4}, kInt32, {0}), T({1, 3, 3, 1}, kInt8, {0}),
               T({1, 8192, 8192, 1}, tensor_type::kInt16),
               T({1, 16384, 16384, 1}, tensor_type::kInt16)};
  g.inputs = {2};
  g.outputs = {3};
  g.ops = {MakeOp(Code("TRANSPOSE_CONV"), {0, 1, 2}, {3})};
  g.ops[0].options.type = options_type::kTransposeConv;
  g.ops[0].options.stride_w = g.ops[0].options.stride_h = 2;
  const std::string error =
      ErrorOf(Read(MakeModel({g})), KernelLibrary::kReference);
  EXPECT_NE(error.find("requests a scratch buffer of 2147483648 bytes"),
            std::string::npos)
      << error;
  // Products beyond 2^60 stop with an error instead of overflowing.
  EXPECT_THROW(Mul(int64_t{1} << 40, int64_t{1} << 30), Error);
  EXPECT_EQ(Mul(3, 5, 7), 105);
  // A stride of 0 (options missing) is refused, not divided by.
  SubgraphSpec conv;
  conv.tensors = {T({1, 1, 8, 4}), T({2, 1, 3, 4}, kInt8, {0}),
                  T({1, 1, 6, 2})};
  conv.inputs = {0};
  conv.outputs = {2};
  conv.ops = {MakeOp(Code("CONV_2D"), {0, 1}, {2})};
  EXPECT_NE(ErrorOf(Read(MakeModel({conv})), KernelLibrary::kCmsisNnMve)
                .find("stride 0x0"),
            std::string::npos);
}

TEST(DeriveScratch, OnlyMveIsUnverified) {
  for (KernelLibrary library : AllKernelLibraries()) {
    EXPECT_EQ(KernelLibraryVerified(library),
              library != KernelLibrary::kCmsisNnMve)
        << KernelLibraryName(library);
  }
}

}  // namespace
}  // namespace arenaplan
