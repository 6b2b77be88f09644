// Stand-in for TFLM's tensorflow/lite/c/common.h (only TfLiteStatus),
// written from docs/tflm-facts.md so the runtime compiles and is tested
// without TFLM. Not TFLM code.
#ifndef ARENAPLAN_STAND_IN_TFLITE_C_COMMON_H_
#define ARENAPLAN_STAND_IN_TFLITE_C_COMMON_H_

typedef enum TfLiteStatus {
  kTfLiteOk = 0,
  kTfLiteError = 1,
} TfLiteStatus;

#endif  // ARENAPLAN_STAND_IN_TFLITE_C_COMMON_H_
