// Stand-in for TFLM's micro_log.h: MicroPrintf prints one line (TFLM
// appends "\r\n" itself). The test build defines it to capture output.
#ifndef ARENAPLAN_STAND_IN_MICRO_LOG_H_
#define ARENAPLAN_STAND_IN_MICRO_LOG_H_

void MicroPrintf(const char* format, ...);

#endif  // ARENAPLAN_STAND_IN_MICRO_LOG_H_
