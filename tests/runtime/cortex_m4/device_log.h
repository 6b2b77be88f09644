// Output of the Cortex-M4 test program: semihosting writes (the example
// firmware's startup.c) and the MicroPrintf the runtime calls, which prints
// one line and counts it (formatting: examples/firmware/micro_format.h).
#ifndef ARENAPLAN_TESTS_CORTEX_M4_DEVICE_LOG_H_
#define ARENAPLAN_TESTS_CORTEX_M4_DEVICE_LOG_H_

extern "C" void HostWrite(const char* text);

namespace device {

// MicroPrintf lines printed so far.
extern int printed_lines;

// Formats `format` with %d, %u, %x and %s into `out` (always terminated).
void Format(char* out, int size, const char* format, ...);

}  // namespace device

#endif  // ARENAPLAN_TESTS_CORTEX_M4_DEVICE_LOG_H_
