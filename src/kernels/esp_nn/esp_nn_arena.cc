// The esp_nn kernels' Init and Prepare arena calls (esp-tflite-micro
// 99f49e14, tensorflow/lite/micro/kernels/esp_nn/). Its TFLM core matches
// upstream 09656354, whose shared kernel helpers (conv_common.cc,
// depthwise_conv_common.cc, softmax_common.cc) and micro_allocator.cc are
// byte-identical to TFLM 90b983c2's. NodeData sizes were measured by
// compiling the structs with g++ 12.2 x86-64 (80 and 88 B, as the
// ground-truth README states) and arm-none-eabi-g++ 12.2.
#include "kernels/esp_nn/esp_nn_arena.h"

#include "kernels/op_facts.h"
#include "kernels/reference/reference_arena.h"
#include "kernels/reference/reference_arena_common.h"
#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

namespace code = op;  // BuiltinOperator values (schema.fbs)
namespace rc = reference_common;

// conv.cc / depthwise_conv.cc NodeData: OpDataConv (56 / 72) and an int
// buffer_idx.
constexpr AbiSize kConvNodeData{60, 80};
// softmax.cc NodeData: SoftmaxParams (56 / 80, 8-aligned) and an int
// buffer_idx.
constexpr AbiSize kSoftmaxNodeData{64, 88};

// conv.cc and depthwise_conv.cc, Init and Prepare: as upstream's
// ConvPrepare / DepthwiseConvPrepare, per-channel arrays of the filter's
// quantized dimension (conv 0, depthwise 3) for every input type, then
// CalculateOpDataConv / CalculateOpDataDepthwiseConv and the int4 and
// ESP-NN scratch requests. Conv frees output, input, filter; depthwise
// input, filter, output.
std::optional<KernelArenaUse> ConvOrDepthwise(const OpView& op, Abi abi,
                                              bool depthwise) {
  if (op.input(0) < 0 || op.input(1) < 0 || op.output(0) < 0) {
    return std::nullopt;
  }
  const int64_t channels = DimOrNone(op, op.input(1), depthwise ? 3 : 0);
  if (channels < 0) return std::nullopt;
  KernelArenaUse use;
  ArenaCalls(op, use.init).Persistent(kConvNodeData.On(abi));
  ArenaCalls p(op, use.prepare);
  const int32_t h_output = p.Output(0);
  const int32_t h_input = p.Input(0);
  const int32_t h_filter = p.Input(1);
  rc::PerChannelArrays(p, channels);
  if (depthwise) {
    rc::CalculateOpDataDepthwiseConv(p);
    p.Free({h_input, h_filter, h_output});
  } else {
    rc::CalculateOpDataConv(p);
    p.Free({h_output, h_input, h_filter});
  }
  return use;
}

// softmax.cc, Init and Prepare: CalculateSoftmaxParams (softmax_common.cc),
// then the ESP-NN scratch for int8 -> int8.
std::optional<KernelArenaUse> Softmax(const OpView& op, Abi abi) {
  if (op.input(0) < 0 || op.output(0) < 0) return std::nullopt;
  KernelArenaUse use;
  ArenaCalls(op, use.init).Persistent(kSoftmaxNodeData.On(abi));
  ArenaCalls p(op, use.prepare);
  const int32_t h_input = p.Input(0);
  const int32_t h_output = p.Output(0);
  rc::CalculateSoftmaxParams(p, TypeOf(op, op.input(0)));
  p.Free({h_input, h_output});
  return use;
}

}  // namespace

bool EspNnOverridesArena(int32_t builtin_code) {
  return builtin_code == code::kConv2d ||
         builtin_code == code::kDepthwiseConv2d ||
         builtin_code == code::kSoftmax;
}

std::optional<KernelArenaUse> EspNnOwnArena(const OpView& op, Abi abi) {
  switch (op.op().kernel_code) {
    case code::kConv2d:
      return ConvOrDepthwise(op, abi, false);
    case code::kDepthwiseConv2d:
      return ConvOrDepthwise(op, abi, true);
    case code::kSoftmax:
      return Softmax(op, abi);
    default:
      return std::nullopt;
  }
}

std::optional<KernelArenaUse> EspNnArena(const OpView& op,
                                         const KernelOptions& options,
                                         Abi abi) {
  if (!EspNnOverridesArena(op.op().kernel_code)) {
    return ReferenceArena(op, options, abi);
  }
  return EspNnOwnArena(op, abi);
}

const char* EspNnArenaAbiCaveat(Abi abi) {
  if (abi == Abi::kHost64) return nullptr;
  return "ESP-NN kernels run on ESP32 (Xtensa); this is the 32-bit Arm EABI "
         "layout, which ESP32's ILP32 ABI is expected to share but which was "
         "checked against real ESP-NN builds only with --target host64";
}

}  // namespace arenaplan
