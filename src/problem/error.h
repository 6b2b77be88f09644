// One exception type for every user-facing failure. The CLI prints `what()`
// as a single line and exits with `exit_code()`; codes are documented in
// README.md ("Exit codes").
#pragma once

#include <stdexcept>
#include <string>

namespace arenaplan {

enum class ExitCode : int {
  kOk = 0,
  kInternal = 1,
  kUsage = 2,
  kInvalidInput = 3,   // malformed model, CSV or recording
  kInfeasible = 4,     // constraints that no plan can meet
  kIo = 5,             // cannot read or write a file
  kInterrupted = 130,  // SIGINT
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message,
                 ExitCode code = ExitCode::kInvalidInput)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }
  int exit_code() const { return static_cast<int>(code_); }

 private:
  ExitCode code_;
};

}  // namespace arenaplan
