#include "kernel_recipe.h"

#include <flatbuffers/flexbuffers.h>

#include <limits>
#include <set>
#include <string>

#include "model/builtin_ops.h"

namespace arenaplan::fuzz {

const char* const kCustomCodes[] = {
    "SignalRfft",
    "SignalFilterBank",
    "SignalFilterBankSpectralSubtraction",
    "SignalWindow",
    "SignalEnergy",
    "SignalPCAN",
    "SignalFftAutoScale",
    "SignalFilterBankSquareRoot",
    "SignalFilterBankLog",
    "SignalIrfft",
    "TFLite_Detection_PostProcess",
    "CIRCULAR_BUFFER",
    "UnknownCustomOp",
};
const size_t kCustomCodeCount = sizeof(kCustomCodes) / sizeof(kCustomCodes[0]);

namespace {

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

}  // namespace

int32_t FuzzedDim(FuzzedDataProvider& in) {
  static constexpr int32_t kHostile[] = {0,     -1,          65535,     65536,
                                         46341, 1 << 20,     kInt32Max, 2,
                                         3,     1 << 16 | 1, 1 << 30,   124};
  if (in.ConsumeBool()) return in.ConsumeIntegralInRange<int32_t>(1, 40);
  if (in.ConsumeBool()) return in.PickValueInArray(kHostile);
  return in.ConsumeIntegral<int32_t>();
}

namespace {

// An option field: small (incl. 0 and negative) or any int32.
int32_t Field(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) return in.ConsumeIntegralInRange<int32_t>(-2, 8);
  return in.ConsumeIntegral<int32_t>();
}

int64_t FlexInt(FuzzedDataProvider& in) {
  static constexpr int64_t kHostile[] = {0,
                                         1,
                                         -1,
                                         2,
                                         512,
                                         kInt32Max,
                                         -kInt32Max,
                                         1LL << 31,
                                         1LL << 32,
                                         std::numeric_limits<int64_t>::max(),
                                         std::numeric_limits<int64_t>::min()};
  if (in.ConsumeBool()) return in.ConsumeIntegralInRange<int64_t>(-4, 1024);
  if (in.ConsumeBool()) return in.PickValueInArray(kHostile);
  return in.ConsumeIntegral<int64_t>();
}

}  // namespace

OpOptions FuzzedOptions(FuzzedDataProvider& in) {
  static constexpr uint8_t kTypes[] = {0,  1,  2,  5,  6,  8,   9,  10,
                                       11, 14, 17, 21, 23, 27,  28, 29,
                                       49, 59, 64, 71, 77, 101, 111};
  OpOptions o;
  o.type = in.PickValueInArray(kTypes);
  o.padding = in.ConsumeIntegralInRange<int32_t>(-1, 2);
  o.stride_w = Field(in);
  o.stride_h = Field(in);
  o.dilation_w = Field(in);
  o.dilation_h = Field(in);
  o.depth_multiplier = Field(in);
  o.filter_w = Field(in);
  o.filter_h = Field(in);
  o.activation = in.ConsumeIntegralInRange<int32_t>(0, 6);
  o.rank = Field(in);
  o.axis = Field(in);
  o.count = Field(in);
  o.batch_dims = Field(in);
  o.weights_format = in.ConsumeIntegralInRange<int32_t>(0, 2);
  o.mirror_pad_mode = in.ConsumeIntegralInRange<int32_t>(0, 2);
  o.quantized_bias_type = in.ConsumeIntegralInRange<int8_t>(0, 10);
  o.keep_dims = in.ConsumeBool();
  o.keep_num_dims = in.ConsumeBool();
  o.asymmetric_quantize_inputs = in.ConsumeBool();
  o.time_major = in.ConsumeBool();
  o.adj_x = in.ConsumeBool();
  o.adj_y = in.ConsumeBool();
  o.pot_scale_int16 = in.ConsumeBool();
  o.beta = in.ConsumeFloatingPoint<float>();
  if (in.ConsumeBool()) o.shared_name = in.ConsumeRandomLengthString(4);
  return o;
}

namespace {

TensorSpec Tensor(FuzzedDataProvider& in, size_t index) {
  static constexpr int8_t kTypes[] = {0, 1, 2, 3, 4, 6, 7, 9, 10, 13, 17, 18};
  TensorSpec t;
  t.name = "t" + std::to_string(index);
  t.shape.resize(in.ConsumeIntegralInRange<size_t>(0, 5));
  for (int32_t& d : t.shape) d = FuzzedDim(in);
  t.type = in.ConsumeBool() ? in.PickValueInArray(kTypes)
                            : in.ConsumeIntegralInRange<int8_t>(-2, 24);
  t.is_variable = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  if (in.ConsumeBool()) {
    t.data = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 16));
  }
  if (in.ConsumeBool()) {
    t.quantization.present = true;
    const size_t scales = in.ConsumeIntegralInRange<size_t>(0, 9);
    t.quantization.scale.assign(scales, 0.5f);
    const size_t zeros =
        in.ConsumeBool() ? scales : in.ConsumeIntegralInRange<size_t>(0, 9);
    t.quantization.zero_point.assign(zeros, 0);
    t.quantization.quantized_dimension = Field(in);
  }
  return t;
}

}  // namespace

