// TFLM's MicroPrintf for this example: %d, %u, %x and %s, written to the
// host's stdout (host build) or through Arm semihosting (bare metal; see
// startup.c). A real firmware links TFLM's own micro_log.cc instead.
#include "tensorflow/lite/micro/micro_log.h"

#include <stdarg.h>

#ifdef FIRMWARE_BARE_METAL
extern "C" void HostWrite(const char* text);
#else
#include <stdio.h>
static void HostWrite(const char* text) { fputs(text, stdout); }
#endif

void MicroPrintf(const char* format, ...) {
  char out[256];
  int n = 0;
  const auto put = [&](char c) {
    if (n + 1 < static_cast<int>(sizeof(out))) out[n++] = c;
  };
  va_list args;
  va_start(args, format);
  for (const char* p = format; *p != '\0'; ++p) {
    if (*p != '%' || p[1] == '\0') {
      put(*p);
      continue;
    }
    const char spec = *++p;
    if (spec == 's') {
      for (const char* s = va_arg(args, const char*); *s != '\0'; ++s) put(*s);
      continue;
    }
    const unsigned base = spec == 'x' ? 16 : 10;
    unsigned value = va_arg(args, unsigned);
    if (spec == 'd' && static_cast<int>(value) < 0) {
      put('-');
      value = 0u - value;
    }
    char digits[12];
    int count = 0;
    do {
      digits[count++] = "0123456789abcdef"[value % base];
      value /= base;
    } while (value != 0);
    while (count > 0) put(digits[--count]);
  }
  va_end(args);
  out[n] = '\0';
  HostWrite(out);
}
