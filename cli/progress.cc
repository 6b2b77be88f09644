#include "cli/progress.h"

#include <unistd.h>

namespace arenaplan::cli {

TerminalProgress::TerminalProgress(double after_seconds)
    : TerminalProgress(after_seconds, stderr, isatty(STDERR_FILENO) == 1) {}

TerminalProgress::TerminalProgress(double after_seconds, std::FILE* out,
                                   bool terminal)
    : after_seconds_(after_seconds), out_(out), terminal_(terminal) {}

TerminalProgress::~TerminalProgress() {
  if (printed_) std::fprintf(out_, "\r%60s\r", "");
}

std::string TerminalProgress::Line(const SolveProgress& p) {
  char text[96];
  std::snprintf(text, sizeof(text), "best %lld  bound %lld  %.1f s   ",
                static_cast<long long>(p.best_height),
                static_cast<long long>(p.lower_bound), p.elapsed_seconds);
  return text;
}

std::function<void(const SolveProgress&)> TerminalProgress::Callback() {
  if (!terminal_) return {};
  return [this](const SolveProgress& p) {
    if (p.elapsed_seconds < after_seconds_) return;
    std::fprintf(out_, "\r%s", Line(p).c_str());
    std::fflush(out_);
    printed_ = true;
  };
}

}  // namespace arenaplan::cli
