// Solver progress on a terminal: "best B  bound L  S s" rewritten in place
// on stderr, only when stderr is a terminal and the solve has run for at
// least `after_seconds`; the line is cleared when the progress ends.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include "solve/solver.h"

namespace arenaplan::cli {

class TerminalProgress {
 public:
  explicit TerminalProgress(double after_seconds);
  // For tests: `out` stands for stderr and `terminal` for isatty's answer.
  TerminalProgress(double after_seconds, std::FILE* out, bool terminal);
  ~TerminalProgress();  // clears the line if one was printed
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  // The callback for SolveOptions::progress; empty when stderr is not a
  // terminal (nothing is printed then).
  std::function<void(const SolveProgress&)> Callback();

  // The text of one progress line (without the carriage return).
  static std::string Line(const SolveProgress& progress);

 private:
  double after_seconds_;
  std::FILE* out_;
  bool terminal_;
  bool printed_ = false;
};

}  // namespace arenaplan::cli
