// FuzzedTemplateModel: one op the kernel libraries have rules for, with
// tensors shaped the way its Prepare reads them, so that the fuzzer spends
// its time in the rules' arithmetic rather than in the reader's refusals.
#include <string>

#include "kernel_recipe.h"
#include "model/builtin_ops.h"

namespace arenaplan::fuzz {
namespace {

// What a tensor slot of an op holds.
enum Kind : char {
  kAct = 'a',     // the op's activation type
  kWeight = 'w',  // a constant filter (int8, int4, int16, float32)
  kBias = 'b',    // a constant bias (int32, int64, int16, float32)
  kIndex = 'i',   // a constant int32 operand (axes, paddings, shapes)
  kState = 's',   // a variable (int16, int8, float32)
  kFloat = 'f',   // float32
  kNone = '-',    // absent (-1)
};

struct Slot {
  char kind;
  int rank;
};

struct Template {
  int32_t code;
  const char* custom;  // for op::kCustom
  uint8_t options;     // BuiltinOptions union type
  const char* inputs;  // "a4w4b1": kind and rank per input
  const char* outputs;
};

constexpr Template kTemplates[] = {
    {op::kConv2d, "", 1, "a4w4b1", "a4"},
    {op::kDepthwiseConv2d, "", 2, "a4w4b1", "a4"},
    {op::kFullyConnected, "", 8, "a2w2b1", "a2"},
    {op::kFullyConnected, "", 8, "a4w2b1", "a4"},
    {1 /* AVERAGE_POOL_2D */, "", 5, "a4", "a4"},
    {17 /* MAX_POOL_2D */, "", 5, "a4", "a4"},
    {25 /* SOFTMAX */, "", 9, "a2", "a2"},
    {op::kSvdf, "", 6, "a2w2w2b1s2", "a2"},
    {op::kUnidirectionalSequenceLstm, "", 71,
     "a3w2w2w2w2w2w2w2w2-0-0-0b1b1b1b1-0-0s2s2-0-0-0-0", "a3"},
    {op::kTransposeConv, "", 49, "i1w4a4b1", "a4"},
    {op::kMean, "", 27, "a4i1", "a4"},
    {op::kSum, "", 27, "a3i1", "a2"},
    {op::kReduceMax, "", 27, "a3i1", "a3"},
    {126 /* BATCH_MATMUL */, "", 101, "a3a3", "a3"},
    {126 /* BATCH_MATMUL */, "", 101, "a4w4", "a4"},
    {op::kMirrorPad, "", 77, "a3i2", "a3"},
    {op::kAddN, "", 0, "a2a2a2", "a2"},
    {op::kCustom, "TFLite_Detection_PostProcess", 0, "f3f3f2", "f3f2f2f1"},
    {op::kCustom, "SignalRfft", 0, "a2", "a2"},
    {op::kCustom, "SignalFilterBank", 0, "a1a1a1i1i1i1", "a1"},
    {op::kCustom, "SignalFilterBankSpectralSubtraction", 0, "a2", "a2a2"},
};

int8_t TypeOf(FuzzedDataProvider& in, char kind, int8_t activation) {
  static constexpr int8_t kWeights[] = {9, 17, 7, 0};
  static constexpr int8_t kBiases[] = {2, 4, 7, 0};
  static constexpr int8_t kStates[] = {7, 9, 0};
  // Now and then any type, to reach the rules' type checks.
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    return in.ConsumeIntegralInRange<int8_t>(0, 18);
  }
  switch (kind) {
    case kAct:
      return activation;
    case kWeight:
      return in.PickValueInArray(kWeights);
    case kBias:
      return in.PickValueInArray(kBiases);
    case kIndex:
      return 2;
    case kState:
      return in.PickValueInArray(kStates);
    default:
      return 0;
  }
}

int32_t AddTensor(FuzzedDataProvider& in, SubgraphSpec& g, Slot slot,
                  int8_t activation) {
  TensorSpec t;
  t.name = "t" + std::to_string(g.tensors.size());
  int rank = slot.rank;
  if (in.ConsumeIntegralInRange<int>(0, 9) == 0) {
    rank += in.ConsumeBool() ? 1 : -1;  // one off: the rules' rank checks
  }
  t.shape.resize(rank < 0 ? 0 : static_cast<size_t>(rank));
  for (int32_t& d : t.shape) d = FuzzedDim(in);
  t.type = TypeOf(in, slot.kind, activation);
  const bool constant =
      slot.kind == kWeight || slot.kind == kBias || slot.kind == kIndex;
  // Now and then the other way round: the rules' IsConstant branches.
  if (constant != (in.ConsumeIntegralInRange<int>(0, 9) == 0)) {
    t.data = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 8));
    if (t.data.empty()) t.data = {1};
  }
  t.is_variable = slot.kind == kState;
  if (slot.kind != kIndex && in.ConsumeIntegralInRange<int>(0, 3) != 0) {
    t.quantization.present = true;
    // Per-channel filters: as many scales as a dim, or any small count.
    size_t scales = 1;
    if (slot.kind == kWeight && !t.shape.empty() && in.ConsumeBool()) {
      const int32_t d = t.shape[in.ConsumeBool() ? 0 : t.shape.size() - 1];
      scales = d > 0 && d <= 4096 ? static_cast<size_t>(d) : 2;
    } else if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
      scales = in.ConsumeIntegralInRange<size_t>(0, 9);
    }
    t.quantization.scale.assign(scales, 0.5f);
    t.quantization.zero_point.assign(
        in.ConsumeIntegralInRange<int>(0, 7) == 0 ? 0 : scales, 0);
    t.quantization.quantized_dimension = in.ConsumeIntegralInRange<int>(0, 3);
  }
  g.tensors.push_back(std::move(t));
  return static_cast<int32_t>(g.tensors.size() - 1);
}

std::vector<Slot> Slots(const char* text) {
  std::vector<Slot> slots;
  for (const char* c = text; c[0] && c[1]; c += 2) {
    slots.push_back({c[0], c[1] - '0'});
  }
  return slots;
}

}  // namespace

ModelSpec FuzzedTemplateModel(FuzzedDataProvider& in) {
  static constexpr int8_t kActivations[] = {9, 7, 0};
  const Template& tpl = in.PickValueInArray(kTemplates);
  const int8_t activation = in.PickValueInArray(kActivations);
  SubgraphSpec g;
  OpSpec op;
  op.code = tpl.code;
  op.custom_code = tpl.custom;
  for (const Slot& slot : Slots(tpl.inputs)) {
    const bool drop = in.ConsumeIntegralInRange<int>(0, 19) == 0;
    op.inputs.push_back(
        slot.kind == kNone || drop ? -1 : AddTensor(in, g, slot, activation));
  }
  for (const Slot& slot : Slots(tpl.outputs)) {
    op.outputs.push_back(AddTensor(in, g, slot, activation));
  }
  op.options = FuzzedOptions(in);
  op.options.type = tpl.options;
  if (tpl.code == op::kCustom && in.ConsumeIntegralInRange<int>(0, 7) != 0) {
    op.custom_options = FuzzedFlexbufferMap(in);
  }
  for (int32_t t : op.inputs) {
    if (t >= 0 && g.tensors[t].data.empty() && !g.tensors[t].is_variable) {
      g.inputs.push_back(t);
    }
  }
  g.outputs = op.outputs;
  g.ops = {std::move(op)};
  return MakeModel({g});
}

}  // namespace arenaplan::fuzz
