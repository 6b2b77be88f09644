#include "device_log.h"

#include <stdarg.h>

#include "tensorflow/lite/micro/micro_log.h"

namespace device {
namespace {

void Formatv(char* out, int size, const char* format, va_list args) {
  int n = 0;
  auto put = [&](char c) {
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

}  // namespace

int printed_lines = 0;

void Format(char* out, int size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  Formatv(out, size, format, args);
  va_end(args);
}

}  // namespace device

void MicroPrintf(const char* format, ...) {
  char line[160];
  va_list args;
  va_start(args, format);
  device::Formatv(line, static_cast<int>(sizeof(line)) - 1, format, args);
  va_end(args);
  int end = 0;
  while (line[end] != '\0') ++end;
  line[end] = '\n';
  line[end + 1] = '\0';
  HostWrite("  MicroPrintf: ");
  HostWrite(line);
  ++device::printed_lines;
}
