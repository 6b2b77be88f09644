// Building the runtime for Cortex-M4 from the tests: running shell
// commands, finding the cross tools, the compiler flags the size bench
// and the firmware use, and plans of the models the runtime tests run.
#pragma once

#include <string>
#include <vector>

#include "plan/model_plan.h"

namespace arenaplan::testing {

// Runs `command` with sh; stdout and stderr go to `log`. The exit status.
int RunShell(const std::string& command, const std::string& log);

// True when `program` is on the PATH.
bool HaveProgram(const std::string& program);

// arm-none-eabi-g++ with the flags of the size bench: Cortex-M4, -Os,
// freestanding C++11, no exceptions or RTTI, one section per function.
std::string ArmCompiler();

// -I flags for the runtime and the TFLM stand-in headers.
std::string RuntimeIncludes();

// Plans `bytes` (2 s search limit); `scratch` rows (lower,upper,size) are
// appended to TFLM's tensor stream as a recording would.
ModelPlan PlanWithScratch(const std::vector<uint8_t>& bytes,
                          const std::string& label,
                          const std::vector<std::vector<int>>& scratch = {});

}  // namespace arenaplan::testing
