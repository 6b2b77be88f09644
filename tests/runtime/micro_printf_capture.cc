#include "micro_printf_capture.h"

#include <cstdarg>
#include <cstdio>

#include "tensorflow/lite/micro/micro_log.h"

namespace arenaplan::testing {

std::vector<std::string>& PrintedLines() {
  static std::vector<std::string> lines;
  return lines;
}

std::string PrintedText() {
  std::string text;
  for (const std::string& line : PrintedLines()) text += line + "\n";
  return text;
}

}  // namespace arenaplan::testing

void MicroPrintf(const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof(line), format, args);
  va_end(args);
  arenaplan::testing::PrintedLines().push_back(line);
}
