// The formatting behind this example's MicroPrintf (micro_log.cc), also used
// by the Cortex-M4 runtime tests (tests/runtime/cortex_m4/device_log.cc):
// %d, %u, %x and %s, the subset of TFLM's MicroPrintf (micro_log.cc,
// MicroVsnprintf) that the runtime's messages use. Any other character after
// '%' is written as is and takes no argument. No C library needed.
#ifndef ARENAPLAN_EXAMPLES_FIRMWARE_MICRO_FORMAT_H_
#define ARENAPLAN_EXAMPLES_FIRMWARE_MICRO_FORMAT_H_

#include <stdarg.h>

// Formats `format` with `args` into `out` (`size` bytes, size >= 1): at most
// size - 1 characters, always terminated; what does not fit is dropped.
inline void MicroFormat(char* out, int size, const char* format, va_list args) {
  int n = 0;
  const auto put = [&](char c) {
    if (n + 1 < size) out[n++] = c;
  };
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
    if (spec != 'd' && spec != 'u' && spec != 'x') {
      put(spec);
      continue;
    }
    const int value = va_arg(args, int);
    const unsigned base = spec == 'x' ? 16 : 10;
    unsigned magnitude = static_cast<unsigned>(value);
    if (spec == 'd' && value < 0) {
      put('-');
      magnitude = 0u - magnitude;
    }
    char digits[12];
    int count = 0;
    do {
      digits[count++] = "0123456789abcdef"[magnitude % base];
      magnitude /= base;
    } while (magnitude != 0);
    while (count > 0) put(digits[--count]);
  }
  out[n] = '\0';
}

#endif  // ARENAPLAN_EXAMPLES_FIRMWARE_MICRO_FORMAT_H_
