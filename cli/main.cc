// arenaplan: an offline memory planner for TensorFlow Lite Micro.
// This file only wires the subcommands and turns errors into one line on
// stderr and a documented exit code (README.md, "Exit codes").
#include <csignal>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "emit/atomic_file.h"
#include "problem/error.h"

namespace arenaplan::cli {
std::atomic<bool> g_interrupted{false};
}  // namespace arenaplan::cli

namespace {

void OnInterrupt(int) {
  // The first Ctrl-C lets the solver stop cleanly (the command then writes
  // nothing and exits 130); a second one ends the process at once.
  if (arenaplan::cli::g_interrupted.exchange(true)) {
    arenaplan::RemovePendingTemporaryFiles();
    std::_Exit(static_cast<int>(arenaplan::ExitCode::kInterrupted));
  }
}

// Messages quote names from untrusted files (tensor names, custom op
// codes); control characters in them must not split the one error line.
std::string OneLine(const char* message) {
  std::string line = message;
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  using arenaplan::ExitCode;
  std::signal(SIGINT, OnInterrupt);
  CLI::App app{"arenaplan: offline memory planner for TensorFlow Lite Micro"};
  app.set_version_flag("--version", ARENAPLAN_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Start with `arenaplan plan --example`, then `arenaplan plan "
      "MODEL.tflite --report r.json --html arena.html`.\n"
      "Getting a plan onto the device (C++ header or offline-plan .tflite), "
      "and the arena size to declare: docs/integration.md.\n"
      "`arenaplan COMMAND --help` shows each command's options.");
  arenaplan::cli::AddBuffersCommand(app);
  arenaplan::cli::AddPlanCommand(app);
  arenaplan::cli::AddExampleCommand(app);
  arenaplan::cli::AddSolveCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "arenaplan: " << OneLine(e.what()) << "\n";
    return static_cast<int>(ExitCode::kUsage);
  } catch (const arenaplan::Error& e) {
    std::cerr << "arenaplan: " << OneLine(e.what()) << "\n";
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    std::cerr << "arenaplan: out of memory\n";
    return static_cast<int>(ExitCode::kInternal);
  } catch (const std::exception& e) {
    std::cerr << "arenaplan: internal error: " << OneLine(e.what()) << "\n";
    return static_cast<int>(ExitCode::kInternal);
  }
  if (arenaplan::cli::g_interrupted) {
    return static_cast<int>(ExitCode::kInterrupted);
  }
  return 0;
}
