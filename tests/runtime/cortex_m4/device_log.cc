#include "device_log.h"

#include <stdarg.h>

#include "micro_format.h"  // examples/firmware/
#include "tensorflow/lite/micro/micro_log.h"

namespace device {

int printed_lines = 0;

void Format(char* out, int size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  MicroFormat(out, size, format, args);
  va_end(args);
}

}  // namespace device

void MicroPrintf(const char* format, ...) {
  char line[160];
  va_list args;
  va_start(args, format);
  MicroFormat(line, static_cast<int>(sizeof(line)) - 1, format, args);
  va_end(args);
  int end = 0;
  while (line[end] != '\0') ++end;
  line[end] = '\n';
  line[end + 1] = '\0';
  HostWrite("  MicroPrintf: ");
  HostWrite(line);
  ++device::printed_lines;
}
