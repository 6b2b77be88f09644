// Written from reading esp-tflite-micro 99f49e14
// (tensorflow/lite/micro/kernels/esp_nn/*.cc) and esp-nn d45b843c; no
// source is copied. Checked against ../shared/corpus/tflm-traces-esp-nn/.
#include "kernels/esp_nn/esp_nn_scratch.h"

#include "kernels/esp_nn/esp_nn_sizes.h"
#include "kernels/prepare_support.h"
#include "kernels/reference/reference_rules.h"
#include "kernels/reference/reference_scratch.h"
#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

using namespace tflite_type;  // NOLINT(build/namespaces)

constexpr int32_t kAveragePool2d = 1;
constexpr int32_t kMaxPool2d = 17;
constexpr int32_t kSoftmax = 25;

// esp_nn conv.cc / depthwise_conv.cc Prepare. First upstream's int4 filter
// unpacking, which the fork keeps (FlatSize(filter)); then, for int8 input,
// the op's data_dims_t / conv_params_t (padding from TFLM's
// CalculateOpDataConv / CalculateOpDataDepthwiseConv, dilation passed as 0)
// go to esp_nn_get_(depthwise_)conv_scratch_size and a result > 0 is
// requested. Only the S3 functions return anything but 0.
void ConvLike(const OpView& op, const KernelOptions& options, bool depthwise,
              ScratchRequests& out) {
  const char* what = depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D";
  const int32_t input = RequiredInput(op, 0, what);
  const int32_t filter = RequiredInput(op, 1, what);
  const int32_t output = RequiredOutput(op, 0, what);
  ReferenceInt4FilterRule(op, options, out);
  if (TypeOf(op, input) != kInt8 ||
      options.library != KernelLibrary::kEspNnS3) {
    return;  // the *_ansi and *_opt conv and depthwise sizes are 0
  }
  const OpOptions& o = op.op().options;
  if ((o.padding != 0 && o.padding != 1) || o.stride_w <= 0 ||
      o.stride_h <= 0 || o.dilation_w <= 0 || o.dilation_h <= 0) {
    out.Unknown(
        "padding, stride or dilation out of range: the ESP-NN size "
        "would use the fork's unchecked padding arithmetic");
    return;
  }
  EspNnConvArgs a;
  a.input_h = Dim(op, input, 1, what);
  a.input_w = Dim(op, input, 2, what);
  a.input_c = Dim(op, input, 3, what);
  a.filter_h = Dim(op, filter, 1, what);
  a.filter_w = Dim(op, filter, 2, what);
  a.output_h = Dim(op, output, 1, what);
  a.output_w = Dim(op, output, 2, what);
  a.output_c = Dim(op, output, 3, what);
  const PaddingValues pad = ComputePaddingHeightWidth(
      o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, a.input_h, a.input_w,
      a.filter_h, a.filter_w, o.padding);
  a.pad_w = pad.width;
  a.pad_h = pad.height;
  a.stride_w = o.stride_w;
  a.stride_h = o.stride_h;
  a.ch_mult = o.depth_multiplier;
  const auto bytes =
      depthwise ? EspNnS3DepthwiseScratchSize(a) : EspNnS3ConvScratchSize(a);
  if (!bytes) {
    out.Unknown("the ESP-NN S3 size overflows esp-nn's int arithmetic");
  } else if (*bytes > 0) {
    out.Add(*bytes, depthwise
                        ? "ESP-NN S3 depthwise scratch "
                          "(esp_nn_get_depthwise_conv_scratch_size_esp32s3)"
                        : "ESP-NN S3 conv scratch "
                          "(esp_nn_get_conv_scratch_size_esp32s3)");
  }
}

// esp_nn softmax.cc Prepare: for int8 input and output,
// esp_nn_get_softmax_scratch_size(width = dims[1], height = dims[2]); the
// _opt and _esp32s3 functions give 4 x width, _ansi 0. (A rank-2 input has
// no dims[2]; the kernel reads past its dims there, but no size function
// uses the height.)
void Softmax(const OpView& op, const KernelOptions& options,
             ScratchRequests& out) {
  const int32_t input = RequiredInput(op, 0, "SOFTMAX");
  const int32_t output = RequiredOutput(op, 0, "SOFTMAX");
  if (TypeOf(op, input) != kInt8 || TypeOf(op, output) != kInt8) return;
  const int32_t width = Dim(op, input, 1, "SOFTMAX");
  if (options.library == KernelLibrary::kEspNnAnsi) return;
  const auto bytes = EspNnSoftmaxScratchSize(width);
  if (!bytes) {
    out.Unknown("the ESP-NN softmax size overflows esp-nn's int arithmetic");
  } else if (*bytes > 0) {
    out.Add(*bytes,
            "ESP-NN softmax scratch, 4 x dims[1] "
            "(esp_nn_get_softmax_scratch_size)");
  }
}

}  // namespace

const char* EspNnLibrarySource() {
  return "esp-tflite-micro 99f49e14, esp-nn 1.2.3";
}

std::optional<std::vector<int64_t>> EspNnScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why) {
  ScratchRequests out;
  switch (op.op().kernel_code) {
    case op::kConv2d:
      ConvLike(op, options, /*depthwise=*/false, out);
      break;
    case op::kDepthwiseConv2d:
      ConvLike(op, options, /*depthwise=*/true, out);
      break;
    case kSoftmax:
      Softmax(op, options, out);
      break;
    case op::kFullyConnected:
      // fully_connected.cc FullyConnectedPrepare: upstream's int4 request.
      ReferenceInt4FilterRule(op, options, out);
      break;
    case op::kAdd:  // add.cc, mul.cc, pooling.cc: no scratch
    case op::kMul:
    case kAveragePool2d:
    case kMaxPool2d:
      break;
    default: {
      // The fork's copy of the upstream reference kernel.
      KernelOptions reference = options;
      reference.library = KernelLibrary::kReference;
      return ReferenceScratch(op, reference, why);
    }
  }
  return out.Result(why);
}

}  // namespace arenaplan
