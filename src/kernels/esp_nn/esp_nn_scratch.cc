// Written from reading esp-tflite-micro 99f49e14
// (tensorflow/lite/micro/kernels/esp_nn/*.cc) and esp-nn d45b843c; no
// source is copied. Checked against ../shared/corpus/tflm-traces-esp-nn/.
#include "kernels/esp_nn/esp_nn_scratch.h"

#include "kernels/conv_padding.h"
#include "kernels/esp_nn/esp_nn_sizes.h"
#include "kernels/reference/reference_scratch.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

constexpr int8_t kInt8 = 9;   // TensorType INT8
constexpr int8_t kInt4 = 17;  // TensorType INT4
constexpr int32_t kAveragePool2d = 1;
constexpr int32_t kMaxPool2d = 17;
constexpr int32_t kSoftmax = 25;

using Requests = std::vector<int64_t>;

struct Request {
  Requests* sizes;
  std::vector<std::string>* why;
  void Add(int64_t bytes, const char* reason) const {
    sizes->push_back(bytes);
    if (why) why->push_back(reason);
  }
};

bool Rank4(const OpView& v, int32_t t) {
  return t >= 0 && v.dims(t).size() == 4;
}

// Upstream's int4 filter unpacking, kept by the fork's conv.cc,
// depthwise_conv.cc and fully_connected.cc Prepare: a scratch of the
// filter's element count (RuntimeShape(filter->dims).FlatSize()).
void Int4Filter(const OpView& v, const Request& r) {
  const int32_t filter = v.input(1);
  if (filter >= 0 && v.tensor(filter).type == kInt4) {
    r.Add(ElementCount(v.dims(filter)), "unpacks its int4 filter");
  }
}

// esp_nn conv.cc / depthwise_conv.cc Prepare, ESP_NN part: for int8 input,
// the data_dims_t / conv_params_t of the op (padding from TFLM's
// CalculateOpDataConv / CalculateOpDataDepthwiseConv, dilation passed as 0)
// go to esp_nn_get_(depthwise_)conv_scratch_size; a result > 0 is
// requested. Only the S3 functions return anything but 0.
std::optional<Requests> ConvLike(const OpView& v, const KernelOptions& o,
                                 bool depthwise,
                                 std::vector<std::string>* why) {
  const int32_t input = v.input(0), filter = v.input(1), output = v.output(0);
  if (!Rank4(v, input) || !Rank4(v, filter) || !Rank4(v, output)) {
    return std::nullopt;  // Prepare fails or reads past dims
  }
  Requests sizes;
  const Request r{&sizes, why};
  Int4Filter(v, r);
  if (v.tensor(input).type != kInt8 || o.library != KernelLibrary::kEspNnS3) {
    return sizes;  // *_ansi and *_opt conv and depthwise sizes are 0
  }
  const OpOptions& p = v.op().options;
  const auto& in = v.dims(input);
  const auto& f = v.dims(filter);
  const auto& out = v.dims(output);
  const auto pad =
      ComputeConvPadding(p.padding, p.stride_w, p.stride_h, p.dilation_w,
                         p.dilation_h, in[2], in[1], f[2], f[1]);
  if (!pad) return std::nullopt;
  EspNnConvArgs a;
  a.input_w = in[2];
  a.input_h = in[1];
  a.input_c = in[3];
  a.filter_w = f[2];
  a.filter_h = f[1];
  a.output_w = out[2];
  a.output_h = out[1];
  a.output_c = out[3];
  a.pad_w = pad->width;
  a.pad_h = pad->height;
  a.stride_w = p.stride_w;
  a.stride_h = p.stride_h;
  a.ch_mult = p.depth_multiplier;
  const auto bytes =
      depthwise ? EspNnS3DepthwiseScratchSize(a) : EspNnS3ConvScratchSize(a);
  if (!bytes) return std::nullopt;
  if (*bytes > 0) {
    r.Add(*bytes, depthwise ? "ESP-NN S3 depthwise scratch "
                              "(esp_nn_get_depthwise_conv_scratch_size_esp32s3)"
                            : "ESP-NN S3 conv scratch "
                              "(esp_nn_get_conv_scratch_size_esp32s3)");
  }
  return sizes;
}

// esp_nn softmax.cc Prepare: for int8 input and output,
// esp_nn_get_softmax_scratch_size(width = dims[1], height = dims[2]); the
// _opt and _esp32s3 functions give 4 x width, _ansi 0.
std::optional<Requests> Softmax(const OpView& v, const KernelOptions& o,
                                std::vector<std::string>* why) {
  const int32_t input = v.input(0), output = v.output(0);
  if (input < 0 || output < 0) return std::nullopt;
  Requests sizes;
  if (v.tensor(input).type != kInt8 || v.tensor(output).type != kInt8 ||
      o.library == KernelLibrary::kEspNnAnsi) {
    return sizes;
  }
  // A rank-1 input: the kernel reads dims->data[1] past the dims.
  if (v.dims(input).size() < 2) return std::nullopt;
  const auto bytes = EspNnSoftmaxScratchSize(v.dims(input)[1]);
  if (!bytes) return std::nullopt;
  if (*bytes > 0) {
    Request{&sizes, why}.Add(*bytes,
                             "ESP-NN softmax scratch, 4 x dims[1] "
                             "(esp_nn_get_softmax_scratch_size)");
  }
  return sizes;
}

}  // namespace

const char* EspNnLibrarySource() {
  return "esp-tflite-micro 99f49e14, esp-nn 1.2.3";
}

std::optional<std::vector<int64_t>> EspNnScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why) {
  switch (op.op().kernel_code) {
    case op::kConv2d:
      return ConvLike(op, options, /*depthwise=*/false, why);
    case op::kDepthwiseConv2d:
      return ConvLike(op, options, /*depthwise=*/true, why);
    case kSoftmax:
      return Softmax(op, options, why);
    case op::kFullyConnected: {
      // fully_connected.cc: upstream's int4 request only.
      Requests sizes;
      Int4Filter(op, Request{&sizes, why});
      return sizes;
    }
    case op::kAdd:  // add.cc, mul.cc, pooling.cc: no scratch
    case op::kMul:
    case kAveragePool2d:
    case kMaxPool2d:
      return Requests{};
    default: {
      // The fork's copy of the upstream reference kernel.
      KernelOptions reference = options;
      reference.library = KernelLibrary::kReference;
      return ReferenceScratch(op, reference, why);
    }
  }
}

}  // namespace arenaplan