std::vector<uint8_t> FuzzedFlexbufferMap(FuzzedDataProvider& in) {
  static constexpr const char* kKeys[] = {"T",
                                          "fft_length",
                                          "num_channels",
                                          "max_detections",
                                          "num_classes",
                                          "detections_per_class",
                                          "use_regular_nms",
                                          "a",
                                          "frame_size",
                                          "zzz"};
  flexbuffers::Builder b;
  const size_t map = b.StartMap();
  std::set<std::string> used;
  const int entries = in.ConsumeIntegralInRange<int>(0, 6);
  for (int k = 0; k < entries; ++k) {
    const std::string key = in.PickValueInArray(kKeys);
    if (!used.insert(key).second) continue;
    switch (in.ConsumeIntegralInRange<int>(0, 8)) {
      case 0:
        b.Int(key.c_str(), FlexInt(in));
        break;
      case 1:
        b.UInt(key.c_str(), static_cast<uint64_t>(FlexInt(in)));
        break;
      case 2:
        b.Double(key.c_str(), in.ConsumeFloatingPoint<double>());
        break;
      case 3:
        b.Float(key.c_str(), in.ConsumeFloatingPoint<float>());
        break;
      case 4:
        b.String(key.c_str(), in.ConsumeRandomLengthString(24).c_str());
        break;
      case 5:
        b.Bool(key.c_str(), in.ConsumeBool());
        break;
      case 6:
        b.Null(key.c_str());
        break;
      case 7: {
        const size_t v = b.StartVector(key.c_str());
        const int n = in.ConsumeIntegralInRange<int>(0, 5);
        for (int e = 0; e < n; ++e) b.Int(FlexInt(in));
        b.EndVector(v, in.ConsumeBool(), false);
        break;
      }
      default:
        b.Int(key.c_str(), in.ConsumeIntegralInRange<int64_t>(0, 4096));
        break;
    }
  }
  b.EndMap(map);
  b.Finish();
  return b.GetBuffer();
}

ModelSpec FuzzedKernelModel(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) return FuzzedTemplateModel(in);
  SubgraphSpec g;
  const size_t tensors = in.ConsumeIntegralInRange<size_t>(1, 26);
  for (size_t t = 0; t < tensors; ++t) g.tensors.push_back(Tensor(in, t));
  const int32_t last = static_cast<int32_t>(tensors) - 1;
  const auto index = [&] {
    return in.ConsumeIntegralInRange<int>(0, 9) == 0
               ? -1
               : in.ConsumeIntegralInRange<int32_t>(0, last);
  };
  std::vector<bool> produced(tensors, false);
  const int ops = in.ConsumeIntegralInRange<int>(1, 4);
  for (int i = 0; i < ops; ++i) {
    OpSpec op;
    if (in.ConsumeIntegralInRange<int>(0, 4) == 0) {
      op.code = op::kCustom;
      op.custom_code = kCustomCodes[in.ConsumeIntegralInRange<size_t>(
          0, kCustomCodeCount - 1)];
      if (in.ConsumeBool()) {
        op.custom_options = FuzzedFlexbufferMap(in);
      } else if (in.ConsumeBool()) {
        op.custom_options =
            in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 32));
      }
    } else {
      do {
        op.code = in.ConsumeIntegralInRange<int32_t>(0, 160);
      } while (op.code == op::kCustom || op.code == op::kIf ||
               op.code == op::kWhile || op.code == op::kCallOnce);
    }
    op.inputs.resize(in.ConsumeIntegralInRange<size_t>(0, 25));
    for (int32_t& t : op.inputs) t = index();
    op.outputs.resize(in.ConsumeIntegralInRange<size_t>(1, 2));
    for (int32_t& t : op.outputs) {
      t = in.ConsumeIntegralInRange<int32_t>(0, last);
      produced[t] = true;
    }
    if (in.ConsumeIntegralInRange<int>(0, 7) == 0) op.intermediates = {index()};
    if (op.intermediates.size() == 1 && op.intermediates[0] < 0) {
      op.intermediates.clear();
    }
    op.options = FuzzedOptions(in);
    g.ops.push_back(std::move(op));
  }
  for (int32_t t = 0; t <= last; ++t) {
    if (!produced[t] && g.tensors[t].data.empty()) g.inputs.push_back(t);
  }
  g.outputs = g.ops.back().outputs;
  return MakeModel({g});
}

}  // namespace arenaplan::fuzz
