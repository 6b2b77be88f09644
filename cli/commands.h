// The CLI's subcommands. Each Add*Command registers its options and a
// callback that does the work through the library; errors are thrown as
// arenaplan::Error and turned into one line and an exit code by main.cc.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>

namespace arenaplan::cli {

// Set by the SIGINT handler; long solves poll it.
extern std::atomic<bool> g_interrupted;

void AddBuffersCommand(CLI::App& app);
void AddPlanCommand(CLI::App& app);
void AddExampleCommand(CLI::App& app);
void AddSolveCommand(CLI::App& app);

}  // namespace arenaplan::cli
