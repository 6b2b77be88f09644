// TFLM's MicroPrintf for this example (micro_format.h: %d, %u, %x and %s),
// written to the host's stdout (host build) or through Arm semihosting (bare
// metal; see startup.c). A real firmware links TFLM's own micro_log.cc
// instead.
#include "tensorflow/lite/micro/micro_log.h"

#include <stdarg.h>

#include "micro_format.h"

#ifdef FIRMWARE_BARE_METAL
extern "C" void HostWrite(const char* text);
#else
#include <stdio.h>
static void HostWrite(const char* text) { fputs(text, stdout); }
#endif

void MicroPrintf(const char* format, ...) {
  char out[256];
  va_list args;
  va_start(args, format);
  MicroFormat(out, static_cast<int>(sizeof(out)), format, args);
  va_end(args);
  HostWrite(out);
}
