#include "kernels/reference/reference_rules.h"

#include <algorithm>

#include "problem/error.h"

namespace arenaplan {

namespace {

using namespace tflite_type;  // NOLINT(build/namespaces)

// sizeof(int), sizeof(int32_t), sizeof(float) on every TFLM target.
constexpr int64_t kInt = 4;
// sizeof(T*) on the 32-bit targets (Cortex-M, ESP32, RISC-V 32).
constexpr int64_t kPointer = 4;

}  // namespace

void ReferenceInt4FilterRule(const OpView& op, const KernelOptions&,
                             ScratchRequests& out) {
  const int32_t filter = RequiredInput(op, 1, "filter");
  if (TypeOf(op, filter) == kInt4) {
    out.Add(FlatSize(op, filter), "int4 filter unpacked to int8");
  }
}

void TransposeConvBias16(const OpView& op, ScratchRequests& out) {
  const int32_t input = RequiredInput(op, 2, "TRANSPOSE_CONV");
  const int32_t bias = OptionalInput(op, 3);
  if (TypeOf(op, input) == kInt16 && TypeOf(op, bias) == kInt16) {
    out.Add(FlatSize(op, bias) * 8, "int16 bias widened to int64");
  }
}

void ReferenceTransposeConvRule(const OpView& op, const KernelOptions&,
                                ScratchRequests& out) {
  const int32_t output = RequiredOutput(op, 0, "TRANSPOSE_CONV");
  const int8_t type = TypeOf(op, RequiredInput(op, 2, "TRANSPOSE_CONV"));
  if (type == kInt8) {
    out.Add(FlatSize(op, output) * 4, "int32 accumulators");
  } else if (type == kInt16) {
    out.Add(FlatSize(op, output) * 8, "int64 accumulators");
  }
  TransposeConvBias16(op, out);
}

void ReferenceMeanOrSumRule(const OpView& op, const KernelOptions&,
                            ScratchRequests& out) {
  const int32_t input = RequiredInput(op, 0, "reduce");
  const int32_t axis = RequiredInput(op, 1, "reduce");
  const int8_t type = TypeOf(op, input);
  if (type == kInt8 || type == kInt16) {
    out.Add(FlatSize(op, RequiredOutput(op, 0, "reduce")) * 4,
            "int32 accumulators");
  }
  out.Add(Rank(op, input) * kInt, "input iterator");
  out.Add(FlatSize(op, axis) * kInt, "resolved axes");
}

void ReferenceMinMaxAllRule(const OpView& op, const KernelOptions&,
                            ScratchRequests& out) {
  const int32_t input = RequiredInput(op, 0, "reduce");
  const int32_t axis = RequiredInput(op, 1, "reduce");
  out.Add(Rank(op, input) * kInt, "input iterator");
  out.Add(FlatSize(op, axis) * kInt, "resolved axes");
}

SvdfSizes SvdfSizesOf(const OpView& op) {
  const int32_t input = RequiredInput(op, 0, "SVDF");
  const int32_t weights_feature = RequiredInput(op, 1, "SVDF");
  SvdfSizes s;
  s.batch = Dim(op, input, 0, "SVDF");
  s.num_filters = Dim(op, weights_feature, 0, "SVDF");
  const int32_t rank = op.op().options.rank;
  if (rank <= 0 || s.num_filters % rank != 0) {
    throw Error("SVDF rank " + std::to_string(rank) + " does not divide its " +
                std::to_string(s.num_filters) +
                " filters; TFLM's Prepare rejects it");
  }
  s.num_units = s.num_filters / rank;
  return s;
}

void ReferenceSvdfRule(const OpView& op, const KernelOptions&,
                       ScratchRequests& out) {
  const SvdfSizes s = SvdfSizesOf(op);
  out.Add(CheckedMul({s.batch, s.num_filters, 4}), "SVDF state product");
  if (TypeOf(op, RequiredInput(op, 0, "SVDF")) == kInt8) {
    out.Add(CheckedMul({s.batch, s.num_units, 4}), "SVDF int32 output");
  }
}

void ReferenceAddNRule(const OpView& op, const KernelOptions&,
                       ScratchRequests& out) {
  const int8_t type = TypeOf(op, RequiredOutput(op, 0, "ADD_N"));
  if (type == kFloat32 || type == kInt8) {
    out.Add(static_cast<int64_t>(op.op().inputs.size()) * kPointer,
            "input data pointers");
  }
}

void ReferenceMirrorPadRule(const OpView& op, const KernelOptions&,
                            ScratchRequests& out) {
  const int rank = Rank(op, RequiredInput(op, 0, "MIRROR_PAD"));
  out.Add(rank * kInt, "output dims element counts");
  out.Add(rank * kInt, "input dims element counts");
}

int64_t LstmBufferBytes(const OpView& op) {
  const char* what = "UNIDIRECTIONAL_SEQUENCE_LSTM";
  const int32_t input = RequiredInput(op, 0, what);
  const int32_t hidden = RequiredInput(op, 18, what);
  const int32_t cell = RequiredInput(op, 19, what);
  const int64_t batch =
      Dim(op, input, op.op().options.time_major ? 1 : 0, what);
  const int64_t state = Dim(op, hidden, 1, what);
  const int8_t cell_type = TypeOf(op, cell);
  if (cell_type != kFloat32 && cell_type != kInt16) {
    throw Error("cell state type " + TensorTypeName(cell_type) +
                "; TFLM's LSTM supports float32 and int16 only");
  }
  return CheckedMul({batch, state, TfLiteTypeSize(cell_type)});
}

void ReferenceLstmRule(const OpView& op, const KernelOptions&,
                       ScratchRequests& out) {
  const int64_t bytes = LstmBufferBytes(op);
  for (int i = 0; i < 4; ++i) out.Add(bytes, "LSTM gate buffer");
}

void ReferenceDetectionPostProcessRule(const OpView& op, const KernelOptions&,
                                       ScratchRequests& out) {
  const FlexMap options(op.op().custom_options);
  if (!options.valid()) {
    out.Unknown(
        "its custom options (max_detections, num_classes) are missing or "
        "not a flexbuffer map");
    return;
  }
  // Init reads these with AsInt32(): an absent key reads as 0.
  const int64_t max_detections = options.Int("max_detections").value_or(0);
  const int64_t num_classes = options.Int("num_classes").value_or(0);
  // Prepare's sizes are int products passed as size_t: a negative count
  // becomes a request no arena holds (the caller refuses negative bytes).
  const char* what = "TFLite_Detection_PostProcess";
  const int32_t boxes = RequiredInput(op, 0, what);
  const int32_t scores = RequiredInput(op, 1, what);
  const int64_t num_boxes = Dim(op, boxes, 1, what);
  constexpr int64_t kNumCoordBox = 4;
  out.Add(num_boxes, "active candidates");
  out.Add(num_boxes * kNumCoordBox * 4, "decoded boxes");
  out.Add(CheckedMul({Dim(op, scores, 1, what), Dim(op, scores, 2, what), 4}),
          "scores");
  out.Add(num_boxes * 4, "score buffer");
  out.Add(num_boxes * 4, "kept scores");
  out.Add(CheckedMul({max_detections, num_boxes, 4}), "scores after NMS");
  out.Add(CheckedMul({max_detections, num_boxes, 4}), "sorted values");
  out.Add(num_boxes * kInt, "kept indices");
  out.Add(CheckedMul({max_detections, num_boxes, kInt}), "sorted indices");
  out.Add(CheckedMul({std::max(num_classes, max_detections), num_boxes, kInt}),
          "buffer");
  out.Add(CheckedMul({std::min(num_boxes, max_detections), num_boxes, kInt}),
          "selected");
}

void ReferenceRfftRule(const OpView& op, const KernelOptions&,
                       ScratchRequests& out) {
  const FlexMap options(op.op().custom_options);
  const std::optional<int32_t> type = options.Int("T");
  const std::optional<int32_t> fft_length = options.IntAt(1);
  if (!type || !fft_length) {
    out.Unknown(
        "its custom options (T, fft_length) are missing or not a flexbuffer "
        "map");
    return;
  }
  int64_t element = 0;
  if (*type == kInt16) element = 2;
  if (*type == kInt32 || *type == kFloat32) element = 4;
  if (element == 0) {
    throw Error("SignalRfft type " + std::to_string(*type) +
                "; TFLM's RFFT supports int16, int32 and float32 only");
  }
  // fft_length is an int32 in TFLM (ElementAsInt32).
  out.Add(int64_t{*fft_length} * element, "FFT work area");
}

}  // namespace arenaplan
