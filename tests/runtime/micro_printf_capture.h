// The tests' MicroPrintf (declared by the stand-in micro_log.h): each call
// is one line, kept for inspection.
#pragma once

#include <string>
#include <vector>

namespace arenaplan::testing {

std::vector<std::string>& PrintedLines();

// All lines joined with '\n'.
std::string PrintedText();

}  // namespace arenaplan::testing
