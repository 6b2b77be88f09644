// esp-nn 1.2.3's scratch-size functions (espressif/esp-nn d45b843c), the
// sizes esp-tflite-micro's kernels pass to RequestScratchBufferInArena.
// Which implementation a build calls is chosen in esp-nn's include/esp_nn.h
// by CONFIG_NN_OPTIMIZED and the IDF target:
//   esp-nn-ansi  esp_nn_ansi_c.h:      *_ansi, all 0
//   esp-nn       esp_nn_generic_opt.h: *_opt, softmax 4 x width, others 0
//   esp-nn-s3    esp_nn_esp32s3.h:     *_esp32s3 (below), softmax as _opt
#pragma once

#include <cstdint>
#include <optional>

namespace arenaplan {

// The esp-nn version every size here follows (sizes changed between
// versions: the 2023 copy HoGC bundles gives other S3 sizes).
inline constexpr const char* kEspNnVersion = "esp-nn 1.2.3 (d45b843c)";

// The fields of esp_nn_defs.h's data_dims_t / conv_params_t /
// dw_conv_params_t that the size functions read, as esp-tflite-micro's
// conv.cc / depthwise_conv.cc Prepare fill them: input and output
// width/height/channels from the tensors' dims (NHWC), filter width/height
// from the filter's dims, padding from TFLM's CalculateOpDataConv, stride
// from the options, ch_mult = the options' depth_multiplier.
struct EspNnConvArgs {
  int32_t input_w = 0, input_h = 0, input_c = 0;
  int32_t filter_w = 0, filter_h = 0;
  int32_t output_w = 0, output_h = 0, output_c = 0;
  int32_t pad_w = 0, pad_h = 0;
  int32_t stride_w = 0, stride_h = 0;
  int32_t ch_mult = 0;  // depthwise only
};

// esp_nn_get_conv_scratch_size_esp32s3 (src/convolution/
// esp_nn_conv_esp32s3.c): the function's int result (the kernel requests
// it when > 0). The dims are read as uint16_t, as the C code does. nullopt
// when the C code's int arithmetic would overflow (no such model runs).
std::optional<int64_t> EspNnS3ConvScratchSize(const EspNnConvArgs& a);

// esp_nn_get_depthwise_conv_scratch_size_esp32s3 (src/convolution/
// esp_nn_depthwise_conv_s8_esp32s3.c), likewise.
std::optional<int64_t> EspNnS3DepthwiseScratchSize(const EspNnConvArgs& a);

// esp_nn_get_softmax_scratch_size_opt (src/softmax/esp_nn_softmax_opt.c)
// and _esp32s3 (src/softmax/esp_nn_softmax_s8_esp32s3.c): 4 x width;
// height is ignored. nullopt on int overflow.
std::optional<int64_t> EspNnSoftmaxScratchSize(int32_t width);

}  // namespace arenaplan
